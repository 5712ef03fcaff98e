/// Request and response shapes of Query and Scan, named as in DynamoDB's API reference.

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq = "EQ", ne = "NE", le = "LE", lt = "LT", ge = "GE", gt = "GT"
    case notNull = "NOT_NULL", null = "NULL", contains = "CONTAINS", notContains = "NOT_CONTAINS"
    case beginsWith = "BEGINS_WITH", `in` = "IN", between = "BETWEEN"
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

public struct QueryInput: Sendable {
    public var tableName: String
    public var indexName: String?
    /// The partition key with EQ, and optionally the sort key with EQ, LT, LE, GT, GE, BETWEEN
    /// or BEGINS_WITH.
    public var keyConditions: [String: Condition]
    public var scanIndexForward: Bool
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var select: Select?
    public var attributesToGet: [String]?
    public var consistentRead: Bool

    public init(
        tableName: String, indexName: String? = nil, keyConditions: [String: Condition],
        scanIndexForward: Bool = true, limit: Int? = nil, exclusiveStartKey: Item? = nil,
        select: Select? = nil, attributesToGet: [String]? = nil, consistentRead: Bool = false
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditions = keyConditions
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.select = select
        self.attributesToGet = attributesToGet
        self.consistentRead = consistentRead
    }
}

public struct ScanInput: Sendable {
    public var tableName: String
    public var indexName: String?
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var segment: Int?
    public var totalSegments: Int?
    public var select: Select?
    public var attributesToGet: [String]?
    public var consistentRead: Bool

    public init(
        tableName: String, indexName: String? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil,
        segment: Int? = nil, totalSegments: Int? = nil, select: Select? = nil,
        attributesToGet: [String]? = nil, consistentRead: Bool = false
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.segment = segment
        self.totalSegments = totalSegments
        self.select = select
        self.attributesToGet = attributesToGet
        self.consistentRead = consistentRead
    }
}

/// One page of a Query or Scan.
public struct ItemPage: Sendable, Hashable {
    /// The items, empty when Select is COUNT.
    public var items: [Item]
    public var count: Int
    public var scannedCount: Int
    /// Present when there may be more: pass it as the next request's ExclusiveStartKey.
    public var lastEvaluatedKey: Item?
}

public typealias QueryOutput = ItemPage
public typealias ScanOutput = ItemPage

/// A key condition in the engine's own terms: the partition key value and an optional sort-key
/// condition. KeyConditions (and, later, KeyConditionExpression) compile to this.
struct KeyCondition: Sendable {
    enum Sort: Sendable {
        case eq(AttributeValue), lt(AttributeValue), le(AttributeValue), gt(AttributeValue), ge(AttributeValue)
        case between(AttributeValue, AttributeValue)
        case beginsWith(AttributeValue)
    }
    var partition: AttributeValue
    var sort: Sort?
}
