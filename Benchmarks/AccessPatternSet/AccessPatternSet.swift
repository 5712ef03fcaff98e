import Foundation
import PartitionStore
import VaultRepository

/// One of the repository's access patterns, called with the iteration number so each call can
/// pick different data.
public struct AccessPattern: Sendable {
    public let name: String
    public let body: @Sendable (Int) async throws -> Void

    public init(name: String, body: @escaping @Sendable (Int) async throws -> Void) {
        self.name = name
        self.body = body
    }
}

/// The samples of a pattern, in nanoseconds, and their percentiles in microseconds.
public struct Sample {
    public var nanoseconds: [UInt64] = []
    public init() {}
    public func percentile(_ p: Double) -> Double {
        let sorted = nanoseconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000
    }
}

public func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// The access patterns the console and the command line use, on a seeded demo store, as an admin.
/// The benchmarks run the same set, so their figures compare.
public enum AccessPatternSet {
    public static func patterns(_ repository: VaultRepository) async throws -> (patterns: [AccessPattern], tenants: Int)
    {
        let admin = AccessScope.admin(DemoOperators.adminEmail)
        let tenants = try await repository.allTenants(scope: admin)
        // The largest tenant (most payments) is the first planned; its id sorts anywhere, so find it by size.
        var statementsByTenant: [String: [Statement]] = [:]
        for tenant in tenants {
            statementsByTenant[tenant.id] = try await repository.statements(
                tenantId: tenant.id, scope: admin, limit: 200
            ).items
        }
        let largest = tenants.max {
            (statementsByTenant[$0.id]?.count ?? 0, $0.id) < (statementsByTenant[$1.id]?.count ?? 0, $1.id)
        }!
        let allStatements = statementsByTenant.values.flatMap { $0 }
        var found: [Certificate] = []
        for tenant in tenants.prefix(10) {
            found += try await repository.certificates(tenantId: tenant.id, scope: admin, limit: 100).items
        }
        let certificates = found
        let emails = [DemoOperators.adminEmail, DemoOperators.supportEmail]
        let today = CivilCalendar.today()
        let monthAgo = CivilCalendar.adding(-30, daysTo: today) ?? today
        let payments = try await repository.payments(
            tenantId: largest.id, from: "2000-01-01", to: "2100-01-01", scope: admin, limit: 50)

        // The codes printed on a sample of statements, made before timing starts.
        var sampled: [String] = []
        for index in 0..<min(500, allStatements.count) {
            if let code = try await repository.qrPayload(
                of: allStatements[(index * 7919) % allStatements.count], scope: admin)
            {
                sampled.append(code.url)
            }
        }
        let codes = sampled
        struct Pattern {
            let name: String
            let body: (Int) async throws -> Void
        }

        let patterns: [AccessPattern] = [
            AccessPattern(name: "tenant by id") { i in
                _ = try await repository.tenant(id: tenants[i % tenants.count].id, scope: admin)
            },
            AccessPattern(name: "tenant by domain") { i in
                _ = try await repository.tenant(domain: tenants[i % tenants.count].domain, scope: admin)
            },
            AccessPattern(name: "list tenants (page of 50)") { _ in
                _ = try await repository.tenants(scope: admin, limit: 50)
            },
            AccessPattern(name: "statement by reference (audited)") { i in
                _ = try await repository.statement(
                    reference: allStatements[(i * 7919) % allStatements.count].reference, scope: admin)
            },
            AccessPattern(name: "statement by QR payload (audited)") { i in
                _ = try await repository.lookup(codes[i % codes.count], scope: admin)
            },
            AccessPattern(name: "statements of a tenant, newest first (50)") { i in
                _ = try await repository.statements(tenantId: tenants[i % tenants.count].id, scope: admin, limit: 50)
            },
            AccessPattern(name: "payments of a statement (audited)") { i in
                let statement = allStatements[(i * 104_729) % allStatements.count]
                _ = try await repository.payments(statementId: statement.id, tenantId: statement.tenantId, scope: admin)
            },
            AccessPattern(name: "documents of a statement") { i in
                let statement = allStatements[(i * 104_729) % allStatements.count]
                _ = try await repository.documents(
                    statementId: statement.id, tenantId: statement.tenantId, scope: admin)
            },
            AccessPattern(name: "payments of the largest tenant, last 30 days, newest first (50, audited)") { _ in
                _ = try await repository.payments(
                    tenantId: largest.id, from: monthAgo, to: today, newestFirst: true, scope: admin, limit: 50)
            },
            AccessPattern(name: "payments of the largest tenant, oldest first (50, audited)") { _ in
                _ = try await repository.payments(
                    tenantId: largest.id, from: "2000-01-01", to: today, newestFirst: false, scope: admin, limit: 50)
            },
            AccessPattern(name: "payments of the largest tenant, next page (50)") { _ in
                _ = try await repository.payments(
                    tenantId: largest.id, from: "2000-01-01", to: "2100-01-01", scope: admin, limit: 50,
                    after: payments.next)
            },
            AccessPattern(name: "certificates of a tenant (50)") { i in
                _ = try await repository.certificates(tenantId: tenants[i % tenants.count].id, scope: admin, limit: 50)
            },
            AccessPattern(name: "certificates by organisation") { i in
                let certificate = certificates[i % certificates.count]
                _ = try await repository.certificates(
                    tenantId: certificate.tenantId, organization: certificate.organization, scope: admin, limit: 50)
            },
            AccessPattern(name: "certificates by standard (50)") { i in
                let certificate = certificates[i % certificates.count]
                _ = try await repository.certificates(
                    tenantId: certificate.tenantId, standard: certificate.standard, scope: admin, limit: 50)
            },
            AccessPattern(name: "certificates expiring within 90 days (50)") { i in
                _ = try await repository.certificatesExpiring(
                    tenantId: tenants[i % tenants.count].id, before: CivilCalendar.adding(90, daysTo: today) ?? today,
                    scope: admin, limit: 50)
            },
            AccessPattern(name: "user by email (audited)") { i in
                _ = try await repository.user(email: emails[i % emails.count], scope: admin)
            },
            AccessPattern(name: "audit events of a tenant, newest first (50)") { _ in
                _ = try await repository.auditEvents(tenantId: largest.id, scope: admin, limit: 50)
            },
        ]
        return (patterns, tenants.count)
    }
}
