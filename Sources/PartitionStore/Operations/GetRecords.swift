/// GetRecords: the next stream records of a shard from an iterator.

public struct GetRecordsOutput: Sendable, Hashable {
    public var records: [StreamRecord]
    /// Where to read next; nil once a disabled stream has been read to its end.
    public var nextShardIterator: String?

    public init(records: [StreamRecord], nextShardIterator: String? = nil) {
        self.records = records
        self.nextShardIterator = nextShardIterator
    }
}

public struct GetRecordsInput: Sendable, Hashable {
    public var shardIterator: String
    public var limit: Int?

    public init(shardIterator: String, limit: Int? = nil) {
        self.shardIterator = shardIterator
        self.limit = limit
    }
}

extension GetRecordsInput: StoreOperation {
    public typealias Output = GetRecordsOutput
    public static let name = OperationName.getRecords

    /// An iterator names its stream only inside: the engine finds it (`resolvedAccess(on:)`).
    public var access: OperationAccess { .account }

    public func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        store.streamArn(ofIterator: shardIterator).map { .stream($0, .read) } ?? .account
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> GetRecordsOutput {
        try store.getRecords(shardIterator: shardIterator, limit: limit)
    }
}

extension OperationName {
    public static let getRecords = OperationName("GetRecords", streams: true)
}
