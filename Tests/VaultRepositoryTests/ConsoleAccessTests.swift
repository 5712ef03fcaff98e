import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

/// The access patterns the console reads by: activity summaries, payments filtered by status and
/// paged per statement, users, certificates expiring in a window, statement detail, and the item
/// inspector.
@Suite("Console access patterns")
struct ConsoleAccessTests {
    let admin = AccessScope.admin("admin@vaultdesk")

    @Test("Activity summaries count what recordPayment and issue add, and stay in scope")
    func activity() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        try await repository.save(fixture.tenant("zeta"))
        try await repository.issue(fixture.statement("acme", 1), scope: admin)
        try await repository.issue(fixture.statement("acme", 2), scope: admin)
        for number in 1...3 {
            _ = try await repository.recordPayment(
                fixture.payment("acme", statement: "st-acme-1", number, at: RepositoryFixture.instant(hours: number)),
                scope: admin)
        }
        // A redelivery records nothing and counts nothing.
        _ = try await repository.recordPayment(
            fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1)), scope: admin)
        let summaries = try await repository.activity(of: ["acme", "zeta", "acme"], scope: admin)
        #expect(summaries["acme"]?.statements == 2)
        #expect(summaries["acme"]?.payments == 3)
        #expect(summaries["zeta"] == nil, "no activity yet")
        let support = AccessScope.support("support@vaultdesk", tenants: ["zeta"])
        #expect(try await repository.activity(of: ["acme"], scope: support).isEmpty)
    }

    @Test("The demo seed's summaries match the data")
    func seededActivity() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        _ = try await repository.seedDemo(scale: .small, seed: 3, asOf: "2026-11-21")
        let tenants = try await repository.allTenants(scope: admin)
        let summaries = try await repository.activity(of: tenants.map(\.id), scope: admin)
        #expect(summaries.count == tenants.count)
        let tenant = try #require(tenants.first)
        var payments = 0
        var cursor: Cursor?
        repeat {
            let page = try await repository.payments(
                tenantId: tenant.id, from: "0000", to: "9999", scope: admin, limit: 1000, after: cursor)
            payments += page.items.count
            cursor = page.next
        } while cursor != nil
        #expect(summaries[tenant.id]?.payments == payments)
        #expect(summaries[tenant.id]?.lastActivityAt.isEmpty == false)
    }

    @Test(
        "Payments filtered by status page exactly, both per tenant and per statement, even when most items are filtered out"
    )
    func filteredPaging() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        try await repository.save(fixture.statement("acme", 1))
        var expected: [String] = []
        for number in 1...120 {
            var payment = fixture.payment(
                "acme", statement: "st-acme-1", number, at: RepositoryFixture.instant(hours: number))
            payment.status = number % 17 == 0 ? .refunded : .settled
            if payment.status == .refunded { expected.append(payment.id) }
            try await repository.save(payment)
        }
        expected.reverse()
        for limit in [1, 2, 5] {
            var seen: [String] = []
            var cursor: Cursor?
            repeat {
                let page = try await repository.payments(
                    tenantId: "acme", from: "0000", to: "9999", status: .refunded, scope: admin, limit: limit,
                    after: cursor)
                #expect(page.items.allSatisfy { $0.status == .refunded })
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil
            #expect(seen == expected, "tenant list, pages of \(limit)")
            seen = []
            repeat {
                let page = try await repository.payments(
                    statementId: "st-acme-1", tenantId: "acme", status: .refunded, scope: admin, limit: limit,
                    after: cursor)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil
            #expect(seen == expected, "statement list, pages of \(limit)")
        }
        // Up to an instant: newest first from there.
        let until = try await repository.payments(
            statementId: "st-acme-1", tenantId: "acme", to: RepositoryFixture.instant(hours: 10), scope: admin, limit: 3
        )
        #expect(until.items.map(\.id) == ["pay-acme-10", "pay-acme-9", "pay-acme-8"])
        // A cursor of one filter is not a cursor of another.
        let first = try await repository.payments(
            tenantId: "acme", from: "0000", to: "9999", status: .refunded, scope: admin, limit: 1)
        await #expect(throws: RepositoryError.invalidCursor) {
            _ = try await repository.payments(
                tenantId: "acme", from: "0000", to: "9999", status: .settled, scope: admin, limit: 1, after: first.next)
        }
    }

    @Test("Users of a tenant, certificates expiring in a window, statement detail")
    func lists() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        try await repository.save(User(tenantId: "acme", id: "u1", email: "a@acme.example", name: "A", role: .member))
        try await repository.save(User(tenantId: "acme", id: "u2", email: "b@acme.example", name: "B", role: .member))
        #expect(try await repository.users(tenantId: "acme", scope: admin).items.map(\.id) == ["u1", "u2"])
        for (number, expiry) in [
            ("C1", "2026-01-01"), ("C2", "2026-11-25"), ("C3", "2027-01-10"), ("C4", "2028-01-01"),
        ] {
            try await repository.save(
                fixture.certificate("acme", number, standard: "9001", organization: "Org", expires: expiry))
        }
        let window = try await repository.certificatesExpiring(
            tenantId: "acme", from: "2026-11-21", before: "2027-02-20", scope: admin)
        #expect(window.items.map(\.number) == ["C2", "C3"], "long expired ones are left out")
        try await repository.save(fixture.statement("acme", 1))
        _ = try await repository.recordPayment(
            fixture.payment("acme", statement: "st-acme-1", 2, at: RepositoryFixture.instant(hours: 2)), scope: admin)
        _ = try await repository.recordPayment(
            fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1)), scope: admin)
        let detail = try #require(
            try await repository.statementDetail(tenantId: "acme", statementId: "st-acme-1", scope: admin))
        #expect(detail.payments.map(\.id) == ["pay-acme-1", "pay-acme-2"], "oldest first")
        #expect(detail.signatureValid)
        #expect(detail.qrPayload.reference == "ACME-1")
        #expect(
            try await repository.statementDetail(
                tenantId: "acme", statementId: "st-acme-1", scope: .support("s", tenants: [])) == nil)
    }

    @Test("The inspector shows the stored item, hides the QR secret, and is for admins only")
    func inspector() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let tenant = fixture.tenant("acme")
        try await repository.save(tenant)
        let inspected = try await repository.inspect(.tenant(tenant), scope: admin)
        #expect(inspected.key == "TENANT#acme / TENANT")
        #expect(inspected.plainJSON.contains("\"tenant_id\": \"acme\""))
        #expect(inspected.dynamoJSON.contains("\"tenant_id\": { \"S\": \"acme\" }"))
        #expect(!inspected.plainJSON.contains(Data("secret-acme".utf8).base64EncodedString()))
        #expect(inspected.plainJSON.contains("‹hidden secret›"))
        #expect(inspected.readCapacityUnits == 0.5)
        // Plain JSON parses as JSON.
        let parsed = try JSONSerialization.jsonObject(with: Data(inspected.plainJSON.utf8)) as? [String: Any]
        #expect(parsed?["currency"] as? String == "EUR")
        await #expect(throws: RepositoryError.self) {
            _ = try await repository.inspect(.tenant(tenant), scope: .support("s", tenants: ["acme"]))
        }
        var gone = fixture.statement("acme", 9)
        gone.id = "missing"
        await #expect(throws: RepositoryError.notFound("The stored item TENANT#acme#STATEMENT#missing / STATEMENT")) {
            _ = try await repository.inspect(.statement(gone), scope: admin)
        }
    }

    @Test("Item JSON: every attribute type, escapes, both forms")
    func itemJSON() throws {
        let item: Item = [
            "s": .s("a\"b\\c\n\u{1}"), "n": .n(try DecimalNumber("-1.5")), "b": .b([1, 2]), "t": .bool(true),
            "z": .null,
            "m": .m(["k": .l([.s("x"), .n(try DecimalNumber("2"))])]), "ss": .ss(["p", "q"]),
            "ns": .ns([try DecimalNumber("3")]), "bs": .bs([[255]]),
        ]
        let plain = ItemJSON.plain(item)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(plain.utf8)) as? [String: Any])
        #expect(parsed["s"] as? String == "a\"b\\c\n\u{1}")
        #expect((parsed["n"] as? NSNumber)?.doubleValue == -1.5)
        #expect(parsed["b"] as? String == "AQI=")
        let typed = try #require(
            try JSONSerialization.jsonObject(with: Data(ItemJSON.typed(item).utf8)) as? [String: Any])
        #expect((typed["n"] as? [String: Any])?["N"] as? String == "-1.5")
        #expect(((typed["m"] as? [String: Any])?["M"] as? [String: Any])?["k"] != nil)
        #expect((typed["ss"] as? [String: Any])?["SS"] as? [String] == ["p", "q"])
        #expect((typed["z"] as? [String: Any])?["NULL"] as? Bool == true)
        // On one line: the indented JSON's lines, trimmed and joined, and still JSON.
        let inline = ItemJSON.inline(.m(item))
        let lines = plain.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(inline == lines.joined(separator: " ") && !inline.contains("\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(inline.utf8)) is [String: Any])
        #expect(ItemJSON.inline(.m([:])) == "{}" && ItemJSON.inline(.l([])) == "[]")
        #expect(ItemJSON.inline(.l([.m(["a": .l([])]), .s("  x  ")])) == "[ { \"a\": [] }, \"  x  \" ]")
    }
}
