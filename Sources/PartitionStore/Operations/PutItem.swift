/// PutItem: creates or replaces one item, optionally on a condition.

public struct PutItemInput: Sendable {
    public var tableName: String
    public var item: Item
    public var options: WriteOptions

    public init(tableName: String, item: Item, options: WriteOptions = WriteOptions()) {
        self.tableName = tableName
        self.item = item
        self.options = options
    }
}

extension PutItemInput: StoreOperation {
    public typealias Output = WriteItemOutput
    public static let name = OperationName.putItem

    public var access: OperationAccess {
        writeAccess(OperationAccess.Target(table: tableName, kind: .write, keys: [item], attributes: Set(item.keys)))
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> WriteItemOutput {
        try store.write(store.preparePut(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> WriteItemOutput {
        try await store.writeAsync(store.preparePut(self))
    }
    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<WriteItemOutput, StoreError>) -> Void
    ) {
        store.submitWrite(preparing: { () throws(StoreError) in try store.preparePut(self) }, completion: completion)
    }
}

extension PutItemInput: CapacityMetered {}

extension WriteItemOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity.map { [$0] } ?? [] }
}

extension OperationName {
    public static let putItem = OperationName("PutItem")
}
