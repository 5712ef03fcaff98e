/// DeleteItem: removes one item by its primary key, optionally on a condition.

public struct DeleteItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var options: WriteOptions

    public init(tableName: String, key: Item, options: WriteOptions = WriteOptions()) {
        self.tableName = tableName
        self.key = key
        self.options = options
    }
}

extension DeleteItemInput: StoreOperation {
    public typealias Output = WriteItemOutput
    public static let name = OperationName.deleteItem

    public var access: OperationAccess {
        writeAccess(OperationAccess.Target(table: tableName, kind: .write, keys: [key]))
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> WriteItemOutput {
        try store.write(store.prepareDelete(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> WriteItemOutput {
        try await store.writeAsync(store.prepareDelete(self))
    }
    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<WriteItemOutput, StoreError>) -> Void
    ) {
        store.submitWrite(preparing: { () throws(StoreError) in try store.prepareDelete(self) }, completion: completion)
    }
}

extension DeleteItemInput: CapacityMetered {}

extension OperationName {
    public static let deleteItem = OperationName("DeleteItem")
}
