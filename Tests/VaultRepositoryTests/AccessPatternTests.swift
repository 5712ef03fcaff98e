import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import VaultRepository

@Suite("Access patterns")
struct AccessPatternTests {
    @Test("Tenants by id, by domain, and listed by name in pages")
    func tenants() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        for (id, name) in [("t3", "Cobalt"), ("t1", "alpha"), ("t2", "Beta"), ("t4", "delta")] {
            try await repository.save(fixture.tenant(id, name: name))
        }
        let admin = AccessScope.admin("ops@vaultdesk")
        #expect(try await repository.tenant(id: "t2", scope: admin)?.name == "Beta")
        #expect(try await repository.tenant(domain: "T3.Example.com", scope: admin)?.id == "t3")
        #expect(try await repository.tenant(id: "nope", scope: admin) == nil)
        var names: [String] = []
        var cursor: Cursor?
        repeat {
            let page = try await repository.tenants(scope: admin, limit: 3, after: cursor)
            names += page.items.map(\.name)
            cursor = page.next
        } while cursor != nil
        #expect(names == ["alpha", "Beta", "Cobalt", "delta"])
        let support = AccessScope.support("help@vaultdesk", tenants: ["t2", "t4"])
        #expect(try await repository.tenants(scope: support).items.map(\.id) == ["t2", "t4"])
        #expect(try await repository.tenant(id: "t1", scope: support) == nil)
        #expect(try await repository.tenant(domain: "t1.example.com", scope: support) == nil)
    }

    @Test("Statements by reference (audited), by tenant newest first, with payments and documents")
    func statements() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        for number in 1...7 {
            try await repository.save(
                fixture.statement("acme", number, issued: "2026-\(String(format: "%02d", number))-01"))
        }
        let scope = AccessScope.support("help@vaultdesk", tenants: ["acme"])
        let found = try #require(try await repository.statement(reference: "ACME-3", scope: scope))
        #expect(found.id == "st-acme-3" && found.amountDue.decimalString == "100.03")
        #expect(try await repository.statement(reference: "ACME-99", scope: scope) == nil)
        var issued: [String] = []
        var cursor: Cursor?
        repeat {
            let page = try await repository.statements(tenantId: "acme", scope: scope, limit: 2, after: cursor)
            issued += page.items.map(\.issueDate)
            cursor = page.next
        } while cursor != nil
        #expect(issued == (1...7).reversed().map { "2026-\(String(format: "%02d", $0))-01" })

        for number in 1...3 {
            try await repository.save(
                fixture.payment("acme", statement: "st-acme-3", number, at: RepositoryFixture.instant(hours: number)))
        }
        try await repository.save(
            StatementDocument(
                tenantId: "acme", statementId: "st-acme-3", id: "doc1", fileName: "statement.pdf",
                contentType: "application/pdf", sizeBytes: 48_213, uploadedAt: "2026-11-01T00:00:00.000Z"))
        #expect(
            try await repository.payments(statementId: "st-acme-3", tenantId: "acme", scope: scope).map(\.id) == [
                "pay-acme-1", "pay-acme-2", "pay-acme-3",
            ])
        #expect(
            try await repository.documents(statementId: "st-acme-3", tenantId: "acme", scope: scope).map(\.fileName)
                == ["statement.pdf"])
        let events = try await repository.auditEvents(tenantId: "acme", scope: scope).items
        #expect(Set(events.map(\.action)) == ["LOOKUP_STATEMENT", "VIEW_PAYMENTS"])
        #expect(events.allSatisfy { $0.actor == "help@vaultdesk" })
        #expect(events.first { $0.action == "LOOKUP_STATEMENT" }?.via == "reference")
    }

    @Test("Payments of a tenant in a date range, both directions, across shards, paged exactly")
    func paymentsByDate() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        let count = 120
        for number in 0..<count {
            try await repository.save(
                fixture.payment(
                    "acme", statement: "st-\(number % 5)", number, at: RepositoryFixture.instant(hours: number)))
        }
        let scope = AccessScope.admin("ops")
        let from = RepositoryFixture.instant(hours: 10)
        let to = RepositoryFixture.instant(hours: 99)
        let expected = (10...99).map { "pay-acme-\($0)" }
        var rng = SeededGenerator(seed: 7)
        for newestFirst in [false, true] {
            for _ in 0..<4 {
                let pageSize = Int.random(in: 1...40, using: &rng)
                var seen: [String] = []
                var cursors: [Cursor?] = [nil]
                var pages: [[String]] = []
                while let cursor = cursors.last {
                    let page = try await repository.payments(
                        tenantId: "acme", from: from, to: to, newestFirst: newestFirst, scope: scope, limit: pageSize,
                        after: cursor)
                    #expect(page.items.count <= pageSize)
                    pages.append(page.items.map(\.id))
                    seen += page.items.map(\.id)
                    cursors.append(page.next)
                    if page.next == nil { break }
                }
                #expect(seen == (newestFirst ? expected.reversed() : expected), "page size \(pageSize)")
                // Going back through the kept cursors returns exactly the pages seen.
                for (index, cursor) in cursors.dropLast().enumerated().reversed() {
                    let again = try await repository.payments(
                        tenantId: "acme", from: from, to: to, newestFirst: newestFirst, scope: scope, limit: pageSize,
                        after: cursor)
                    #expect(again.items.map(\.id) == pages[index])
                }
            }
        }
        await #expect(throws: RepositoryError.invalidArgument("The date range is empty: \(to) is after \(from)")) {
            try await repository.payments(tenantId: "acme", from: to, to: from, scope: scope)
        }
    }

    @Test("Certificates by tenant, organisation, standard and expiry")
    func certificates() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("reg"))
        let certificates = [
            fixture.certificate(
                "reg", "ISO9001-2024-A", standard: "9001", organization: "Acme Corp", expires: "2027-03-01"),
            fixture.certificate(
                "reg", "ISO27001-2023-B", standard: "27001", organization: "Acme Corp", expires: "2026-12-15"),
            fixture.certificate(
                "reg", "ISO9001-2022-C", standard: "9001", organization: "Globex", expires: "2026-11-30"),
            fixture.certificate(
                "reg", "ISO14001-2024-D", standard: "14001", organization: "Initech", expires: "2028-01-01"),
        ]
        for certificate in certificates { try await repository.save(certificate) }
        let scope = AccessScope.support("help", tenants: ["reg"])
        #expect(
            try await repository.certificates(tenantId: "reg", scope: scope).items.map(\.number)
                == certificates.map(\.number).sorted())
        #expect(
            try await repository.certificates(tenantId: "reg", organization: "acme corp", scope: scope).items.map(
                \.number) == ["ISO27001-2023-B", "ISO9001-2024-A"])
        #expect(
            try await repository.certificates(tenantId: "reg", standard: "9001", scope: scope).items.map(\.number) == [
                "ISO9001-2022-C", "ISO9001-2024-A",
            ])
        #expect(
            try await repository.certificatesExpiring(tenantId: "reg", before: "2027-01-01", scope: scope).items.map(
                \.number) == ["ISO9001-2022-C", "ISO27001-2023-B"])
        #expect(
            try await repository.certificatesExpiring(tenantId: "reg", before: "2026-11-30", scope: scope).items.isEmpty
        )
    }

    @Test("Users by email, within scope, audited")
    func users() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(
            User(tenantId: "acme", id: "u1", email: "Ana@Acme.example", name: "Ana", role: .member))
        try await repository.save(
            User(
                tenantId: "platform", id: "op", email: "help@vaultdesk", name: "Help", role: .support,
                permittedTenants: ["acme", "globex"]))
        let operatorRecord = try #require(try await repository.userRecord(email: "help@vaultdesk"))
        let scope = AccessScope(user: operatorRecord)
        #expect(scope.role == .support && scope.tenants == ["acme", "globex"])
        #expect(try await repository.user(email: "ana@acme.example", scope: scope)?.id == "u1")
        #expect(
            try await repository.user(email: "ana@acme.example", scope: .support("other", tenants: ["globex"])) == nil)
        #expect(try await repository.auditEvents(tenantId: "acme", scope: scope).items.map(\.action) == ["VIEW_USER"])
    }

    @Test("Cursors are checked: another list's cursor or a forged token is refused")
    func cursors() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        for number in 1...3 { try await repository.save(fixture.statement("acme", number)) }
        let scope = AccessScope.admin("ops")
        let first = try await repository.statements(tenantId: "acme", scope: scope, limit: 1)
        let cursor = try #require(first.next)
        #expect(try Cursor(token: cursor.token) == cursor)
        await #expect(throws: RepositoryError.invalidCursor) {
            try await repository.certificates(tenantId: "acme", scope: scope, after: cursor)
        }
        #expect(throws: RepositoryError.invalidCursor) { try Cursor(token: "not-a-cursor!") }
        await #expect(throws: RepositoryError.invalidArgument("A page holds 1 to 1000 items; asked for 0")) {
            try await repository.statements(tenantId: "acme", scope: scope, limit: 0)
        }
    }

    @Test("Money is exact and knows each currency's minor units")
    func money() {
        #expect(Money(minorUnits: 123_456, currency: Currency("eur")!).description == "1234.56 EUR")
        #expect(Money(minorUnits: -5, currency: Currency("USD")!).decimalString == "-0.05")
        #expect(Money(minorUnits: 1500, currency: Currency("JPY")!).decimalString == "1500")
        #expect(Money(minorUnits: 1234, currency: Currency("BHD")!).decimalString == "1.234")
        #expect(Currency("EURO") == nil && Currency("E1R") == nil)
        #expect(
            Money(minorUnits: 1, currency: Currency("EUR")!).adding(Money(minorUnits: 1, currency: Currency("USD")!))
                == nil)
        #expect(
            Money(minorUnits: .max, currency: Currency("EUR")!).adding(Money(minorUnits: 1, currency: Currency("EUR")!))
                == nil)
    }
}
