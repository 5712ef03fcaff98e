/// DescribeStream: a stream's status, view type and shards.

public struct DescribeStreamInput: Sendable, Hashable {
    public var streamArn: String
    public var limit: Int?
    public var exclusiveStartShardId: String?

    public init(streamArn: String, limit: Int? = nil, exclusiveStartShardId: String? = nil) {
        self.streamArn = streamArn
        self.limit = limit
        self.exclusiveStartShardId = exclusiveStartShardId
    }
}

extension DescribeStreamInput: StoreOperation {
    public typealias Output = StreamDescription
    public static let name = OperationName.describeStream

    public var access: OperationAccess { .stream(streamArn, .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> StreamDescription {
        try store.describeStream(streamArn, limit: limit, exclusiveStartShardId: exclusiveStartShardId)
    }
}

extension OperationName {
    public static let describeStream = OperationName("DescribeStream", streams: true)
}
