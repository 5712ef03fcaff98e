import TestSupport
import Foundation
import PartitionStore
import Testing
@testable import VaultRepository

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test("With random data and random scopes, no call returns another tenant's data", arguments: [1, 2, 3] as [UInt64])
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
                let statement = fixture.statement(tenant, number, issued: "2026-0\(Int.random(in: 1...9, using: &rng))-01")
                try await repository.save(statement)
                references[statement.reference] = tenant
                for payment in 0..<Int.random(in: 0...4, using: &rng) {
                    try await repository.save(fixture.payment(tenant, statement: statement.id, number * 10 + payment, at: RepositoryFixture.instant(hours: Int.random(in: 0...200, using: &rng))))
                }
            }
            for number in 0..<Int.random(in: 0...4, using: &rng) {
                try await repository.save(fixture.certificate(tenant, "ISO9001-\(tenant)-\(number)", standard: "9001", organization: "Shared Org", expires: "2027-0\(number + 1)-01"))
            }
            let email = "user@\(tenant).example"
            try await repository.save(User(tenantId: tenant, id: "u-\(tenant)", email: email, name: "User", role: .member))
            emails[email] = tenant
        }
        for _ in 0..<12 {
            let permitted = Set(tenants.filter { _ in Bool.random(using: &rng) })
            let scope = AccessScope.support("op", tenants: permitted)
            for tenant in tenants {
                if permitted.contains(tenant) {
                    #expect(try await repository.statements(tenantId: tenant, scope: scope).items.allSatisfy { $0.tenantId == tenant })
                    #expect(try await repository.payments(tenantId: tenant, from: "2026", to: "2027", scope: scope).items.allSatisfy { $0.tenantId == tenant })
                    #expect(try await repository.certificates(tenantId: tenant, organization: "shared org", scope: scope).items.allSatisfy { $0.tenantId == tenant })
                    #expect(try await repository.certificates(tenantId: tenant, standard: "9001", scope: scope).items.allSatisfy { $0.tenantId == tenant })
                    #expect(try await repository.auditEvents(tenantId: tenant, scope: scope).items.allSatisfy { $0.tenantId == tenant })
                } else {
                    // Outside the scope every list answers "tenant not found", as for a tenant that does not exist.
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) { try await repository.statements(tenantId: tenant, scope: scope) }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) { try await repository.payments(tenantId: tenant, from: "2026", to: "2027", scope: scope) }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) { try await repository.certificates(tenantId: tenant, scope: scope) }
                    await #expect(throws: RepositoryError.tenantNotFound(tenant)) { try await repository.auditEvents(tenantId: tenant, scope: scope) }
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
                let genuine = StatementQRPayload(tenantId: owner, reference: reference, secret: fixture.tenant(owner).qrSecret)
                let byCode = try await repository.lookup(genuine.url, scope: scope)
                #expect(byCode == (permitted.contains(owner) ? .found(try #require(found), via: .qr) : .notFound))
                let other = tenants.first { $0 != owner } ?? owner
                let forged = StatementQRPayload(tenantId: owner, reference: reference, secret: fixture.tenant(other).qrSecret)
                #expect(try await repository.lookup(forged.url, scope: scope) == (permitted.contains(owner) ? .rejected(.badSignature) : .notFound))
                let foreign = StatementQRPayload(tenantId: other, reference: reference, secret: fixture.tenant(other).qrSecret)
                if other != owner { #expect(try await repository.lookup(foreign.url, scope: scope) == .notFound) }
            }
            for (email, owner) in emails {
                #expect((try await repository.user(email: email, scope: scope) != nil) == permitted.contains(owner))
            }
        }
    }
}
