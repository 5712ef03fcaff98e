import PartitionStore

/// The four DynamoDB Streams operations a follower needs. `RemoteStreamsClient` sends them to
/// an endpoint; tests give a follower shards that split and close.
public protocol StreamsAPI: Sendable {
    func listStreams(tableName: String, exclusiveStartStreamArn: String?) async throws(StoreError) -> ListStreamsOutput
    func describeStream(streamArn: String, exclusiveStartShardId: String?) async throws(StoreError) -> StreamDescription
    func getShardIterator(
        streamArn: String, shardId: String, type: ShardIteratorType, sequenceNumber: String?
    ) async throws(StoreError) -> String
    func getRecords(shardIterator: String, tableName: String) async throws(StoreError) -> GetRecordsOutput
}

/// The Streams API of a remote endpoint.
public struct RemoteStreamsClient: StreamsAPI {
    public let connection: RemoteConnection

    public init(connection: RemoteConnection) {
        self.connection = connection
    }

    public func listStreams(
        tableName: String, exclusiveStartStreamArn: String?
    ) async throws(StoreError) -> ListStreamsOutput {
        try await connection.call(
            ListStreamsInput(tableName: tableName, exclusiveStartStreamArn: exclusiveStartStreamArn))
    }

    public func describeStream(
        streamArn: String, exclusiveStartShardId: String?
    ) async throws(StoreError) -> StreamDescription {
        try await connection.call(
            DescribeStreamInput(streamArn: streamArn, exclusiveStartShardId: exclusiveStartShardId))
    }

    public func getShardIterator(
        streamArn: String, shardId: String, type: ShardIteratorType, sequenceNumber: String?
    ) async throws(StoreError) -> String {
        try await connection.call(
            GetShardIteratorInput(
                streamArn: streamArn, shardId: shardId, shardIteratorType: type, sequenceNumber: sequenceNumber)
        )
        .shardIterator
    }

    /// Records name no table on the wire; they are this table's.
    public func getRecords(shardIterator: String, tableName: String) async throws(StoreError) -> GetRecordsOutput {
        var output = try await connection.call(GetRecordsInput(shardIterator: shardIterator))
        for index in output.records.indices { output.records[index].tableName = tableName }
        return output
    }
}

/// A table's changes read through the Streams API, for the console's live view: it finds the
/// table's newest stream, reads its open shards from the latest record on, and follows shard
/// lineage — when a shard closes, its children are read from their start, only after the parent
/// is read to its end, so an item's changes arrive in order across splits.
public struct RemoteChangeSource: ChangeSource {
    public let api: any StreamsAPI
    /// How long to wait when no shard had new records. DynamoDB allows about five GetRecords
    /// calls a second per shard.
    public var pollInterval: Duration
    /// How often to look for new shards while the known ones stay open.
    public var discoveryInterval: Duration

    public init(
        api: any StreamsAPI, pollInterval: Duration = .milliseconds(250), discoveryInterval: Duration = .seconds(10)
    ) {
        self.api = api
        self.pollInterval = pollInterval
        self.discoveryInterval = discoveryInterval
    }

    /// `started` is called once the open shards' LATEST iterators are held.
    public func changes(
        of tableName: String, started: @escaping @Sendable () -> Void
    ) -> AsyncThrowingStream<StreamRecord, any Error> {
        let (stream, continuation) = AsyncThrowingStream<StreamRecord, any Error>.makeStream()
        let follower = ShardFollower(api: api, tableName: tableName)
        let task = Task { [pollInterval, discoveryInterval] in
            await Self.follow(
                follower, pollInterval: pollInterval, discoveryInterval: discoveryInterval, started: started,
                into: continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    static func follow(
        _ start: ShardFollower, pollInterval: Duration, discoveryInterval: Duration, started: @Sendable () -> Void,
        into continuation: AsyncThrowingStream<StreamRecord, any Error>.Continuation
    ) async {
        var follower = start
        do {
            try await follower.start()
            started()
            var lastDiscovery = ContinuousClock.now
            while !Task.isCancelled {
                let records = try await follower.poll()
                for record in records {
                    if case .terminated = continuation.yield(record) { return }
                }
                if follower.needsDiscovery || ContinuousClock.now - lastDiscovery >= discoveryInterval {
                    try await follower.discover()
                    lastDiscovery = .now
                }
                if records.isEmpty { try await Task.sleep(for: pollInterval) }
            }
            continuation.finish()
        } catch is CancellationError {
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }
}

/// The reading position in each shard of one stream, and which shards are done.
struct ShardFollower: Sendable {
    let api: any StreamsAPI
    let tableName: String
    private(set) var streamArn = ""
    /// The next iterator of each shard being read.
    private(set) var iterators: [String: String] = [:]
    /// The last sequence number read in each shard, to resume after an expired iterator.
    private(set) var lastSequence: [String: String] = [:]
    /// Shards being read or read to their end; others are new when discovery finds them.
    private(set) var known: Set<String> = []
    private(set) var finished: Set<String> = []
    private(set) var needsDiscovery = false

    init(api: any StreamsAPI, tableName: String) {
        self.api = api
        self.tableName = tableName
    }

    /// Picks the table's newest stream and reads its open shards from now on; closed shards are
    /// history and are left alone.
    mutating func start() async throws(StoreError) {
        streamArn = try await newestStream()
        for shard in try await shards() {
            known.insert(shard.shardId)
            if shard.sequenceNumberRange.endingSequenceNumber == nil {
                iterators[shard.shardId] = try await api.getShardIterator(
                    streamArn: streamArn, shardId: shard.shardId, type: .latest, sequenceNumber: nil)
            } else {
                finished.insert(shard.shardId)
            }
        }
    }

    /// One GetRecords per shard being read, in shard order; a shard without a next iterator is
    /// closed and read to its end.
    mutating func poll() async throws(StoreError) -> [StreamRecord] {
        var records: [StreamRecord] = []
        for shardId in iterators.keys.sorted() {
            guard let iterator = iterators[shardId] else { continue }
            guard let output = try await read(shardId, iterator) else {
                // Iterators last 15 minutes; resume after the last record read.
                iterators[shardId] = try await resumeIterator(shardId)
                continue
            }
            records += output.records
            if let last = output.records.last { lastSequence[shardId] = last.sequenceNumber }
            if let next = output.nextShardIterator {
                iterators[shardId] = next
            } else {
                iterators[shardId] = nil
                finished.insert(shardId)
                needsDiscovery = true
            }
        }
        return records
    }

    /// Starts reading the shards that appeared: children of finished shards from their first
    /// record. A child of a shard still being read waits until its parent is done.
    mutating func discover() async throws(StoreError) {
        needsDiscovery = false
        for shard in try await shards() where !known.contains(shard.shardId) {
            if let parent = shard.parentShardId, known.contains(parent), !finished.contains(parent) { continue }
            known.insert(shard.shardId)
            iterators[shard.shardId] = try await api.getShardIterator(
                streamArn: streamArn, shardId: shard.shardId, type: .trimHorizon, sequenceNumber: nil)
        }
    }

    /// The next records of a shard, or nil when its iterator has expired.
    func read(_ shardId: String, _ iterator: String) async throws(StoreError) -> GetRecordsOutput? {
        do {
            return try await api.getRecords(shardIterator: iterator, tableName: tableName)
        } catch {
            if error.code == .expiredIterator { return nil }
            throw error
        }
    }

    func resumeIterator(_ shardId: String) async throws(StoreError) -> String {
        if let sequence = lastSequence[shardId] {
            return try await api.getShardIterator(
                streamArn: streamArn, shardId: shardId, type: .afterSequenceNumber, sequenceNumber: sequence)
        }
        return try await api.getShardIterator(
            streamArn: streamArn, shardId: shardId, type: .latest, sequenceNumber: nil)
    }

    func newestStream() async throws(StoreError) -> String {
        var streams: [StreamSummary] = []
        var start: String?
        repeat {
            let page = try await api.listStreams(tableName: tableName, exclusiveStartStreamArn: start)
            streams += page.streams.filter { $0.tableName.isEmpty || $0.tableName == tableName }
            start = page.lastEvaluatedStreamArn
        } while start != nil
        guard let newest = streams.max(by: { $0.streamLabel < $1.streamLabel }) else {
            throw StoreError(
                .validation, "Table \(tableName) has no stream; `vaultdesk provision` creates the table with one")
        }
        return newest.streamArn
    }

    func shards() async throws(StoreError) -> [Shard] {
        var shards: [Shard] = []
        var start: String?
        repeat {
            let page = try await api.describeStream(streamArn: streamArn, exclusiveStartShardId: start)
            shards += page.shards
            start = page.lastEvaluatedShardId
        } while start != nil
        return shards
    }
}
