/// GetShardIterator: where to start reading a shard of a stream.

public struct GetShardIteratorInput: Sendable, Hashable {
    public var streamArn: String
    public var shardId: String
    public var shardIteratorType: ShardIteratorType
    public var sequenceNumber: String?

    public init(streamArn: String, shardId: String, shardIteratorType: ShardIteratorType, sequenceNumber: String? = nil)
    {
        self.streamArn = streamArn
        self.shardId = shardId
        self.shardIteratorType = shardIteratorType
        self.sequenceNumber = sequenceNumber
    }
}

public struct GetShardIteratorOutput: Sendable, Hashable {
    public var shardIterator: String

    public init(shardIterator: String) {
        self.shardIterator = shardIterator
    }
}

extension GetShardIteratorInput: StoreOperation {
    public typealias Output = GetShardIteratorOutput
    public static let name = OperationName.getShardIterator

    public var access: OperationAccess { .stream(streamArn, .read) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> GetShardIteratorOutput {
        GetShardIteratorOutput(
            shardIterator: try store.getShardIterator(
                streamArn: streamArn, shardId: shardId, type: shardIteratorType, sequenceNumber: sequenceNumber))
    }
}

extension OperationName {
    public static let getShardIterator = OperationName("GetShardIterator", streams: true)
}
