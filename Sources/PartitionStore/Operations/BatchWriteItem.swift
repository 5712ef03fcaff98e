/// BatchWriteItem: up to 25 puts and deletes across tables, committed together.

public struct BatchWriteItemInput: Sendable {
    /// Table name to its writes; at most 25 writes in all.
    public var requestItems: [String: [WriteRequest]]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(requestItems: [String: [WriteRequest]], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.requestItems = requestItems
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct BatchWriteItemOutput: Sendable, Hashable {
    /// Writes not made, to be sent again; empty when every write was made.
    public var unprocessedItems: [String: [WriteRequest]]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(unprocessedItems: [String: [WriteRequest]], consumedCapacity: [ConsumedCapacity]? = nil) {
        self.unprocessedItems = unprocessedItems
        self.consumedCapacity = consumedCapacity
    }
}

extension BatchWriteItemInput: StoreOperation {
    public typealias Output = BatchWriteItemOutput
    public static let name = OperationName.batchWriteItem

    public var access: OperationAccess {
        OperationAccess(
            requestItems.keys.sorted().map { table in
                let writes = requestItems[table] ?? []
                var attributes: Set<String> = []
                let keys = writes.map { write -> Item in
                    switch write {
                    case .put(let item):
                        attributes.formUnion(item.keys)
                        return item
                    case .delete(let key): return key
                    }
                }
                return .init(table: table, kind: .write, keys: keys, attributes: attributes)
            }, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BatchWriteItemOutput {
        try store.write(store.prepareBatchWrite(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> BatchWriteItemOutput {
        try await store.writeAsync(store.prepareBatchWrite(self))
    }
    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<BatchWriteItemOutput, StoreError>) -> Void
    ) {
        store.submitWrite(
            preparing: { () throws(StoreError) in try store.prepareBatchWrite(self) }, completion: completion)
    }
}

extension BatchWriteItemInput: CapacityMetered {}

extension BatchWriteItemOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let batchWriteItem = OperationName("BatchWriteItem")
}
