import Foundation
import PartitionStore

/// The domain's access patterns over one table, on any `ItemStore`: the embedded store or a
/// remote DynamoDB endpoint. Every read takes an `AccessScope` and can only return data of the
/// tenants in it; lookups outside it answer "not found".
public struct VaultRepository: Sendable {
    /// The store, reached only through the access patterns: a caller holding it could skip the
    /// tenant scope.
    let store: any ItemStore
    public let tableName: String
    /// The clock that stamps audit events; replaceable in tests.
    let now: @Sendable () -> Date

    public init(store: any ItemStore, tableName: String = "vaultdesk", now: @escaping @Sendable () -> Date = { Date() })
    {
        self.store = store
        self.tableName = tableName
        self.now = now
    }

    // MARK: Scope

    /// Throws "tenant not found" for a tenant outside the scope, exactly as for one that does not exist.
    func require(_ scope: AccessScope, _ tenantId: String) throws(RepositoryError) {
        guard scope.permits(tenantId) else { throw .tenantNotFound(tenantId) }
    }

    // MARK: Reading

    func get(_ partition: String, _ sort: String) async throws -> Item? {
        try await store.getItem(
            GetItemInput(
                tableName: tableName, key: [KeyDesign.partitionKey: .s(partition), KeyDesign.sortKey: .s(sort)])
        ).item
    }

    /// All items of one partition whose sort key begins with `prefix` (for small collections:
    /// a statement's payments and documents).
    func all(partition: String, sortPrefix: String) async throws -> [Item] {
        var items: [Item] = []
        var start: Item?
        repeat {
            let page = try await store.query(
                QueryInput(
                    tableName: tableName, keyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
                    expressionAttributeValues: [":pk": .s(partition), ":prefix": .s(sortPrefix)],
                    exclusiveStartKey: start))
            items += page.items
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    /// The key attributes a query's LastEvaluatedKey needs, read from an item.
    static func position(of item: Item, index: KeyDesign.Index?) -> [String: String] {
        var names = [KeyDesign.partitionKey, KeyDesign.sortKey]
        if let index { names += [index.partitionKey, index.sortKey] }
        var position: [String: String] = [:]
        for name in names { position[name] = item[name]?.stringValue }
        return position
    }
}
