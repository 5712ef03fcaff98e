import Foundation
import PartitionStore

/// How far a seed has come.
public struct SeedProgress: Sendable {
    public var itemsWritten: Int
    public var itemsTotal: Int
    public var tenantsDone: Int
    public var tenantsTotal: Int
    public var seconds: Double
}

/// What a seed made.
public struct SeedSummary: Sendable {
    public var tenants: Int
    public var statements: Int
    public var payments: Int
    public var certificates: Int
    public var users: Int
    public var items: Int
    public var seconds: Double
    /// The demo operators created with the data: an admin and a support operator.
    public var operators: [User]
}

/// The demo operators every seeded store has: an admin who sees every tenant, and a support
/// operator limited to three tenants.
public enum DemoOperators {
    public static let platformTenant = KeyDesign.platformTenant
    public static let adminEmail = "admin@vaultdesk.example"
    public static let supportEmail = "support@vaultdesk.example"

    /// The demo operators; `adminLogin` is the account that made the store, bound to the admin.
    static func users(supporting tenants: [String], adminLogin: String?) -> [User] {
        [
            User(
                tenantId: platformTenant, id: "operator-admin", email: adminEmail, name: "Avery Admin", role: .admin,
                logins: adminLogin.map { [$0] } ?? []),
            User(
                tenantId: platformTenant, id: "operator-support", email: supportEmail, name: "Sam Support",
                role: .support,
                permittedTenants: Array(tenants.prefix(3))),
        ]
    }
}

extension VaultRepository {
    /// Fills an empty store with deterministic demo data: the same scale, seed and as-of day give
    /// the same data on every machine. Loads through the store's bulk import (no stream records
    /// on the embedded store; BatchWriteItem elsewhere). The table is provisioned first;
    /// `preparing` hears its steps (creating it can take a while on DynamoDB).
    /// `adminLogin`, the account that makes the store, is bound to the demo admin.
    public func seedDemo(
        scale: DemoScale, seed: UInt64, asOf day: ISODate, adminLogin: String? = nil,
        preparing: @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (SeedProgress) -> Void = { _ in }
    ) async throws -> SeedSummary {
        guard let asOf = CivilCalendar.days(of: day) else {
            throw RepositoryError.invalidArgument("The as-of day must be yyyy-MM-dd; got \(day)")
        }
        try await prepareTable(progress: preparing)
        let existing = try await store.query(
            QueryInput(
                tableName: tableName, indexName: KeyDesign.Index.gsi2.rawValue, keyConditionExpression: "gsi2pk = :t",
                expressionAttributeValues: [":t": .s(KeyDesign.allTenants)], limit: 1))
        guard existing.items.isEmpty else {
            throw RepositoryError.invalidArgument("The store already holds tenants; seed into a new store file")
        }
        let started = Date()
        let plans = DemoTenantPlan.plans(scale: scale, seed: seed)
        if let adminLogin, !Self.isValidLogin(adminLogin) { throw OperatorError.invalidLogin(adminLogin) }
        let operators = DemoOperators.users(
            supporting: plans.filter { $0.status == .active }.map(\.id), adminLogin: adminLogin)
        let bindings = adminLogin.map { [Self.bindingItem(login: $0, operatorName: DemoOperators.adminEmail)] } ?? []
        let total = plans.reduce(operators.count) { $0 + $1.itemCount(months: scale.months) }
        let written = Counter()
        try await store.importItems(operators.map(ItemMapping.item) + bindings, into: tableName)
        await written.add(operators.count)
        // Generating a chunk overlaps with storing the one before it.
        var storing: Task<Void, any Error>?
        let store = self.store
        let table = tableName
        for (done, plan) in plans.enumerated() {
            let generator = DemoGenerator(plan: plan, seed: seed, months: scale.months, asOf: asOf)
            try await generator.generate(chunk: 40_000) { items in
                try await storing?.value
                storing = Task {
                    try await store.importItems(items, into: table)
                    let count = await written.add(items.count)
                    progress(
                        SeedProgress(
                            itemsWritten: count, itemsTotal: total, tenantsDone: done, tenantsTotal: plans.count,
                            seconds: Date().timeIntervalSince(started)))
                }
            }
        }
        try await storing?.value
        let seconds = Date().timeIntervalSince(started)
        let items = await written.value
        progress(
            SeedProgress(
                itemsWritten: items, itemsTotal: total, tenantsDone: plans.count, tenantsTotal: plans.count,
                seconds: seconds))
        return SeedSummary(
            tenants: plans.count, statements: plans.reduce(0) { $0 + $1.statements(months: scale.months) },
            payments: plans.reduce(0) { $0 + $1.payments }, certificates: plans.reduce(0) { $0 + $1.certificates },
            users: plans.reduce(0) { $0 + $1.users } + operators.count, items: items, seconds: seconds,
            operators: operators)
    }

}

/// A count shared by concurrent writers.
actor Counter {
    private(set) var value = 0

    @discardableResult
    func add(_ amount: Int) -> Int {
        value += amount
        return value
    }
}
