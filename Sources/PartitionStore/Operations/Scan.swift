/// Scan: every item of a table or index (or of one segment of it), a page at a time.

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
        tableName: String, indexName: String? = nil, filterExpression: String? = nil,
        projectionExpression: String? = nil,
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

extension ScanInput: StoreOperation {
    public typealias Output = ItemPage
    public static let name = OperationName.scan

    public var access: OperationAccess {
        let read = OperationAccess.Target(
            table: tableName, index: indexName, kind: .read, attributes: attributesToGet.map(Set.init),
            select: OperationAccess.select(
                select, projects: projectionExpression != nil || attributesToGet != nil, index: indexName))
        return OperationAccess(
            [
                read.naming(
                    [.projection: projectionExpression, .filter: filterExpression], names: expressionAttributeNames,
                    values: expressionAttributeValues, legacy: scanFilter.map { Array($0.keys) })
            ], returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ItemPage {
        try store.scan(self)
    }
}

extension ScanInput: CapacityMetered {}

extension OperationName {
    public static let scan = OperationName("Scan")
}
