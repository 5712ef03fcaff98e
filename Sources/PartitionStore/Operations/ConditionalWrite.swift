/// What PutItem, DeleteItem and UpdateItem share, held as one value: a condition in expression or
/// legacy form, the names and values their expressions use, and what they return.
public struct WriteOptions: Sendable {
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    /// The legacy form of a condition.
    public var expected: [String: ExpectedAttributeValue]?
    public var conditionalOperator: ConditionalOperator?
    public var returnValues: ReturnValue
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil, expected: [String: ExpectedAttributeValue]? = nil,
        conditionalOperator: ConditionalOperator? = nil, returnValues: ReturnValue = .none,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.expected = expected
        self.conditionalOperator = conditionalOperator
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

/// A single-item write with its shared options. The engine builds the condition, the access
/// policies read the names, and the wire codec reads and writes the members, once for all three.
public protocol ConditionalWrite: Sendable {
    var tableName: String { get }
    var options: WriteOptions { get set }
}

extension ConditionalWrite {
    public var conditionExpression: String? {
        get { options.conditionExpression }
        set { options.conditionExpression = newValue }
    }
    public var expressionAttributeNames: [String: String]? {
        get { options.expressionAttributeNames }
        set { options.expressionAttributeNames = newValue }
    }
    public var expressionAttributeValues: [String: AttributeValue]? {
        get { options.expressionAttributeValues }
        set { options.expressionAttributeValues = newValue }
    }
    public var expected: [String: ExpectedAttributeValue]? {
        get { options.expected }
        set { options.expected = newValue }
    }
    public var conditionalOperator: ConditionalOperator? {
        get { options.conditionalOperator }
        set { options.conditionalOperator = newValue }
    }
    public var returnValues: ReturnValue {
        get { options.returnValues }
        set { options.returnValues = newValue }
    }
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure {
        get { options.returnValuesOnConditionCheckFailure }
        set { options.returnValuesOnConditionCheckFailure = newValue }
    }
    public var returnConsumedCapacity: ReturnConsumedCapacity {
        get { options.returnConsumedCapacity }
        set { options.returnConsumedCapacity = newValue }
    }

    /// What the write touches, for the access policies: `target` plus every attribute its
    /// expressions (`expressions`, the condition among them) and legacy members name.
    func writeAccess(
        _ target: OperationAccess.Target, expressions: [ExpressionKind: String?] = [:],
        legacy: [String] = []
    ) -> OperationAccess {
        var expressions = expressions
        expressions[.condition] = conditionExpression
        let named = target.naming(
            expressions, names: expressionAttributeNames, values: expressionAttributeValues,
            legacy: legacy + Array((expected ?? [:]).keys))
        return OperationAccess([named], returnValues: returnValues, returnConsumedCapacity: returnConsumedCapacity)
    }
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
