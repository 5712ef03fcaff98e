import Foundation
import Testing

@testable import PartitionStore

@Suite("Bulk import and building a new store file")
struct BulkImportTests {
    func makeTable(_ store: PartitionStore) throws {
        try store.createTable(
            CreateTableInput(
                tableName: "things", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byG", keySchema: [KeySchemaElement("g", .hash), KeySchemaElement("sk", .range)],
                        projection: .all)
                ],
                billingMode: .payPerRequest,
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages)))
        _ = try store.updateTimeToLive(
            tableName: "things", specification: TimeToLiveSpecification(enabled: true, attributeName: "ttl"))
    }

    @Test(
        "Imported items are readable, indexed and expire by TTL; replaced items leave no stale index entries; no stream records"
    )
    func imports() throws {
        let temp = try TemporaryStore()
        let store = temp.store
        try makeTable(store)
        let items: [Item] = (0..<500).map {
            ["pk": .s("p\($0 % 50)"), "sk": .s("s\($0)"), "g": .s("g\($0 % 5)"), "n": .n(DecimalNumber($0))]
        }
        #expect(try store.importItems(items, into: "things") == 500)
        #expect(try store.describeTable("things").itemCount == 500)
        #expect(
            try store.query(
                QueryInput(
                    tableName: "things", indexName: "byG", keyConditionExpression: "g = :g",
                    expressionAttributeValues: [":g": .s("g3")])
            ).items.count == 100)
        // Re-importing an item under a new index key moves its index entry.
        try store.importItems(
            [
                [
                    "pk": .s("p3"), "sk": .s("s3"), "g": .s("g4"),
                    "ttl": .n(DecimalNumber(Int(Date().timeIntervalSince1970) - 10)),
                ]
            ], into: "things")
        #expect(
            try store.query(
                QueryInput(
                    tableName: "things", indexName: "byG", keyConditionExpression: "g = :g",
                    expressionAttributeValues: [":g": .s("g3")])
            ).items.count == 99)
        #expect(
            try store.getItem(GetItemInput(tableName: "things", key: ["pk": .s("p3"), "sk": .s("s3")])).item?["g"]
                == .s("g4"))
        // The stream saw nothing.
        let arn = try #require(try store.describeTable("things").latestStreamArn)
        let shard = try #require(try store.describeStream(arn).shards.first)
        #expect(
            try store.getRecords(
                shardIterator: store.getShardIterator(streamArn: arn, shardId: shard.shardId, type: .trimHorizon)
            ).records.isEmpty)
        // The expired item is swept (here, or already by the background sweeper).
        _ = try store.sweepExpiredItems()
        #expect(
            try store.getItem(GetItemInput(tableName: "things", key: ["pk": .s("p3"), "sk": .s("s3")])).item == nil)
        #expect(try store.describeTable("things").itemCount == 499)
    }

    @Test("A bad item fails the whole import; nothing is written")
    func atomic() throws {
        let temp = try TemporaryStore()
        try makeTable(temp.store)
        let good: Item = ["pk": .s("a"), "sk": .s("1")]
        let missingKey: Item = ["pk": .s("b")]
        #expect(throws: StoreError.self) { try temp.store.importItems([good, missingKey], into: "things") }
        let wrongIndexType: Item = ["pk": .s("c"), "sk": .s("1"), "g": .n(DecimalNumber(1))]
        #expect(throws: StoreError.self) { try temp.store.importItems([good, wrongIndexType], into: "things") }
        #expect(throws: StoreError.self) { try temp.store.importItems([good], into: "missing") }
        #expect(try temp.store.describeTable("things").itemCount == 0)
    }

    @Test("build publishes a complete WAL store only when its body succeeds, and never over an existing file")
    func build() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vaultdesk-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("built.db").path
        let count = try await PartitionStore.build(at: path) { store in
            try makeTable(store)
            return try store.importItems((0..<1000).map { ["pk": .s("p\($0)"), "sk": .s("s")] }, into: "things")
        }
        #expect(count == 1000)
        #expect(!FileManager.default.fileExists(atPath: path + ".building"))
        let reopened = try PartitionStore(path: path)
        #expect(try await reopened.describeTable("things").itemCount == 1000)
        #expect(try reopened.integrityCheck() == "ok")
        // A WAL store (file format versions 2 in the header), open to writers as any other.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let header = try handle.read(upToCount: 20) ?? Data()
        try handle.close()
        #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
        _ = try await reopened.putItem(PutItemInput(tableName: "things", item: ["pk": .s("later"), "sk": .s("s")]))

        await #expect(throws: StoreError.self) { try await PartitionStore.build(at: path) { _ in 0 } }
        struct Interrupted: Error {}
        let failed = folder.appendingPathComponent("failed.db").path
        await #expect(throws: Interrupted.self) {
            try await PartitionStore.build(at: failed) { store in
                try makeTable(store)
                throw Interrupted()
            }
        }
        #expect(
            !FileManager.default.fileExists(atPath: failed)
                && !FileManager.default.fileExists(atPath: failed + ".building"))
    }
}
