import PartitionStore

/// The operations the endpoint answers, by their `X-Amz-Target` names: DynamoDB's operation
/// names, under the DynamoDB or the DynamoDB Streams service prefix.
public typealias WireOperation = OperationName

extension OperationName {
    public static let dynamoPrefix = "DynamoDB_20120810."
    public static let streamsPrefix = "DynamoDBStreams_20120810."

    /// The operation named by an `X-Amz-Target` header, or nil when there is none by that name
    /// under that service prefix.
    public init?(target: String) {
        if target.hasPrefix(Self.dynamoPrefix),
            let operation = OperationName(rawValue: String(target.dropFirst(Self.dynamoPrefix.count))),
            !operation.isStreams
        {
            self = operation
        } else if target.hasPrefix(Self.streamsPrefix),
            let operation = OperationName(rawValue: String(target.dropFirst(Self.streamsPrefix.count))),
            operation.isStreams
        {
            self = operation
        } else {
            return nil
        }
    }

    /// The full target, as a client sends it.
    public var target: String { (isStreams ? Self.streamsPrefix : Self.dynamoPrefix) + rawValue }
}
