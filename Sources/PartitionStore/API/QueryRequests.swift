/// Request and response shapes of Query and Scan, named as in DynamoDB's API reference.

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq = "EQ"
    case ne = "NE"
    case le = "LE"
    case lt = "LT"
    case ge = "GE"
    case gt = "GT"
    case notNull = "NOT_NULL"
    case null = "NULL"
    case contains = "CONTAINS"
    case notContains = "NOT_CONTAINS"
    case beginsWith = "BEGINS_WITH"
    case `in` = "IN"
    case between = "BETWEEN"
}

/// A legacy condition on one attribute (KeyConditions, QueryFilter, ScanFilter).
public struct Condition: Sendable, Hashable {
    public var comparisonOperator: ComparisonOperator
    public var attributeValueList: [AttributeValue]
    public init(_ comparisonOperator: ComparisonOperator, _ attributeValueList: [AttributeValue] = []) {
        self.comparisonOperator = comparisonOperator
        self.attributeValueList = attributeValueList
    }
}

public enum Select: String, Sendable, CaseIterable {
    case allAttributes = "ALL_ATTRIBUTES"
    case allProjectedAttributes = "ALL_PROJECTED_ATTRIBUTES"
    case specificAttributes = "SPECIFIC_ATTRIBUTES"
    case count = "COUNT"
}

/// One page of a Query or Scan.
public struct ItemPage: Sendable, Hashable {
    /// The items, empty when Select is COUNT.
    public var items: [Item]
    /// The items that passed the filter (all of those read when there is none).
    public var count: Int
    /// The items read before the filter.
    public var scannedCount: Int
    /// Present when there may be more: pass it as the next request's ExclusiveStartKey.
    public var lastEvaluatedKey: Item?
    public var consumedCapacity: ConsumedCapacity?

    public init(
        items: [Item], count: Int, scannedCount: Int, lastEvaluatedKey: Item? = nil,
        consumedCapacity: ConsumedCapacity? = nil
    ) {
        self.items = items
        self.count = count
        self.scannedCount = scannedCount
        self.lastEvaluatedKey = lastEvaluatedKey
        self.consumedCapacity = consumedCapacity
    }
}

public typealias QueryOutput = ItemPage
public typealias ScanOutput = ItemPage

/// A key condition in the engine's own terms: the partition key value and an optional sort-key
/// condition. KeyConditions and KeyConditionExpression both compile to this.
struct KeyCondition: Sendable {
    enum Sort: Sendable {
        case eq(AttributeValue)
        case lt(AttributeValue)
        case le(AttributeValue)
        case gt(AttributeValue)
        case ge(AttributeValue)
        case between(AttributeValue, AttributeValue)
        case beginsWith(AttributeValue)
    }
    var partition: AttributeValue
    var sort: Sort?
}
