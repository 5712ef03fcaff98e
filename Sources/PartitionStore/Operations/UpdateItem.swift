/// UpdateItem: changes one item's attributes (creating it when absent), optionally on a condition.

public struct UpdateItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String?
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    /// The legacy form of an update.
    public var attributeUpdates: [String: AttributeValueUpdate]?
    public var expected: [String: ExpectedAttributeValue]?
    public var conditionalOperator: ConditionalOperator?
    public var returnValues: ReturnValue
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, key: Item, updateExpression: String? = nil, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
        attributeUpdates: [String: AttributeValueUpdate]? = nil,
        expected: [String: ExpectedAttributeValue]? = nil, conditionalOperator: ConditionalOperator? = nil,
        returnValues: ReturnValue = .none,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.attributeUpdates = attributeUpdates
        self.expected = expected
        self.conditionalOperator = conditionalOperator
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

extension UpdateItemInput: StoreOperation {
    public typealias Output = WriteItemOutput
    public static let name = OperationName.updateItem

    public var access: OperationAccess {
        let write = OperationAccess.Target(table: tableName, kind: .write, keys: [key])
        return OperationAccess(
            [
                write.naming(
                    [.update: updateExpression, .condition: conditionExpression], names: expressionAttributeNames,
                    values: expressionAttributeValues,
                    legacy: Array((attributeUpdates ?? [:]).keys) + Array((expected ?? [:]).keys))
            ], returnValues: returnValues, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> WriteItemOutput {
        try store.write(store.prepareUpdate(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> WriteItemOutput {
        try await store.writeAsync(store.prepareUpdate(self))
    }
}

extension UpdateItemInput: CapacityMetered {}

extension OperationName {
    public static let updateItem = OperationName("UpdateItem")
}
