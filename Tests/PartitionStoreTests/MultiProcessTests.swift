import CSQLite
import Foundation
import TestSupport
import Testing

@testable import PartitionStore

@Suite("Several processes, locks and crashes", .serialized)
struct MultiProcessTests {
    /// The fault-load helper, built beside the test binary.
    static var loadTool: URL { ServedEndpoint.sibling("store-fault-load") }

    static func launch(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = loadTool
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        return (process, output)
    }

    /// Reads the helper's "ack N" lines until N reaches `target` or the output ends; the last N.
    static func readAcknowledgements(_ output: Pipe, until target: Int) -> Int {
        var acknowledged = -1
        var buffer = Data()
        let reader = output.fileHandleForReading
        while acknowledged < target {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.hasPrefix("ack "), let index = Int(line.dropFirst(4)) { acknowledged = index }
            }
        }
        return acknowledged
    }

    static func key(_ prefix: String, _ index: Int) -> Item {
        ["pk": .s("\(prefix)-\(index % 17)"), "sk": .number(index)]
    }

    @Test("a writer killed with SIGKILL loses no acknowledged write and leaves a sound file")
    func killMidLoad() throws {
        let temp = try TemporaryStore()
        let (process, output) = try Self.launch([temp.path, "crash", "1000000", "full"])
        let acknowledged = Self.readAcknowledgements(output, until: 400)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acknowledged >= 400, "the writer stopped early")

        let reopened = try temp.reopen()
        #expect(try reopened.integrityCheck() == "ok")
        for index in 0...acknowledged {
            let item = try reopened.getItem(
                GetItemInput(tableName: "load", key: Self.key("crash", index), consistentRead: true)
            ).item
            #expect(item != nil, "acknowledged write \(index) is missing")
            if item == nil { break }
        }
        // The index holds exactly the base items.
        let table = try reopened.describeTable("load")
        #expect(table.globalSecondaryIndexes.first?.itemCount == table.itemCount)
    }

    @Test("two processes write the same file at once; every write lands")
    func concurrentWriters() throws {
        let temp = try TemporaryStore()
        let first = try Self.launch([temp.path, "one", "400", "normal"])
        let second = try Self.launch([temp.path, "two", "400", "normal"])
        for (process, pipe) in [first, second] {
            _ = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let store = try temp.reopen()
        #expect(try store.describeTable("load").itemCount == 800)
        #expect(try store.getItem(GetItemInput(tableName: "load", key: Self.key("two", 399))).item != nil)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a write that cannot get the lock fails with StoreBusy after the wait, and readers are never blocked")
    func boundedLockWait() throws {
        let temp = try TemporaryStore(lockWait: 300)
        try temp.store.createTable(
            CreateTableInput(
                tableName: "t-lock", keySchema: [KeySchemaElement("id", .hash)],
                attributeDefinitions: [AttributeDefinition("id", .s)]))
        try temp.store.putItem(PutItemInput(tableName: "t-lock", item: ["id": .s("before")]))

        // Another connection (as another process would) takes the write lock and keeps it.
        var holder: OpaquePointer?
        #expect(sqlite3_open(temp.path, &holder) == SQLITE_OK)
        defer { sqlite3_close(holder) }
        #expect(sqlite3_exec(holder, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)

        let started = Date()
        do {
            try temp.store.putItem(PutItemInput(tableName: "t-lock", item: ["id": .s("blocked")]))
            Issue.record("the write should have failed")
        } catch {
            #expect(error.code == .storeBusy)
            #expect(error.message.contains("300 ms"))
        }
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.25 && waited < 5, "waited \(waited) s")
        // Reads go on while the lock is held.
        #expect(try temp.store.getItem(GetItemInput(tableName: "t-lock", key: ["id": .s("before")])).item != nil)
        #expect(try temp.store.scan(ScanInput(tableName: "t-lock")).count == 1)

        #expect(sqlite3_exec(holder, "COMMIT", nil, nil, nil) == SQLITE_OK)
        try temp.store.putItem(PutItemInput(tableName: "t-lock", item: ["id": .s("after")]))
        #expect(try temp.store.getItem(GetItemInput(tableName: "t-lock", key: ["id": .s("blocked")])).item == nil)
        #expect(try temp.store.describeTable("t-lock").itemCount == 2)
    }

    @Test("opening something that is not a store is a clear error")
    func notAStore() throws {
        let temp = try TemporaryStore()
        let bogus = temp.folder.appendingPathComponent("bogus.db").path
        try Data("this is not sqlite, just text long enough to have a header".utf8).write(
            to: URL(fileURLWithPath: bogus))
        #expect(throws: StoreError(.internalFailure, "\(bogus) is not a VaultDesk store (not a SQLite database)")) {
            try PartitionStore(path: bogus)
        }
        #expect(throws: StoreError.self) {
            try PartitionStore(path: temp.folder.appendingPathComponent("missing/dir/x.db").path)
        }
    }

    @Test("one process can open several store files")
    func severalFiles() throws {
        let a = try TemporaryStore()
        let b = try TemporaryStore()
        for temp in [a, b] {
            try temp.store.createTable(
                CreateTableInput(
                    tableName: "same", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s)]))
        }
        try a.store.putItem(PutItemInput(tableName: "same", item: ["id": .s("only-in-a")]))
        #expect(try b.store.getItem(GetItemInput(tableName: "same", key: ["id": .s("only-in-a")])).item == nil)
        #expect(try a.store.getItem(GetItemInput(tableName: "same", key: ["id": .s("only-in-a")])).item != nil)
    }

    @Test("a reader in another process sees 100,000 committed changes with no gap, no duplicate, in order")
    func crossProcessStream() async throws {
        let temp = try TemporaryStore(durability: .normal)
        try await temp.store.createTable(
            CreateTableInput(
                tableName: "load", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .n), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
        let total = 100_000
        let records = temp.store.changes(of: "load", from: .trimHorizon)
        let process = Process()
        process.executableURL = Self.loadTool
        process.arguments = [temp.path, "stream", String(total), "normal"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()

        var expected = 0
        var previous: Int64 = 0
        for try await record in records {
            guard case .n(let number)? = record.newImage?["sk"], number == DecimalNumber(expected),
                record.eventName == .insert,
                record.sequence > previous
            else {
                Issue.record(
                    "record \(record.sequenceNumber) is out of place: expected sk \(expected), got \(String(describing: record.newImage?["sk"]))"
                )
                break
            }
            previous = record.sequence
            expected += 1
            if expected == total { break }
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(expected == total)
    }

    @Test("transactions killed with SIGKILL are wholly present, with their stream records, or wholly absent")
    func killMidTransaction() throws {
        let temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "load", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .n), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
        let (process, output) = try Self.launch([temp.path, "tx", "1000000", "full"])
        let acknowledged = Self.readAcknowledgements(output, until: 150)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(acknowledged >= 150)

        let reopened = try temp.reopen()
        #expect(try reopened.integrityCheck() == "ok")
        var parts: [Int: Int] = [:]
        var input = ScanInput(tableName: "load")
        repeat {
            let page = try reopened.scan(input)
            for item in page.items {
                if let pk = item["pk"]?.stringValue, let index = Int(pk.dropFirst(3)) { parts[index, default: 0] += 1 }
            }
            input.exclusiveStartKey = page.lastEvaluatedKey
        } while input.exclusiveStartKey != nil
        #expect(parts.values.allSatisfy { $0 == 4 }, "a transaction was torn")
        #expect((0...acknowledged).allSatisfy { parts[$0] == 4 }, "an acknowledged transaction is missing")
        let arn = try #require(try reopened.describeTable("load").latestStreamArn)
        let shard = try reopened.describeStream(arn).shards[0].shardId
        var iterator: String? = try reopened.getShardIterator(streamArn: arn, shardId: shard, type: .trimHorizon)
        var records = 0
        while let current = iterator {
            let page = try reopened.getRecords(shardIterator: current)
            records += page.records.count
            iterator = page.records.isEmpty ? nil : page.nextShardIterator
        }
        #expect(records == parts.count * 4)
        #expect(try reopened.describeTable("load").globalSecondaryIndexes.first?.itemCount == Int64(parts.count * 4))
    }
}
