/// Request and response shapes of the item operations, named as in DynamoDB's API reference.

public enum ReturnValue: String, Sendable, CaseIterable {
    case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW"
}

public struct PutItemInput: Sendable {
    public var tableName: String
    public var item: Item
    public var returnValues: ReturnValue
    public init(tableName: String, item: Item, returnValues: ReturnValue = .none) {
        self.tableName = tableName
        self.item = item
        self.returnValues = returnValues
    }
}

public struct GetItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var consistentRead: Bool
    /// Top-level attributes to return (the legacy form of a projection); nil returns all.
    public var attributesToGet: [String]?
    public init(tableName: String, key: Item, consistentRead: Bool = false, attributesToGet: [String]? = nil) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.attributesToGet = attributesToGet
    }
}

public struct DeleteItemInput: Sendable {
    public var tableName: String
    public var key: Item
    public var returnValues: ReturnValue
    public init(tableName: String, key: Item, returnValues: ReturnValue = .none) {
        self.tableName = tableName
        self.key = key
        self.returnValues = returnValues
    }
}

/// One attribute change in UpdateItem's AttributeUpdates.
public struct AttributeValueUpdate: Sendable, Hashable {
    public enum Action: String, Sendable {
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
    public var attributeUpdates: [String: AttributeValueUpdate]
    public var returnValues: ReturnValue
    public init(tableName: String, key: Item, attributeUpdates: [String: AttributeValueUpdate], returnValues: ReturnValue = .none) {
        self.tableName = tableName
        self.key = key
        self.attributeUpdates = attributeUpdates
        self.returnValues = returnValues
    }
}

/// The result of a write: the attributes asked for by ReturnValues, if any.
public struct WriteItemOutput: Sendable, Hashable {
    public var attributes: Item?
}

public struct GetItemOutput: Sendable, Hashable {
    public var item: Item?
}
