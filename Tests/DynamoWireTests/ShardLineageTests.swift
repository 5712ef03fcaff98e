import DynamoWire
import Foundation
import PartitionStore
import Synchronization
import Testing

/// A stream whose shards the test splits and closes, behind the Streams API a follower reads.
final class ScriptedStreams: StreamsAPI {
    struct State {
        var shards: [Shard] = []
        var records: [String: [StreamRecord]] = [:]
        var closed: Set<String> = []
        var expireNextRead: Set<String> = []
        var calls: [String] = []
    }

    let state = Mutex(State())
    static let arn = "arn:test:stream/1"

    func addShard(_ id: String, parent: String? = nil) {
        state.withLock {
            $0.shards.append(
                Shard(
                    shardId: id, parentShardId: parent,
                    sequenceNumberRange: SequenceNumberRange(startingSequenceNumber: "0")))
        }
    }

    func append(_ shard: String, _ sequence: Int) {
        let record = StreamRecord(
            eventID: "e\(sequence)", eventName: .insert, tableName: "t", approximateCreationDateTime: 0,
            keys: ["pk": .s("k\(sequence)")], newImage: nil, oldImage: nil, sequenceNumber: String(sequence),
            sizeBytes: 1, streamViewType: .keysOnly, userIdentity: nil)
        state.withLock { $0.records[shard, default: []].append(record) }
    }

    func close(_ shard: String) {
        state.withLock { state in
            state.closed.insert(shard)
            if let index = state.shards.firstIndex(where: { $0.shardId == shard }) {
                state.shards[index].sequenceNumberRange.endingSequenceNumber =
                    state.records[shard]?.last?.sequenceNumber ?? "0"
            }
        }
    }

    func listStreams(tableName: String, exclusiveStartStreamArn: String?) async throws(StoreError) -> ListStreamsOutput
    {
        ListStreamsOutput(streams: [StreamSummary(streamArn: Self.arn, tableName: tableName, streamLabel: "1")])
    }

    func describeStream(streamArn: String, exclusiveStartShardId: String?) async throws(StoreError) -> StreamDescription
    {
        // Pages of one shard, to follow LastEvaluatedShardId.
        let shards = state.withLock { $0.shards }
        let start = exclusiveStartShardId.flatMap { id in shards.firstIndex { $0.shardId == id }.map { $0 + 1 } } ?? 0
        let page = start < shards.count ? [shards[start]] : []
        return StreamDescription(
            streamArn: streamArn, streamLabel: "1", streamStatus: .enabled, streamViewType: .keysOnly,
            creationRequestDateTime: 0, tableName: "t", keySchema: [], shards: page,
            lastEvaluatedShardId: start + 1 < shards.count ? shards[start].shardId : nil)
    }

    func getShardIterator(
        streamArn: String, shardId: String, type: ShardIteratorType, sequenceNumber: String?
    ) async throws(StoreError) -> String {
        state.withLock { state in
            state.calls.append("\(type.rawValue) \(shardId)")
            let records = state.records[shardId] ?? []
            switch type {
            case .trimHorizon: return "\(shardId)|0"
            case .latest: return "\(shardId)|\(records.count)"
            case .afterSequenceNumber, .atSequenceNumber:
                let index = records.firstIndex { $0.sequenceNumber == sequenceNumber } ?? -1
                return "\(shardId)|\(index + (type == .afterSequenceNumber ? 1 : 0))"
            }
        }
    }

    func getRecords(shardIterator: String, tableName: String) async throws(StoreError) -> GetRecordsOutput {
        let parts = shardIterator.split(separator: "|")
        let shard = String(parts[0])
        let position = Int(parts[1]) ?? 0
        return try state.withLock { state throws(StoreError) in
            if state.expireNextRead.remove(shard) != nil { throw StoreError(.expiredIterator, "Iterator expired") }
            let records = Array((state.records[shard] ?? []).dropFirst(position))
            let end = position + records.count
            let next = state.closed.contains(shard) ? nil : "\(shard)|\(end)"
            return GetRecordsOutput(records: records, nextShardIterator: next)
        }
    }
}

@Suite("Following shard lineage")
struct ShardLineageTests {
    /// Collects what a change source delivers.
    final class Delivered: Sendable {
        let sequences = Mutex<[String]>([])
        var all: [String] { sequences.withLock { $0 } }

        func waitFor(_ count: Int) async throws {
            for _ in 0..<400 where all.count < count { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test(
        "a child shard is read only after its parent is read to its end, from its first record, with nothing lost or repeated"
    )
    func lineage() async throws {
        let streams = ScriptedStreams()
        streams.addShard("A")
        streams.append("A", 1)
        let source = RemoteChangeSource(
            api: streams, pollInterval: .milliseconds(2), discoveryInterval: .milliseconds(5))
        let delivered = Delivered()
        let reader = Task {
            for try await record in source.changes(of: "t") {
                delivered.sequences.withLock { $0.append(record.sequenceNumber) }
            }
        }
        defer { reader.cancel() }
        // Wait until the follower holds its LATEST iterator: older records are not delivered.
        for _ in 0..<400 where !streams.state.withLock({ $0.calls.contains("LATEST A") }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        streams.append("A", 2)
        try await delivered.waitFor(1)
        #expect(delivered.all == ["2"])

        // The shard splits: B and C are children of A, which still has a record to give.
        streams.addShard("B", parent: "A")
        streams.addShard("C", parent: "A")
        streams.append("B", 10)
        streams.append("C", 20)
        streams.append("A", 3)
        try await delivered.waitFor(2)
        try await Task.sleep(for: .milliseconds(50))
        #expect(delivered.all == ["2", "3"], "children must wait while their parent is open")

        streams.close("A")
        try await delivered.waitFor(4)
        #expect(delivered.all == ["2", "3", "10", "20"])
        #expect(streams.state.withLock { $0.calls }.contains("TRIM_HORIZON B"))

        // An expired iterator resumes after the last record read, without repeating it.
        streams.state.withLock { _ = $0.expireNextRead.insert("B") }
        streams.append("B", 11)
        try await delivered.waitFor(5)
        try await Task.sleep(for: .milliseconds(30))
        #expect(delivered.all == ["2", "3", "10", "20", "11"])
        #expect(streams.state.withLock { $0.calls }.contains("AFTER_SEQUENCE_NUMBER B"))
    }

    @Test("closed shards present at the start are history: not read")
    func closedAtStart() async throws {
        let streams = ScriptedStreams()
        streams.addShard("old")
        streams.append("old", 1)
        streams.close("old")
        streams.addShard("new", parent: "old")
        streams.append("new", 5)
        let source = RemoteChangeSource(
            api: streams, pollInterval: .milliseconds(2), discoveryInterval: .milliseconds(5))
        let delivered = Delivered()
        let reader = Task {
            for try await record in source.changes(of: "t") {
                delivered.sequences.withLock { $0.append(record.sequenceNumber) }
            }
        }
        defer { reader.cancel() }
        for _ in 0..<400 where !streams.state.withLock({ $0.calls.contains("LATEST new") }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        streams.append("new", 6)
        try await delivered.waitFor(1)
        try await Task.sleep(for: .milliseconds(30))
        #expect(delivered.all == ["6"])
        #expect(!streams.state.withLock { $0.calls }.contains { $0.hasSuffix(" old") })
    }
}
