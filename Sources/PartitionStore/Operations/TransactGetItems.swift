/// TransactGetItems: up to 100 items read as of one moment.

public struct TransactGetItem: Sendable {
    public var tableName: String
    public var key: Item
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?

    public init(
        tableName: String, key: Item, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }
}

public struct TransactGetItemsInput: Sendable {
    public var transactItems: [TransactGetItem]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(transactItems: [TransactGetItem], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.transactItems = transactItems
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct TransactGetItemsOutput: Sendable, Hashable {
    /// One entry per get, in order; nil where the item does not exist.
    public var responses: [Item?]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(responses: [Item?], consumedCapacity: [ConsumedCapacity]? = nil) {
        self.responses = responses
        self.consumedCapacity = consumedCapacity
    }
}

extension TransactGetItemsInput: StoreOperation {
    public typealias Output = TransactGetItemsOutput
    public static let name = OperationName.transactGetItems

    public var access: OperationAccess {
        OperationAccess(
            transactItems.map { get in
                OperationAccess.Target(
                    table: get.tableName, kind: .read, action: .getItem, keys: [get.key],
                    select: OperationAccess.select(nil, projects: get.projectionExpression != nil, index: nil)
                ).naming([.projection: get.projectionExpression], names: get.expressionAttributeNames, values: nil)
            }, returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TransactGetItemsOutput {
        try store.transactGetItems(self)
    }
}

extension TransactGetItemsInput: CapacityMetered {}

extension TransactGetItemsOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let transactGetItems = OperationName("TransactGetItems")
}
