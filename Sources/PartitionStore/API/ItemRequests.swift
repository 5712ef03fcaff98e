/// Request and response shapes of the item operations, named as in DynamoDB's API reference.

public enum ReturnValue: String, Sendable, CaseIterable {
    case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW"
}

/// Whether a failed condition returns the item as it was (ALL_OLD) or nothing.
public enum ReturnValuesOnConditionCheckFailure: String, Sendable, CaseIterable {
    case none = "NONE", allOld = "ALL_OLD"
}

/// How legacy conditions (Expected, QueryFilter, ScanFilter) combine.
public enum ConditionalOperator: String, Sendable, CaseIterable {
    case and = "AND", or = "OR"
}

/// One entry of the legacy Expected parameter: a value the attribute must equal, whether it must
/// exist, or a comparison.
public struct ExpectedAttributeValue: Sendable, Hashable {
    public var value: AttributeValue?
    public var exists: Bool?
    public var comparisonOperator: ComparisonOperator?
    public var attributeValueList: [AttributeValue]?

    public init(value: AttributeValue? = nil, exists: Bool? = nil, comparisonOperator: ComparisonOperator? = nil, attributeValueList: [AttributeValue]? = nil) {
        self.value = value
        self.exists = exists
        self.comparisonOperator = comparisonOperator
        self.attributeValueList = attributeValueList
    }
}

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
        returnValues: ReturnValue = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
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

public struct DeleteItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    public var expected: [String: ExpectedAttributeValue]?
    public var conditionalOperator: ConditionalOperator?
    public var returnValues: ReturnValue
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, key: Item, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
        expected: [String: ExpectedAttributeValue]? = nil, conditionalOperator: ConditionalOperator? = nil,
        returnValues: ReturnValue = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.expected = expected
        self.conditionalOperator = conditionalOperator
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

/// One attribute change in UpdateItem's AttributeUpdates.
public struct AttributeValueUpdate: Sendable, Hashable {
    public enum Action: String, Sendable, CaseIterable {
        case put = "PUT", delete = "DELETE", add = "ADD"
    }
    public var action: Action
    public var value: AttributeValue?
    public init(_ action: Action, _ value: AttributeValue? = nil) {
        self.action = action
        self.value = value
    }
}

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
        returnValues: ReturnValue = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none,
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

/// The result of a write: the attributes asked for by ReturnValues, if any.
public struct WriteItemOutput: Sendable, Hashable {
    public var attributes: Item?
    public var consumedCapacity: ConsumedCapacity?

    public init(attributes: Item? = nil, consumedCapacity: ConsumedCapacity? = nil) {
        self.attributes = attributes
        self.consumedCapacity = consumedCapacity
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
