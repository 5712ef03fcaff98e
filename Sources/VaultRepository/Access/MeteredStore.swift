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

    /// Asks every operation that can report its capacity to do so, and adds it up: item writes
    /// as write units, the rest as read units.
    public func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
        guard let metered = operation as? any CapacityMetered else { return try await base.send(operation) }
        let output = try await meter(metered)
        guard let typed = output as? Operation.Output else { return try await base.send(operation) }
        return typed
    }

    private func meter<Metered: CapacityMetered>(_ operation: Metered) async throws(StoreError) -> Metered.Output {
        var operation = operation
        operation.returnConsumedCapacity = .total
        let output = try await base.send(operation)
        add(output.consumedCapacities, write: Metered.waitsForCommit)
        return output
    }

    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        try await base.importItems(items, into: tableName)
    }
}
