/// What PutItem, DeleteItem and UpdateItem share: a condition in expression or legacy form, the
/// names and values their expressions use, and what they return. The engine builds their
/// condition, and the wire codec reads and writes these members, once for all three.
public protocol ConditionalWrite: Sendable {
    var tableName: String { get }
    var conditionExpression: String? { get set }
    var expressionAttributeNames: [String: String]? { get set }
    var expressionAttributeValues: [String: AttributeValue]? { get set }
    var expected: [String: ExpectedAttributeValue]? { get set }
    var conditionalOperator: ConditionalOperator? { get set }
    var returnValues: ReturnValue { get set }
    var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure { get set }
    var returnConsumedCapacity: ReturnConsumedCapacity { get set }
}

extension PutItemInput: ConditionalWrite {}
extension DeleteItemInput: ConditionalWrite {}
extension UpdateItemInput: ConditionalWrite {}

extension WriteCondition {
    /// The condition of a put or a delete (an update's is built with its update expression).
    init(of write: some ConditionalWrite) throws(StoreError) {
        try self.init(
            write.conditionExpression, expected: write.expected, conditionalOperator: write.conditionalOperator,
            names: write.expressionAttributeNames, values: write.expressionAttributeValues,
            onFailure: write.returnValuesOnConditionCheckFailure)
    }
}
