import Foundation
import Synchronization
import Testing

@testable import PartitionStore

@Suite("Group commit")
struct GroupCommitTests {
    /// Runs `body(thread)` on `threads` threads at once and waits for all of them.
    static func concurrently(_ threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                body(thread)
                group.leave()
            }
        }
        group.wait()
    }

    @Test("Concurrent writes share commits; every acknowledged write is there, failed ones are not")
    func concurrentWritesShareCommits() throws {
        let temp = try TemporaryStore(durability: .full)
        let store = temp.store
        try store.createTable(
            CreateTableInput(
                tableName: "payments", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
        let perThread = 150
        let outcomes = OutcomeLog()
        Self.concurrently(16) { thread in
            for index in 0..<perThread {
                let key = "t\(thread)-\(index)"
                // Every third write fails its condition (the item must already exist): it must
                // leave nothing behind, while the writes grouped with it commit.
                let mustExist = index % 3 == 2
                do throws(StoreError) {
                    try store.putItem(
                        PutItemInput(
                            tableName: "payments", item: ["pk": .s(key), "amount": .number(index)],
                            options: WriteOptions(conditionExpression: mustExist ? "attribute_exists(pk)" : nil)))
                    outcomes.record(key, succeeded: true)
                } catch {
                    outcomes.record(key, succeeded: false, conditionFailed: error.code == .conditionalCheckFailed)
                }
            }
        }
        let results = outcomes.snapshot()
        #expect(results.count == 16 * perThread)
        let expectedFailures = 16 * (perThread / 3)
        #expect(results.values.filter { !$0.succeeded }.count == expectedFailures)
        #expect(results.values.allSatisfy { $0.succeeded || $0.conditionFailed })
        let reopened = try temp.reopen()
        for (key, outcome) in results {
            let item = try reopened.getItem(GetItemInput(tableName: "payments", key: ["pk": .s(key)])).item
            #expect((item != nil) == outcome.succeeded, "\(key)")
        }
        // One stream record per committed write, none for the rolled-back ones.
        let arn = try #require(try reopened.describeTable("payments").latestStreamArn)
        var iterator: String? = try reopened.getShardIterator(
            streamArn: arn, shardId: reopened.describeStream(arn).shards[0].shardId, type: .trimHorizon)
        var records = 0
        while let current = iterator {
            let page = try reopened.getRecords(shardIterator: current, limit: 1000)
            records += page.records.count
            iterator = page.records.isEmpty ? nil : page.nextShardIterator
        }
        #expect(records == 16 * perThread - expectedFailures)
        // Sixteen writers on two cores, each commit an fsync: commits must have been shared.
        let commits = store.groupCommit.commits.load(ordering: .relaxed)
        let jobs = store.groupCommit.committedJobs.load(ordering: .relaxed)
        #expect(jobs == 16 * perThread - expectedFailures)
        #expect(commits < jobs, "no commit was shared: \(commits) commits for \(jobs) writes")
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test("Async writers hold no thread and share commits with sync writers")
    func asyncAndSyncWritersTogether() async throws {
        let temp = try TemporaryStore(durability: .full)
        let store = temp.store
        try await store.createTable(
            CreateTableInput(
                tableName: "payments", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        // 64 concurrent tasks on a two-thread cooperative pool: blocking writes would starve it.
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    var failed = 0
                    for index in 0..<25 {
                        do throws(StoreError) {
                            try await store.putItem(
                                PutItemInput(
                                    tableName: "payments", item: ["pk": .s("a\(task)-\(index)")],
                                    options: WriteOptions(
                                        conditionExpression: index == 24 ? "attribute_exists(pk)" : nil)))
                        } catch {
                            failed += error.code == .conditionalCheckFailed ? 1 : 1_000
                        }
                    }
                    return failed
                }
            }
            // Sync writers on their own threads at the same time.
            Self.concurrently(4) { thread in
                for index in 0..<100 {
                    _ = try? store.putItem(PutItemInput(tableName: "payments", item: ["pk": .s("s\(thread)-\(index)")]))
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 64)
        #expect(try await store.scan(ScanInput(tableName: "payments", select: .count)).count == 64 * 24 + 400)
        let statistics = store.commitStatistics
        #expect(statistics.writes == 64 * 24 + 400)
        #expect(statistics.commits < statistics.writes, "no commit was shared: \(statistics)")
        #expect(try await temp.reopen().scan(ScanInput(tableName: "payments", select: .count)).count == 64 * 24 + 400)
    }

    @Test(
        "Writes submitted with a callback (as the endpoint's event loops do) share commits; each callback comes once, after its commit, with its own result"
    )
    func submittedWritesShareCommits() throws {
        let temp = try TemporaryStore(durability: .full)
        let store = temp.store
        try store.createTable(
            CreateTableInput(
                tableName: "payments", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        let commitsBefore = store.commitStatistics.commits
        let outcomes = Mutex<[Int: Result<WriteItemOutput, StoreError>]>([:])
        let count = 200
        let done = DispatchSemaphore(value: 0)
        let remaining = Atomic<Int>(count)
        do {
            for index in 0..<count {
                // Every tenth write fails its condition: the key exists already.
                let key = index % 10 == 9 ? "p0" : "p\(index)"
                let write = PutItemInput(
                    tableName: "payments", item: ["pk": .s(key), "n": .number(index)],
                    options: index % 10 == 9 ? .init(conditionExpression: "attribute_not_exists(pk)") : .init())
                write.submit(to: store) { result in
                    outcomes.withLock {
                        $0[index] = $0[index] == nil ? result : .failure(StoreError(.internalFailure, "called twice"))
                    }
                    if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.signal() }
                }
            }
        }
        #expect(done.wait(timeout: .now() + 60) == .success, "every callback came")
        let results = outcomes.withLock { $0 }
        #expect(results.count == count)
        for (index, result) in results {
            switch result {
            case .success:
                #expect(index % 10 != 9)
                #expect(
                    try store.getItem(GetItemInput(tableName: "payments", key: ["pk": .s("p\(index)")])).item != nil)
            case .failure(let error):
                #expect(index % 10 == 9 && error.code == .conditionalCheckFailed, "\(index): \(error)")
            }
        }
        let commits = store.commitStatistics.commits - commitsBefore
        #expect(commits < count, "\(commits) commits for \(count) writes: they were grouped")
    }

    @Test("A lone writer commits alone, and a failed write rolls back nothing else")
    func loneWriter() throws {
        let temp = try TemporaryStore()
        let store = temp.store
        try store.createTable(
            CreateTableInput(
                tableName: "tee", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        try store.putItem(PutItemInput(tableName: "tee", item: ["pk": .s("a")]))
        #expect(throws: StoreError.self) {
            try store.putItem(
                PutItemInput(
                    tableName: "tee", item: ["pk": .s("a")],
                    options: WriteOptions(conditionExpression: "attribute_not_exists(pk)")))
        }
        try store.putItem(PutItemInput(tableName: "tee", item: ["pk": .s("b")]))
        #expect(store.groupCommit.commits.load(ordering: .relaxed) == 2)
        #expect(try store.scan(ScanInput(tableName: "tee")).count == 2)
    }
}

/// Thread-safe record of which writes were acknowledged.
final class OutcomeLog: Sendable {
    struct Outcome: Sendable {
        var succeeded: Bool
        var conditionFailed: Bool
    }
    private let entries = Mutex<[String: Outcome]>([:])

    func record(_ key: String, succeeded: Bool, conditionFailed: Bool = false) {
        entries.withLock { $0[key] = Outcome(succeeded: succeeded, conditionFailed: conditionFailed) }
    }

    func snapshot() -> [String: Outcome] { entries.withLock { $0 } }
}
