/// GetItem: one item by its primary key, optionally projected.

public struct GetItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var consistentRead: Bool
    /// Top-level attributes to return (the legacy form of a projection); nil returns all.
    public var attributesToGet: [String]?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, key: Item, consistentRead: Bool = false, attributesToGet: [String]? = nil,
        projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.attributesToGet = attributesToGet
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }
}

public struct GetItemOutput: Sendable, Hashable {
    public var item: Item?
    public var consumedCapacity: ConsumedCapacity?

    public init(item: Item? = nil, consumedCapacity: ConsumedCapacity? = nil) {
        self.item = item
        self.consumedCapacity = consumedCapacity
    }
}

extension GetItemInput: StoreOperation {
    public typealias Output = GetItemOutput
    public static let name = OperationName.getItem

    public var access: OperationAccess {
        let read = OperationAccess.Target(
            table: tableName, kind: .read, keys: [key], attributes: attributesToGet.map(Set.init),
            select: OperationAccess.select(
                nil, projects: projectionExpression != nil || attributesToGet != nil, index: nil))
        return OperationAccess(
            [read.naming([.projection: projectionExpression], names: expressionAttributeNames, values: nil)],
            returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> GetItemOutput {
        try store.getItem(self)
    }
}

extension GetItemInput: CapacityMetered {}

extension GetItemOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity.map { [$0] } ?? [] }
}

extension OperationName {
    public static let getItem = OperationName("GetItem")
}
