/// Request and response shapes of the item operations, named as in DynamoDB's API reference.

public enum ReturnValue: String, Sendable, CaseIterable {
    case none = "NONE"
    case allOld = "ALL_OLD"
    case updatedOld = "UPDATED_OLD"
    case allNew = "ALL_NEW"
    case updatedNew = "UPDATED_NEW"
}

/// Whether a failed condition returns the item as it was (ALL_OLD) or nothing.
public enum ReturnValuesOnConditionCheckFailure: String, Sendable, CaseIterable {
    case none = "NONE"
    case allOld = "ALL_OLD"
}

/// How legacy conditions (Expected, QueryFilter, ScanFilter) combine.
public enum ConditionalOperator: String, Sendable, CaseIterable {
    case and = "AND"
    case or = "OR"
}

/// One entry of the legacy Expected parameter: a value the attribute must equal, whether it must
/// exist, or a comparison.
public struct ExpectedAttributeValue: Sendable, Hashable {
    public var value: AttributeValue?
    public var exists: Bool?
    public var comparisonOperator: ComparisonOperator?
    public var attributeValueList: [AttributeValue]?

    public init(
        value: AttributeValue? = nil, exists: Bool? = nil, comparisonOperator: ComparisonOperator? = nil,
        attributeValueList: [AttributeValue]? = nil
    ) {
        self.value = value
        self.exists = exists
        self.comparisonOperator = comparisonOperator
        self.attributeValueList = attributeValueList
    }
}

/// One attribute change in UpdateItem's AttributeUpdates.
public struct AttributeValueUpdate: Sendable, Hashable {
    public enum Action: String, Sendable, CaseIterable {
        case put = "PUT"
        case delete = "DELETE"
        case add = "ADD"
    }
    public var action: Action
    public var value: AttributeValue?
    public init(_ action: Action, _ value: AttributeValue? = nil) {
        self.action = action
        self.value = value
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
