import Foundation
import TestSupport
import Testing

@testable import PartitionStore

/// Point-in-time recovery (DynamoDB API Reference: UpdateContinuousBackups,
/// DescribeContinuousBackups, RestoreTableToPointInTime; Developer Guide, "Point-in-time backups
/// for DynamoDB").
@Suite("Point-in-time recovery")
struct PointInTimeRecoveryTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "ledger", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("g", .s),
                    AttributeDefinition("n", .n),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .keysOnly)
                ],
                localSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byN", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("n", .range)],
                        projection: .all)
                ]))
    }

    func everything(_ table: String, index: String? = nil) throws -> [Item] {
        var items: [Item] = []
        var start: Item?
        repeat {
            let page = try store.scan(ScanInput(tableName: table, indexName: index, exclusiveStartKey: start))
            items += page.items
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    /// Sleeps until the clock has moved past `instant`, so the next write's moment is later.
    func passing(_ instant: Double) {
        while Date().timeIntervalSince1970 <= instant + 0.000_005 { usleep(10) }
    }

    @Test(
        "a restore to a random instant equals the recorded state then, item for item and index for index",
        arguments: 1...3)
    func restoreEqualsHistory(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        // Items written before recovery is enabled are part of the history's start.
        var model: [String: Item] = [:]
        func key(_ item: Item) -> String { "\(item["pk"]!)|\(item["sk"]!)" }
        func randomKey() -> Item {
            ["pk": .s("p\(Int.random(in: 0..<4, using: &rng))"), "sk": .s("s\(Int.random(in: 0..<30, using: &rng))")]
        }
        func write() throws {
            let target = randomKey()
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                try store.deleteItem(DeleteItemInput(tableName: "ledger", key: target))
                model[key(target)] = nil
            case 1:
                // A transaction of two writes is restored whole or not at all.
                let other = randomKey()
                guard key(other) != key(target) else { return }
                var first = target
                first["g"] = .s("T")
                try store.transactWriteItems(
                    TransactWriteItemsInput(transactItems: [
                        .put(PutItemInput(tableName: "ledger", item: first)),
                        .delete(DeleteItemInput(tableName: "ledger", key: other)),
                    ]))
                model[key(first)] = first
                model[key(other)] = nil
            case 2:
                let updated = try store.updateItem(
                    UpdateItemInput(
                        tableName: "ledger", key: target, updateExpression: "ADD n :one SET note = :note",
                        options: WriteOptions(
                            expressionAttributeValues: [":one": .number(1), ":note": .s("→ ünïcødé \(seed)")],
                            returnValues: .allNew)))
                model[key(target)] = updated.attributes
            default:
                var item = target
                item["g"] = .s("G\(Int.random(in: 0..<3, using: &rng))")
                item["n"] = .number(Int.random(in: 0..<1_000, using: &rng))
                if Bool.random(using: &rng) { item["blob"] = .b(Array(repeating: 0xFF, count: 40)) }
                try store.putItem(PutItemInput(tableName: "ledger", item: item))
                model[key(item)] = item
            }
        }
        for _ in 0..<40 { try write() }
        let enabled = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true))
        #expect(enabled.pointInTimeRecoveryEnabled && enabled.recoveryPeriodInDays == 35)
        var history: [(instant: Double, state: [String: Item])] = []
        passing(enabled.earliestRestorableDateTime ?? 0)
        history.append((Date().timeIntervalSince1970, model))
        for _ in 0..<120 {
            try write()
            let instant = Date().timeIntervalSince1970
            history.append((instant, model))
            passing(instant)
        }
        var picks = (0..<5).map { _ in history.randomElement(using: &rng)! }
        picks.append(history[0])
        for (number, pick) in picks.enumerated() {
            let target = "restored\(number)"
            _ = try store.restoreTableToPointInTime(
                RestoreTableToPointInTimeInput(
                    sourceTableName: "ledger", targetTableName: target, restoreDateTime: pick.instant))
            let expected = Set(pick.state.values)
            #expect(Set(try everything(target)) == expected, "restore to \(pick.instant)")
            // The indexes are rebuilt from the restored items: the GSI holds the keys of the items
            // with a g, the LSI every item with an n.
            let keysWithG = Set(
                expected.filter { $0["g"] != nil }.map { item in
                    item.filter { ["pk", "sk", "g"].contains($0.key) }
                })
            #expect(Set(try everything(target, index: "byG")) == keysWithG)
            #expect(Set(try everything(target, index: "byN")) == Set(expected.filter { $0["n"] != nil }))
        }
        // The latest restorable instant is the present: every acknowledged write is in it.
        _ = try store.restoreTableToPointInTime(
            RestoreTableToPointInTimeInput(
                sourceTableName: "ledger", targetTableName: "latest", useLatestRestorableTime: true))
        #expect(Set(try everything("latest")) == Set(model.values))
    }

    @Test(
        "an incremental export's changes are exactly the items whose state differs between two instants, with both states",
        arguments: 1...3)
    func incrementalChanges(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        _ = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true))
        var model: [String: Item] = [:]
        var history: [(instant: Double, state: [String: Item])] = []
        passing(Date().timeIntervalSince1970)
        history.append((Date().timeIntervalSince1970, model))
        for _ in 0..<80 {
            let key: Item = [
                "pk": .s("p\(Int.random(in: 0..<3, using: &rng))"), "sk": .s("s\(Int.random(in: 0..<12, using: &rng))"),
            ]
            let name = "\(key["pk"]!)|\(key["sk"]!)"
            if Int.random(in: 0..<4, using: &rng) == 0 {
                try store.deleteItem(DeleteItemInput(tableName: "ledger", key: key))
                model[name] = nil
            } else {
                var item = key
                item["n"] = .number(Int.random(in: 0..<5, using: &rng))
                // Often the item as it already is: a write that changes nothing is no change.
                try store.putItem(PutItemInput(tableName: "ledger", item: item))
                model[name] = item
            }
            let instant = Date().timeIntervalSince1970
            history.append((instant, model))
            passing(instant)
        }
        let schema = try #require(store.catalog.withLock { $0.tables["ledger"] })
        for _ in 0..<6 {
            var pair = [history.randomElement(using: &rng)!, history.randomElement(using: &rng)!]
            pair.sort { $0.instant < $1.instant }
            let (start, end) = (pair[0], pair[1])
            var changes: [String: (old: Item?, new: Item?)] = [:]
            try store.read { connection, _ throws(StoreError) in
                try store.sql(connection) {
                    try ChangeHistory.changes(
                        of: schema, from: ExportWriter.microseconds(start.instant),
                        to: ExportWriter.microseconds(end.instant), connection
                    ) { change in
                        let old = try change.old.map(ItemCodec.decode)
                        let new = try change.new.map(ItemCodec.decode)
                        let item = try #require(new ?? old)
                        changes["\(item["pk"]!)|\(item["sk"]!)"] = (old, new)
                    }
                }
            }
            let expected = Set(
                Set(start.state.keys).union(end.state.keys).filter { start.state[$0] != end.state[$0] })
            #expect(Set(changes.keys) == expected)
            for (name, change) in changes {
                #expect(change.old == start.state[name] && change.new == end.state[name], "\(name)")
            }
        }
    }

    @Test("the window: describe before and after enabling, a period of 1 to 35 days, off deletes the history")
    func window() throws {
        let off = try store.describeContinuousBackups(tableName: "ledger")
        #expect(!off.pointInTimeRecoveryEnabled && off.earliestRestorableDateTime == nil)
        let before = Date().timeIntervalSince1970
        let on = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7)
        )
        let earliest = try #require(on.earliestRestorableDateTime)
        #expect(earliest >= before - 0.001 && earliest <= Date().timeIntervalSince1970)
        #expect(on.recoveryPeriodInDays == 7)
        // Changing the period keeps the history and the window's start.
        let changed = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 2)
        )
        #expect(changed.recoveryPeriodInDays == 2 && changed.earliestRestorableDateTime == earliest)
        for days in [0, 36] {
            #expect(throws: StoreError.self) {
                try store.updateContinuousBackups(
                    UpdateContinuousBackupsInput(
                        tableName: "ledger", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: days))
            }
        }
        try store.putItem(PutItemInput(tableName: "ledger", item: ["pk": .s("a"), "sk": .s("b")]))
        #expect(try historyRows() == 1)
        _ = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: false))
        #expect(try historyRows() == 0)
        #expect(!(try store.describeContinuousBackups(tableName: "ledger")).pointInTimeRecoveryEnabled)
        // Enabling again starts a new history with what the table holds now.
        _ = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true))
        #expect(try historyRows() == 1)
        // Deleting the table deletes its history and, as in DynamoDB, leaves a SYSTEM backup of
        // its last state, listed only when asked for, kept 35 days.
        _ = try store.deleteTable("ledger")
        #expect(try historyRows() == 0)
        #expect(try store.listBackups(ListBackupsInput()).backups.isEmpty)
        let system = try #require(try store.listBackups(ListBackupsInput(backupType: "SYSTEM")).backups.first)
        #expect(system.type == "SYSTEM" && system.backupName == "ledger$DeletedTableBackup" && system.itemCount == 1)
        #expect(
            try store.listBackups(ListBackupsInput(backupType: "ALL")).backups.map(\.backupArn) == [system.backupArn])
        _ = try store.restoreTableFromBackup(
            RestoreTableFromBackupInput(targetTableName: "ledger", backupArn: system.backupArn))
        #expect(try store.scan(ScanInput(tableName: "ledger")).items == [["pk": .s("a"), "sk": .s("b")]])
        #expect(store.expireSystemBackups(now: Date().timeIntervalSince1970 + 34 * 86_400) == 0)
        #expect(store.expireSystemBackups(now: Date().timeIntervalSince1970 + 36 * 86_400) == 1)
    }

    @Test("DynamoDB's errors: no such table, recovery off, an instant outside the window, a target that exists")
    func errors() throws {
        func code(_ body: () throws -> Void) -> StoreError.Code? {
            do {
                try body()
                return nil
            } catch let error as StoreError {
                return error.code
            } catch {
                return .internalFailure
            }
        }
        #expect(code { _ = try store.describeContinuousBackups(tableName: "missing") } == .tableNotFound)
        #expect(
            code {
                _ = try store.updateContinuousBackups(
                    UpdateContinuousBackupsInput(tableName: "missing", pointInTimeRecoveryEnabled: true))
            } == .tableNotFound)
        let latest = RestoreTableToPointInTimeInput(
            sourceTableName: "ledger", targetTableName: "copy", useLatestRestorableTime: true)
        #expect(code { _ = try store.restoreTableToPointInTime(latest) } == .pointInTimeRecoveryUnavailable)
        let on = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true))
        let earliest = try #require(on.earliestRestorableDateTime)
        for instant in [earliest - 60, Date().timeIntervalSince1970 + 3_600] {
            #expect(
                code {
                    _ = try store.restoreTableToPointInTime(
                        RestoreTableToPointInTimeInput(
                            sourceTableName: "ledger", targetTableName: "copy", restoreDateTime: instant))
                } == .invalidRestoreTime)
        }
        #expect(
            code {
                _ = try store.restoreTableToPointInTime(
                    RestoreTableToPointInTimeInput(
                        sourceTableName: "ledger", targetTableName: "ledger", useLatestRestorableTime: true))
            } == .tableAlreadyExists)
        #expect(
            code {
                _ = try store.restoreTableToPointInTime(
                    RestoreTableToPointInTimeInput(targetTableName: "copy", useLatestRestorableTime: true))
            } == .validation)
        #expect(
            code {
                _ = try store.restoreTableToPointInTime(
                    RestoreTableToPointInTimeInput(
                        sourceTableName: "ledger", targetTableName: "copy", useLatestRestorableTime: true,
                        restoreDateTime: earliest))
            } == .validation)
        // By ARN works as by name; a failed restore leaves no table behind.
        _ = try store.restoreTableToPointInTime(
            RestoreTableToPointInTimeInput(
                sourceTableArn: try store.describeTable("ledger").tableArn, targetTableName: "copy",
                useLatestRestorableTime: true))
        #expect(try store.listTables().tableNames.sorted() == ["copy", "ledger"])
    }

    @Test("trimming keeps exactly what the window needs: the newest version of each key before its start")
    func trimming() throws {
        _ = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 1)
        )
        for version in 0..<5 {
            try store.putItem(
                PutItemInput(tableName: "ledger", item: ["pk": .s("kept"), "sk": .s("1"), "v": .number(version)]))
            try store.putItem(
                PutItemInput(tableName: "ledger", item: ["pk": .s("gone"), "sk": .s("1"), "v": .number(version)]))
        }
        try store.deleteItem(DeleteItemInput(tableName: "ledger", key: ["pk": .s("gone"), "sk": .s("1")]))
        #expect(try historyRows() == 11)
        // A day later, everything written is older than the window's start.
        let dropped = try store.trimHistory(now: Date().timeIntervalSince1970 + 86_400 + 10, force: true)
        #expect(dropped == 10)
        #expect(try historyRows() == 1)
        _ = try store.restoreTableToPointInTime(
            RestoreTableToPointInTimeInput(
                sourceTableName: "ledger", targetTableName: "after", useLatestRestorableTime: true))
        #expect(
            try everything("after") == [["pk": .s("kept"), "sk": .s("1"), "v": .number(4)]])
    }

    @Test("the history survives reopening the file and is written by every process's writes")
    func acrossReopen() throws {
        _ = try store.updateContinuousBackups(
            UpdateContinuousBackupsInput(tableName: "ledger", pointInTimeRecoveryEnabled: true))
        let reopened = try temp.reopen()
        try reopened.putItem(PutItemInput(tableName: "ledger", item: ["pk": .s("x"), "sk": .s("y")]))
        #expect(try reopened.describeContinuousBackups(tableName: "ledger").pointInTimeRecoveryEnabled)
        _ = try reopened.restoreTableToPointInTime(
            RestoreTableToPointInTimeInput(
                sourceTableName: "ledger", targetTableName: "again", useLatestRestorableTime: true))
        #expect(try reopened.scan(ScanInput(tableName: "again")).items == [["pk": .s("x"), "sk": .s("y")]])
    }

    func historyRows() throws -> Int64 {
        try store.read { connection, _ throws(StoreError) in
            try store.sql(connection) { try connection.integer("SELECT count(*) FROM vd_history") }
        }
    }
}
