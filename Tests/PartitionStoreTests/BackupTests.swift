import Foundation
import TestSupport
import Testing

@testable import PartitionStore

/// On-demand backups (DynamoDB API Reference: CreateBackup, DescribeBackup, ListBackups,
/// DeleteBackup, RestoreTableFromBackup; Developer Guide, "Backing up a DynamoDB table").
@Suite("Backups")
struct BackupTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "ledger", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .keysOnly)
                ],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
    }

    func everything(_ table: String) throws -> Set<Item> {
        var items: Set<Item> = []
        var start: Item?
        repeat {
            let page = try store.scan(ScanInput(tableName: table, exclusiveStartKey: start))
            items.formUnion(page.items)
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    func index(_ table: String, _ value: String) throws -> Set<Item> {
        Set(
            try store.query(
                QueryInput(
                    tableName: table, indexName: "byG", keyConditionExpression: "g = :g",
                    expressionAttributeValues: [":g": .s(value)])
            ).items)
    }

    @Test(
        "a restore equals the table as it was when the backup was taken, item for item and index for index",
        arguments: 1...3)
    func restoreEqualsHistory(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func write() throws {
            let key: Item = [
                "pk": .s("p\(Int.random(in: 0..<5, using: &rng))"), "sk": .s("s\(Int.random(in: 0..<40, using: &rng))"),
            ]
            if Int.random(in: 0..<4, using: &rng) == 0 {
                try store.deleteItem(DeleteItemInput(tableName: "ledger", key: key))
            } else {
                var item = key
                item["g"] = .s("G\(Int.random(in: 0..<3, using: &rng))")
                item["n"] = .number(Int.random(in: 0..<1_000, using: &rng))
                item["note"] = .s(String(repeating: "é", count: Int.random(in: 0..<50, using: &rng)))
                try store.putItem(PutItemInput(tableName: "ledger", item: item))
            }
        }
        for _ in 0..<150 { try write() }
        let then = try everything("ledger")
        let thenIndex = try ["G0", "G1", "G2"].map { try index("ledger", $0) }
        let backup = try store.createBackup(tableName: "ledger", backupName: "seed-\(seed)")
        #expect(backup.itemCount == Int64(then.count))
        for _ in 0..<150 { try write() }
        _ = try store.restoreTableFromBackup(
            RestoreTableFromBackupInput(targetTableName: "restored", backupArn: backup.backupArn))
        #expect(try everything("restored") == then)
        for (position, value) in ["G0", "G1", "G2"].enumerated() {
            #expect(try index("restored", value) == thenIndex[position])
        }
        // As in DynamoDB, the stream is not restored; a restore writes no stream records.
        #expect(try store.describeTable("restored").latestStreamArn == nil)
    }

    @Test("a backup taken while another thread writes is one consistent moment and does not stop the writer")
    func backupWhileWriting() throws {
        for number in 0..<2_000 {
            try store.putItem(PutItemInput(tableName: "ledger", item: ["pk": .s("base"), "sk": .s("\(number)")]))
        }
        let target = store
        let writer = Thread {
            for number in 0..<500 {
                _ = try? target.putItem(
                    PutItemInput(tableName: "ledger", item: ["pk": .s("live"), "sk": .s("\(number)")]))
            }
        }
        writer.start()
        let backup = try store.createBackup(tableName: "ledger", backupName: "while-writing")
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        _ = try store.restoreTableFromBackup(
            RestoreTableFromBackupInput(targetTableName: "moment", backupArn: backup.backupArn))
        let restored = try everything("moment")
        #expect(Int64(restored.count) == backup.itemCount)
        // The live writes it holds are a prefix of the writer's sequence: one moment, no gaps.
        let live = restored.compactMap { item -> Int? in
            guard item["pk"] == .s("live"), case .s(let sk)? = item["sk"] else { return nil }
            return Int(sk)
        }.sorted()
        #expect(live == Array(0..<live.count))
        #expect(try everything("ledger").count == 2_500)
    }

    @Test("describe, list by table and time with paging, delete; DynamoDB's errors")
    func catalog() throws {
        try store.createTable(
            CreateTableInput(
                tableName: "other", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        let first = try store.createBackup(tableName: "ledger", backupName: "first")
        let second = try store.createBackup(tableName: "ledger", backupName: "second")
        let third = try store.createBackup(tableName: "other", backupName: "third.v1-ok")
        #expect(try store.describeBackup(first.backupArn).backupName == "first")
        #expect(try store.describeBackup(first.backupArn).source.keySchema.map(\.attributeName) == ["pk", "sk"])
        #expect(
            try store.listBackups(ListBackupsInput()).backups.map(\.backupArn)
                == [first, second, third].map(\.backupArn))
        #expect(
            try store.listBackups(ListBackupsInput(tableName: "ledger")).backups.map(\.backupName) == [
                "first", "second",
            ])
        let page = try store.listBackups(ListBackupsInput(limit: 2))
        #expect(page.backups.count == 2 && page.lastEvaluatedBackupArn == second.backupArn)
        let rest = try store.listBackups(
            ListBackupsInput(limit: 2, exclusiveStartBackupArn: page.lastEvaluatedBackupArn))
        #expect(rest.backups.map(\.backupArn) == [third.backupArn] && rest.lastEvaluatedBackupArn == nil)
        #expect(try store.listBackups(ListBackupsInput(createdAfter: third.createdAt + 1)).backups.isEmpty)
        #expect(try store.listBackups(ListBackupsInput(backupType: "SYSTEM")).backups.isEmpty)

        #expect(try store.deleteBackup(second.backupArn).status == .deleted)
        #expect(throws: StoreError(.backupNotFound, "Backup not found: \(second.backupArn)")) {
            try store.describeBackup(second.backupArn)
        }
        #expect(throws: StoreError(.tableNotFound, "Table not found: nope")) {
            try store.createBackup(tableName: "nope", backupName: "x-x")
        }
        #expect(throws: StoreError.self) { try store.createBackup(tableName: "ledger", backupName: "a b") }
        #expect(throws: StoreError(.tableAlreadyExists, "Table already exists: other")) {
            try store.restoreTableFromBackup(
                RestoreTableFromBackupInput(targetTableName: "other", backupArn: first.backupArn))
        }
        // Overrides: a restore may leave the indexes out and change the billing mode.
        let restored = try store.restoreTableFromBackup(
            RestoreTableFromBackupInput(
                targetTableName: "plain", backupArn: first.backupArn, billingModeOverride: .provisioned,
                provisionedThroughputOverride: ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 5),
                globalSecondaryIndexOverride: []))
        #expect(restored.globalSecondaryIndexes.isEmpty && restored.billingMode == .provisioned)
    }

    @Test("backups live in files of their own: they outlast the store file, and are private to their owner")
    func filesOfTheirOwn() throws {
        try store.putItem(PutItemInput(tableName: "ledger", item: ["pk": .s("a"), "sk": .s("b"), "secret": .s("x")]))
        let backup = try store.createBackup(tableName: "ledger", backupName: "keep")
        let files = try FileManager.default.contentsOfDirectory(atPath: store.backupsFolder)
        #expect(files.count == 1 && files[0].hasSuffix(".vdbackup"))
        let mode = try FileManager.default.attributesOfItem(atPath: store.backupsFolder + "/" + files[0])[
            .posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
        // Another store opened on a fresh file with the same backups folder restores it.
        var configuration = StoreConfiguration(durability: .normal)
        configuration.backupsFolder = store.backupsFolder
        let fresh = try PartitionStore(
            path: temp.folder.appendingPathComponent("fresh.db").path, configuration: configuration)
        _ = try fresh.restoreTableFromBackup(
            RestoreTableFromBackupInput(targetTableName: "ledger", backupArn: backup.backupArn))
        #expect(
            try fresh.getItem(GetItemInput(tableName: "ledger", key: ["pk": .s("a"), "sk": .s("b")])).item?["secret"]
                == .s("x"))
    }
}
