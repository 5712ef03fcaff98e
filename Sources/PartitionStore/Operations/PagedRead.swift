/// What Query and Scan share: the table or index read, the filter and projection with the names
/// and values their expressions use, the page (limit, start key, Select) and how it is read. Their
/// codecs read and write these members once for both.
public protocol PagedRead: Sendable {
    var tableName: String { get }
    var indexName: String? { get set }
    var filterExpression: String? { get set }
    var projectionExpression: String? { get set }
    var expressionAttributeNames: [String: String]? { get set }
    var expressionAttributeValues: [String: AttributeValue]? { get set }
    var conditionalOperator: ConditionalOperator? { get set }
    var limit: Int? { get set }
    var exclusiveStartKey: Item? { get set }
    var select: Select? { get set }
    var attributesToGet: [String]? { get set }
    var consistentRead: Bool { get set }
    var returnConsumedCapacity: ReturnConsumedCapacity { get set }
}

extension QueryInput: PagedRead {}
extension ScanInput: PagedRead {}
