import PartitionStore

/// The operations the endpoint answers, by their `X-Amz-Target` names: DynamoDB's operation
/// names, under the DynamoDB or the DynamoDB Streams service prefix.
public typealias WireOperation = OperationName

extension OperationName {
    public static let dynamoPrefix = "DynamoDB_20120810."
    public static let streamsPrefix = "DynamoDBStreams_20120810."

    /// The operation named by an `X-Amz-Target` header, or nil when the endpoint serves none by
    /// that name under that service prefix.
    public init?(target: String) {
        let streams = target.hasPrefix(Self.streamsPrefix)
        guard streams || target.hasPrefix(Self.dynamoPrefix) else { return nil }
        let name = String(target.dropFirst(streams ? Self.streamsPrefix.count : Self.dynamoPrefix.count))
        guard let operation = WireOperations.served[name], operation.isStreams == streams else { return nil }
        self = operation
    }

    /// The full target, as a client sends it.
    public var target: String { (isStreams ? Self.streamsPrefix : Self.dynamoPrefix) + rawValue }
}
