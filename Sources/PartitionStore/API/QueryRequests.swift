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
    /// The partition key with `=`, and optionally one condition on the sort key.
    public var keyConditionExpression: String?
    /// Applied to each item read, after Limit and the 1 MB page.
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    /// The legacy key condition: the partition key with EQ, and optionally the sort key with EQ,
    /// LT, LE, GT, GE, BETWEEN or BEGINS_WITH.
    public var keyConditions: [String: Condition]?
    public var queryFilter: [String: Condition]?
    public var conditionalOperator: ConditionalOperator?
    public var scanIndexForward: Bool
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var select: Select?
    public var attributesToGet: [String]?
    public var consistentRead: Bool
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, indexName: String? = nil, keyConditionExpression: String? = nil,
        filterExpression: String? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
        keyConditions: [String: Condition]? = nil, queryFilter: [String: Condition]? = nil,
        conditionalOperator: ConditionalOperator? = nil,
        scanIndexForward: Bool = true, limit: Int? = nil, exclusiveStartKey: Item? = nil,
        select: Select? = nil, attributesToGet: [String]? = nil, consistentRead: Bool = false,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.keyConditions = keyConditions
        self.queryFilter = queryFilter
        self.conditionalOperator = conditionalOperator
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
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    public var scanFilter: [String: Condition]?
    public var conditionalOperator: ConditionalOperator?
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var segment: Int?
    public var totalSegments: Int?
    public var select: Select?
    public var attributesToGet: [String]?
    public var consistentRead: Bool
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        tableName: String, indexName: String? = nil, filterExpression: String? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
        scanFilter: [String: Condition]? = nil, conditionalOperator: ConditionalOperator? = nil,
        limit: Int? = nil, exclusiveStartKey: Item? = nil,
        segment: Int? = nil, totalSegments: Int? = nil, select: Select? = nil,
        attributesToGet: [String]? = nil, consistentRead: Bool = false,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.returnConsumedCapacity = returnConsumedCapacity
        self.tableName = tableName
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.scanFilter = scanFilter
        self.conditionalOperator = conditionalOperator
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
    /// The items that passed the filter (all of those read when there is none).
    public var count: Int
    /// The items read before the filter.
    public var scannedCount: Int
    /// Present when there may be more: pass it as the next request's ExclusiveStartKey.
    public var lastEvaluatedKey: Item?
    public var consumedCapacity: ConsumedCapacity?

    public init(items: [Item], count: Int, scannedCount: Int, lastEvaluatedKey: Item? = nil, consumedCapacity: ConsumedCapacity? = nil) {
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
        case eq(AttributeValue), lt(AttributeValue), le(AttributeValue), gt(AttributeValue), ge(AttributeValue)
        case between(AttributeValue, AttributeValue)
        case beginsWith(AttributeValue)
    }
    var partition: AttributeValue
    var sort: Sort?
}
