/// Request and response shapes of TransactWriteItems and TransactGetItems, named as in
/// DynamoDB's API reference.

/// A condition on an item that a transaction checks without writing it.
public struct ConditionCheck: Sendable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(tableName: String, key: Item, conditionExpression: String, expressionAttributeNames: [String: String]? = nil,
                expressionAttributeValues: [String: AttributeValue]? = nil,
                returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

/// One action of a TransactWriteItems. ReturnValues is not used inside a transaction.
public enum TransactWriteItem: Sendable {
    case put(PutItemInput)
    case update(UpdateItemInput)
    case delete(DeleteItemInput)
    case conditionCheck(ConditionCheck)

    var tableName: String {
        switch self {
        case .put(let input): input.tableName
        case .update(let input): input.tableName
        case .delete(let input): input.tableName
        case .conditionCheck(let input): input.tableName
        }
    }
}

public struct TransactWriteItemsInput: Sendable {
    public var transactItems: [TransactWriteItem]
    /// Makes a repeat of the same request within 10 minutes a no-op that succeeds again.
    public var clientRequestToken: String?
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(transactItems: [TransactWriteItem], clientRequestToken: String? = nil, returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.transactItems = transactItems
        self.clientRequestToken = clientRequestToken
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct TransactWriteItemsOutput: Sendable, Hashable {
    public var consumedCapacity: [ConsumedCapacity]?

    public init(consumedCapacity: [ConsumedCapacity]? = nil) {
        self.consumedCapacity = consumedCapacity
    }
}

/// Why one action of a cancelled transaction failed, or "None" for those that did not.
public struct CancellationReason: Sendable, Hashable {
    public var code: String
    public var message: String?
    public var item: Item?

    public static let none = CancellationReason(code: "None", message: nil, item: nil)

    public init(code: String, message: String? = nil, item: Item? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }
}

public struct TransactGetItem: Sendable {
    public var tableName: String
    public var key: Item
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?

    public init(tableName: String, key: Item, projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil) {
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
