/// The operations the endpoint answers, by their `X-Amz-Target` names.
public enum WireOperation: String, Sendable, CaseIterable {
    // DynamoDB_20120810
    case createTable = "CreateTable"
    case describeTable = "DescribeTable"
    case updateTable = "UpdateTable"
    case deleteTable = "DeleteTable"
    case listTables = "ListTables"
    case putItem = "PutItem"
    case getItem = "GetItem"
    case updateItem = "UpdateItem"
    case deleteItem = "DeleteItem"
    case query = "Query"
    case scan = "Scan"
    case batchWriteItem = "BatchWriteItem"
    case batchGetItem = "BatchGetItem"
    case transactWriteItems = "TransactWriteItems"
    case transactGetItems = "TransactGetItems"
    case updateTimeToLive = "UpdateTimeToLive"
    case describeTimeToLive = "DescribeTimeToLive"
    case describeEndpoints = "DescribeEndpoints"
    case describeLimits = "DescribeLimits"
    // DynamoDBStreams_20120810
    case listStreams = "ListStreams"
    case describeStream = "DescribeStream"
    case getShardIterator = "GetShardIterator"
    case getRecords = "GetRecords"

    public static let dynamoPrefix = "DynamoDB_20120810."
    public static let streamsPrefix = "DynamoDBStreams_20120810."

    var isStreams: Bool {
        switch self {
        case .listStreams, .describeStream, .getShardIterator, .getRecords: true
        default: false
        }
    }

    /// Operations that change data, for logging and for the read-only checks of callers.
    public var writes: Bool {
        switch self {
        case .createTable, .updateTable, .deleteTable, .putItem, .updateItem, .deleteItem,
             .batchWriteItem, .transactWriteItems, .updateTimeToLive: true
        default: false
        }
    }

    /// The operation named by an `X-Amz-Target` header, or nil when there is none by that name
    /// under that service prefix.
    public init?(target: String) {
        if target.hasPrefix(Self.dynamoPrefix), let operation = WireOperation(rawValue: String(target.dropFirst(Self.dynamoPrefix.count))), !operation.isStreams {
            self = operation
        } else if target.hasPrefix(Self.streamsPrefix), let operation = WireOperation(rawValue: String(target.dropFirst(Self.streamsPrefix.count))), operation.isStreams {
            self = operation
        } else {
            return nil
        }
    }

    /// The full target, as a client sends it.
    public var target: String { (isStreams ? Self.streamsPrefix : Self.dynamoPrefix) + rawValue }
}
