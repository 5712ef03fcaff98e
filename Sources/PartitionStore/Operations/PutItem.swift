/// PutItem: creates or replaces one item, optionally on a condition.

public struct PutItemInput: Sendable {
    public var tableName: String
    public var item: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    public var expected: [String: ExpectedAttributeValue]?
    public var conditionalOperator: ConditionalOperator?
    public var returnValues: ReturnValue
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, item: Item, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
        expected: [String: ExpectedAttributeValue]? = nil, conditionalOperator: ConditionalOperator? = nil,
        returnValues: ReturnValue = .none,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.expected = expected
        self.conditionalOperator = conditionalOperator
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

extension PutItemInput: StoreOperation {
    public typealias Output = WriteItemOutput
    public static let name = OperationName.putItem

    public var access: OperationAccess {
        let write = OperationAccess.Target(table: tableName, kind: .write, keys: [item], attributes: Set(item.keys))
        return OperationAccess(
            [
                write.naming(
                    [.condition: conditionExpression], names: expressionAttributeNames,
                    values: expressionAttributeValues, legacy: expected.map { Array($0.keys) })
            ], returnValues: returnValues, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> WriteItemOutput {
        try store.write(store.preparePut(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> WriteItemOutput {
        try await store.writeAsync(store.preparePut(self))
    }
}

extension PutItemInput: CapacityMetered {}

extension WriteItemOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity.map { [$0] } ?? [] }
}

extension OperationName {
    public static let putItem = OperationName("PutItem")
}
