import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import VaultRepository

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test(
        "With random data and random scopes, no call returns another tenant's data", arguments: [1, 2, 3] as [UInt64])
    func noCallCrossesTenants(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let tenants = (0..<5).map { "t\($0)" }
        var references: [String: String] = [:]
        var emails: [String: String] = [:]
        for tenant in tenants {
            try await repository.save(fixture.tenant(tenant))
            for number in 0..<Int.random(in: 1...6, using: &rng) {
                let statement = fixture.statement(
                    tenant, number, issued: "2026-0\(Int.random(in: 1...9, using: &rng))-01")
                try await repository.save(statement)
                references[statement.reference] = tenant
                for payment in 0..<Int.random(in: 0...4, using: &rng) {
                    try await repository.save(
                        fixture.payment(
                            tenant, statement: statement.id, number * 10 + payment,
                            at: RepositoryFixture.instant(hours: Int.random(in: 0...200, using: &rng))))
                }
            }
            for number in 0..<Int.random(in: 0...4, using: &rng) {
                try await repository.save(
                    fixture.certificate(
                        tenant, "ISO9001-\(tenant)-\(number)", standard: "9001", organization: "Shared Org",
                        expires: "2027-0\(number + 1)-01"))
            }
            let email = "user@\(tenant).example"
            try await repository.save(
                User(tenantId: tenant, id: "u-\(tenant)", email: email, name: "User", role: .member))
            emails[email] = tenant
        }
        for _ in 0..<12 {
            let permitted = Set(tenants.filter { _ in Bool.random(using: &rng) })
            let scope = AccessScope.support("op", tenants: permitted)
            for tenant in tenants {
                if permitted.contains(tenant) {
                    #expect(
                        try await repository.statements(tenantId: tenant, scope: scope).items.allSatisfy {
                            $0.tenantId == tenant
                        })
                    #expect(
                        try await repository.payments(tenantId: tenant, from: "2026", to: "2027", scope: scope).items
                            .allSatisfy { $0.tenantId == tenant })
                    #expect(
                        try await repository.certificates(tenantId: tenant, organization: "shared org", scope: scope)
                            .items.allSatisfy { $0.tenantId == tenant })
                    #expect(
                        try await repository.certificates(tenantId: tenant, standard: "9001", scope: scope).items
                            .allSatisfy { $0.tenantId == tenant })
                    #expect(
                        try await repository.auditEvents(tenantId: tenant, scope: scope).items.allSatisfy {
                            $0.tenantId == tenant
                        })
                } else {
                    // Outside the scope every list answers "tenant not found", as for a tenant that does not exist.
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) {
                        try await repository.statements(tenantId: tenant, scope: scope)
                    }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) {
                        try await repository.payments(tenantId: tenant, from: "2026", to: "2027", scope: scope)
                    }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) {
                        try await repository.certificates(tenantId: tenant, scope: scope)
                    }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) {
                        try await repository.auditEvents(tenantId: tenant, scope: scope)
                    }
                    #expect(try await repository.tenant(id: tenant, scope: scope) == nil)
                    #expect(try await repository.tenant(domain: "\(tenant).example.com", scope: scope) == nil)
                }
            }
            #expect(try await repository.tenants(scope: scope).items.allSatisfy { permitted.contains($0.id) })
            for (reference, owner) in references {
                let found = try await repository.statement(reference: reference, scope: scope)
                #expect((found != nil) == permitted.contains(owner))
                #expect(found.map { $0.tenantId == owner } ?? true)
                // By its genuine QR code, and by a code forged for the owner with another tenant's secret.
                let genuine = StatementQRPayload(
                    tenantId: owner, reference: reference, secret: fixture.tenant(owner).qrSecret)
                let byCode = try await repository.lookup(genuine.url, scope: scope)
                #expect(byCode == (permitted.contains(owner) ? .found(try #require(found), via: .qr) : .notFound))
                let other = tenants.first { $0 != owner } ?? owner
                let forged = StatementQRPayload(
                    tenantId: owner, reference: reference, secret: fixture.tenant(other).qrSecret)
                #expect(
                    try await repository.lookup(forged.url, scope: scope)
                        == (permitted.contains(owner) ? .rejected(.badSignature) : .notFound))
                let foreign = StatementQRPayload(
                    tenantId: other, reference: reference, secret: fixture.tenant(other).qrSecret)
                if other != owner { #expect(try await repository.lookup(foreign.url, scope: scope) == .notFound) }
            }
            for (email, owner) in emails {
                #expect((try await repository.user(email: email, scope: scope) != nil) == permitted.contains(owner))
            }
        }
    }

    @Test(
        "Random operators bound to random accounts, narrowed at random: no call crosses tenants or shows a secret, and every audit names the real account",
        arguments: [11, 12, 13] as [UInt64])
    func boundOperators(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let tenants = (0..<5).map { "t\($0)" }
        var references: [String: String] = [:]
        for tenant in tenants {
            try await repository.save(fixture.tenant(tenant))
            for number in 0..<Int.random(in: 1...4, using: &rng) {
                let statement = fixture.statement(tenant, number)
                try await repository.save(statement)
                references[statement.reference] = tenant
            }
        }
        try await repository.bindFirstAdmin(login: "acct-root", operatorName: "root@ops.example")
        let root = try await repository.signIn(account: "acct-root")
        // Operators: each bound to a random account, admin one time in four, else support of random tenants.
        var records: [String: (email: String, tenants: Set<String>?)] = ["acct-root": ("root@ops.example", nil)]
        for index in 0..<5 {
            let login = "acct-\(index)"
            let email = "op\(index)@ops.example"
            let isAdmin = Int.random(in: 0..<4, using: &rng) == 0
            let permitted = tenants.filter { _ in Bool.random(using: &rng) }
            try await repository.bind(
                OperatorBindingRequest(
                    login: login, operatorName: email, role: isAdmin ? .admin : .support,
                    tenants: isAdmin ? nil : permitted), scope: root)
            records[login] = (email, isAdmin ? nil : Set(permitted))
        }
        let accounts = records.keys.sorted() + ["acct-stranger"]
        var used: Set<String> = []
        for _ in 0..<15 {
            let account = accounts.randomElement(using: &rng) ?? "acct-root"
            let target =
                Bool.random(using: &rng) ? nil : records.values.map(\.email).sorted().randomElement(using: &rng)
            let scope: AccessScope
            do {
                scope = try await repository.signIn(account: account, as: target)
            } catch let error as OperatorError {
                guard let own = records[account] else {
                    #expect(error == .accountNotBound(login: account))
                    continue
                }
                let wanted = records.values.first { $0.email == target }
                // Refused only when the target's scope is wider than the account's own.
                #expect(
                    own.tenants != nil
                        && (wanted?.tenants == nil || !(wanted?.tenants?.isSubset(of: own.tenants ?? []) ?? true)),
                    "\(error)")
                continue
            }
            let own = try #require(records[account])
            let expected =
                target.flatMap { name in records.values.first { $0.email == name } }?.tenants
                ?? (target == nil ? own.tenants : nil)
            #expect(scope.account == account)
            #expect(scope.tenants == expected)
            used.insert(account)
            for tenant in tenants {
                if scope.permits(tenant) {
                    #expect(
                        try await repository.statements(tenantId: tenant, scope: scope).items.allSatisfy {
                            $0.tenantId == tenant
                        })
                } else {
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) {
                        try await repository.statements(tenantId: tenant, scope: scope)
                    }
                }
            }
            #expect(try await repository.allTenants(scope: scope).allSatisfy { scope.permits($0.id) })
            for (reference, owner) in references {
                let outcome = try await repository.lookup(reference, scope: scope)
                if scope.permits(owner) {
                    guard case .found(let statement, _) = outcome else {
                        Issue.record("\(reference) not found in scope")
                        continue
                    }
                    #expect(statement.tenantId == owner)
                    let code = try #require(try await repository.qrPayload(of: statement, scope: scope))
                    #expect(code.tenantId == owner)
                } else {
                    #expect(outcome == .notFound)
                }
            }
        }
        // Every audited action names the account that did it, and only accounts that signed in.
        var audited: [AuditEvent] = []
        for tenant in tenants + ["platform"] {
            audited += try await repository.auditEvents(tenantId: tenant, scope: root, limit: 1000).items
        }
        #expect(!audited.isEmpty)
        for event in audited {
            let account = try #require(event.account, "\(event.action) names no account")
            #expect(used.contains(account) || account == "acct-root", "\(account) did not sign in")
            // Viewing as another operator only ever narrowed the account's own scope.
            if let range = event.actor.range(of: " viewing as ") {
                let viewed = records.values.first { $0.email == String(event.actor[range.upperBound...]) }
                let own = records[account]
                #expect(
                    own?.tenants == nil || (viewed?.tenants.map { $0.isSubset(of: own?.tenants ?? []) } ?? false),
                    "\(event.actor)")
                #expect(String(event.actor[..<range.lowerBound]) == own?.email)
            }
        }
        // No secret in what an admin can inspect.
        for tenant in tenants {
            let item = try await repository.inspect(.tenant(fixture.tenant(tenant)), scope: root)
            #expect(!item.plainJSON.contains(Data("secret-\(tenant)".utf8).base64EncodedString()))
        }
    }
}
