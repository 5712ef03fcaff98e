/// Request and response shapes of BatchWriteItem and BatchGetItem, named as in DynamoDB's API
/// reference.

/// One put or delete of a BatchWriteItem.
public enum WriteRequest: Sendable, Hashable {
    case put(Item)
    case delete(key: Item)
}

public struct BatchWriteItemInput: Sendable {
    /// Table name to its writes; at most 25 writes in all.
    public var requestItems: [String: [WriteRequest]]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(requestItems: [String: [WriteRequest]], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.requestItems = requestItems
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct BatchWriteItemOutput: Sendable, Hashable {
    /// Writes not made, to be sent again; empty when every write was made.
    public var unprocessedItems: [String: [WriteRequest]]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(unprocessedItems: [String: [WriteRequest]], consumedCapacity: [ConsumedCapacity]? = nil) {
        self.unprocessedItems = unprocessedItems
        self.consumedCapacity = consumedCapacity
    }
}

/// The keys to read from one table in a BatchGetItem, and how.
public struct KeysAndAttributes: Sendable, Hashable {
    public var keys: [Item]
    public var consistentRead: Bool
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var attributesToGet: [String]?

    public init(keys: [Item], consistentRead: Bool = false, projectionExpression: String? = nil,
                expressionAttributeNames: [String: String]? = nil, attributesToGet: [String]? = nil) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.attributesToGet = attributesToGet
    }
}

public struct BatchGetItemInput: Sendable {
    /// Table name to its keys; at most 100 keys in all.
    public var requestItems: [String: KeysAndAttributes]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(requestItems: [String: KeysAndAttributes], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.requestItems = requestItems
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct BatchGetItemOutput: Sendable, Hashable {
    public var responses: [String: [Item]]
    /// Keys not read because the answer reached 16 MB; send them again.
    public var unprocessedKeys: [String: KeysAndAttributes]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(responses: [String: [Item]], unprocessedKeys: [String: KeysAndAttributes], consumedCapacity: [ConsumedCapacity]? = nil) {
        self.responses = responses
        self.unprocessedKeys = unprocessedKeys
        self.consumedCapacity = consumedCapacity
    }
}
