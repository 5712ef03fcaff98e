/// ListStreams: the streams of the store, or of one table, a page at a time.

public struct ListStreamsOutput: Sendable, Hashable {
    public var streams: [StreamSummary]
    public var lastEvaluatedStreamArn: String?

    public init(streams: [StreamSummary], lastEvaluatedStreamArn: String? = nil) {
        self.streams = streams
        self.lastEvaluatedStreamArn = lastEvaluatedStreamArn
    }
}

public struct ListStreamsInput: Sendable, Hashable {
    public var tableName: String?
    public var limit: Int?
    public var exclusiveStartStreamArn: String?

    public init(tableName: String? = nil, limit: Int? = nil, exclusiveStartStreamArn: String? = nil) {
        self.tableName = tableName
        self.limit = limit
        self.exclusiveStartStreamArn = exclusiveStartStreamArn
    }
}

extension ListStreamsInput: StoreOperation {
    public typealias Output = ListStreamsOutput
    public static let name = OperationName.listStreams

    public var access: OperationAccess { tableName.map { .table($0, .describe) } ?? .account }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListStreamsOutput {
        try store.listStreams(tableName: tableName, limit: limit, exclusiveStartStreamArn: exclusiveStartStreamArn)
    }
}

extension OperationName {
    public static let listStreams = OperationName("ListStreams", streams: true)
}
