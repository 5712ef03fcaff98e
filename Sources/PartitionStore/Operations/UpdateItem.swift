/// UpdateItem: changes one item's attributes (creating it when absent), optionally on a condition.

public struct UpdateItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String?
    /// The legacy form of an update.
    public var attributeUpdates: [String: AttributeValueUpdate]?
    public var options: WriteOptions

    public init(
        tableName: String, key: Item, updateExpression: String? = nil,
        attributeUpdates: [String: AttributeValueUpdate]? = nil, options: WriteOptions = WriteOptions()
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.attributeUpdates = attributeUpdates
        self.options = options
    }
}

extension UpdateItemInput: StoreOperation {
    public typealias Output = WriteItemOutput
    public static let name = OperationName.updateItem

    public var access: OperationAccess {
        writeAccess(
            OperationAccess.Target(table: tableName, kind: .write, keys: [key]),
            expressions: [.update: updateExpression], legacy: Array((attributeUpdates ?? [:]).keys))
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> WriteItemOutput {
        try store.write(store.prepareUpdate(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> WriteItemOutput {
        try await store.writeAsync(store.prepareUpdate(self))
    }
    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<WriteItemOutput, StoreError>) -> Void
    ) {
        store.submitWrite(preparing: { () throws(StoreError) in try store.prepareUpdate(self) }, completion: completion)
    }
}

extension UpdateItemInput: CapacityMetered {}

extension OperationName {
    public static let updateItem = OperationName("UpdateItem")
}
