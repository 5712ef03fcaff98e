import PartitionStore
import Synchronization

/// Capacity units consumed, as DynamoDB would bill them.
public struct CapacityUsage: Sendable, Hashable {
    public var readUnits: Double = 0
    public var writeUnits: Double = 0
    public var requests = 0

    public init() {}
}

/// An `ItemStore` that asks every request for its consumed capacity and adds it up, so a caller
/// can see what an access pattern costs: wrap the store, run the pattern, read `usage`.
public final class MeteredStore: ItemStore {
    let base: any ItemStore
    private let total = Mutex(CapacityUsage())

    public init(_ base: any ItemStore) { self.base = base }

    /// What has been consumed since the last reset.
    public var usage: CapacityUsage { total.withLock { $0 } }

    public func reset() { total.withLock { $0 = CapacityUsage() } }

    private func add(_ capacities: [ConsumedCapacity]?, write: Bool) {
        total.withLock { usage in
            usage.requests += 1
            for capacity in capacities ?? [] {
                if write {
                    usage.writeUnits += capacity.writeCapacityUnits ?? capacity.capacityUnits
                } else {
                    usage.readUnits += capacity.readCapacityUnits ?? capacity.capacityUnits
                }
            }
        }
    }

    public func createTable(_ input: CreateTableInput) async throws(StoreError) -> TableDescription { try await base.createTable(input) }
    public func describeTable(_ tableName: String) async throws(StoreError) -> TableDescription { try await base.describeTable(tableName) }
    public func updateTimeToLive(tableName: String, specification: TimeToLiveSpecification) async throws(StoreError) -> TimeToLiveSpecification {
        try await base.updateTimeToLive(tableName: tableName, specification: specification)
    }
    public func describeTimeToLive(tableName: String) async throws(StoreError) -> TimeToLiveDescription {
        try await base.describeTimeToLive(tableName: tableName)
    }

    public func putItem(_ input: PutItemInput) async throws(StoreError) -> WriteItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.putItem(input)
        add(output.consumedCapacity.map { [$0] }, write: true)
        return output
    }

    public func getItem(_ input: GetItemInput) async throws(StoreError) -> GetItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.getItem(input)
        add(output.consumedCapacity.map { [$0] }, write: false)
        return output
    }

    public func updateItem(_ input: UpdateItemInput) async throws(StoreError) -> WriteItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.updateItem(input)
        add(output.consumedCapacity.map { [$0] }, write: true)
        return output
    }

    public func deleteItem(_ input: DeleteItemInput) async throws(StoreError) -> WriteItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.deleteItem(input)
        add(output.consumedCapacity.map { [$0] }, write: true)
        return output
    }

    public func query(_ input: QueryInput) async throws(StoreError) -> ItemPage {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.query(input)
        add(output.consumedCapacity.map { [$0] }, write: false)
        return output
    }

    public func scan(_ input: ScanInput) async throws(StoreError) -> ItemPage {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.scan(input)
        add(output.consumedCapacity.map { [$0] }, write: false)
        return output
    }

    public func batchWriteItem(_ input: BatchWriteItemInput) async throws(StoreError) -> BatchWriteItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.batchWriteItem(input)
        add(output.consumedCapacity, write: true)
        return output
    }

    public func batchGetItem(_ input: BatchGetItemInput) async throws(StoreError) -> BatchGetItemOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.batchGetItem(input)
        add(output.consumedCapacity, write: false)
        return output
    }

    public func transactWriteItems(_ input: TransactWriteItemsInput) async throws(StoreError) -> TransactWriteItemsOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.transactWriteItems(input)
        add(output.consumedCapacity, write: true)
        return output
    }

    public func transactGetItems(_ input: TransactGetItemsInput) async throws(StoreError) -> TransactGetItemsOutput {
        var input = input
        input.returnConsumedCapacity = .total
        let output = try await base.transactGetItems(input)
        add(output.consumedCapacity, write: false)
        return output
    }

    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        try await base.importItems(items, into: tableName)
    }
}
