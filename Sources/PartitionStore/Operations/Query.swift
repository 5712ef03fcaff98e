/// Query: the items of one partition of a table or index, in sort-key order, a page at a time.

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

extension QueryInput: StoreOperation {
    public typealias Output = ItemPage
    public static let name = OperationName.query

    public var access: OperationAccess {
        var read = OperationAccess.Target(
            table: tableName, index: indexName, kind: .read, attributes: attributesToGet.map(Set.init),
            select: OperationAccess.select(
                select, projects: projectionExpression != nil || attributesToGet != nil, index: indexName))
        read.keyCondition = .init(
            expression: keyConditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            legacy: keyConditions)
        return OperationAccess(
            [
                read.naming(
                    [.projection: projectionExpression, .filter: filterExpression], names: expressionAttributeNames,
                    values: expressionAttributeValues, legacy: queryFilter.map { Array($0.keys) })
            ], returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ItemPage {
        try store.query(self)
    }
}

extension QueryInput: CapacityMetered {}

extension ItemPage: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity.map { [$0] } ?? [] }
}

extension OperationName {
    public static let query = OperationName("Query")
}
