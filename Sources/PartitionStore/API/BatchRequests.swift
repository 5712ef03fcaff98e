/// Request and response shapes of BatchWriteItem and BatchGetItem, named as in DynamoDB's API
/// reference.

/// One put or delete of a BatchWriteItem.
public enum WriteRequest: Sendable, Hashable {
    case put(Item)
    case delete(key: Item)
}

/// The keys to read from one table in a BatchGetItem, and how.
public struct KeysAndAttributes: Sendable, Hashable {
    public var keys: [Item]
    public var consistentRead: Bool
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var attributesToGet: [String]?

    public init(
        keys: [Item], consistentRead: Bool = false, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, attributesToGet: [String]? = nil
    ) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.attributesToGet = attributesToGet
    }
}
