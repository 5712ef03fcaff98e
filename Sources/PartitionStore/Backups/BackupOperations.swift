import Foundation

/// On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
/// RestoreTableFromBackup. A backup is taken inside one read transaction, a consistent snapshot
/// that never blocks writers (WAL), and written to a file of its own in the backups folder.
extension PartitionStore {
    /// Where backups live: beside the store file, in `<store>.backups/`, unless configured.
    public var backupsFolder: String { configuration.backupsFolder ?? path + ".backups" }

    /// Takes a backup of a table's items and definition as of one moment. `progress` hears how
    /// many items have been copied.
    public func createBackup(
        tableName: String, backupName: String, progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> BackupDetails {
        try TableValidation.checkName(backupName, field: "backupName")
        let folder = backupsFolder
        return try read(snapshot: true) { connection, catalog throws(StoreError) in
            guard let schema = catalog.tables[tableName] else {
                throw StoreError(.tableNotFound, "Table not found: \(tableName)")
            }
            let createdAt = Date().timeIntervalSince1970
            let arn = Self.backupArn(schema, createdAt: createdAt)
            let source = try sql(connection) { try describe(schema, connection, status: "ACTIVE") }
            var count: Int64 = 0
            let path = try sql(connection) {
                try BackupFile.write(
                    BackupFile.Meta(
                        arn: arn, name: backupName, createdAt: createdAt, itemCount: source.itemCount, schema: schema),
                    rows: { each in
                        let statement = try connection.statement("SELECT item FROM \(schema.sqlTable)")
                        defer { statement.reset() }
                        while try statement.step() {
                            try each(statement.blob(0))
                            count += 1
                            if count % 10_000 == 0 { progress(count) }
                        }
                    }, in: folder)
            }
            progress(count)
            return BackupDetails(
                backupArn: arn, backupName: backupName, sizeBytes: Self.fileSize(path), status: .available,
                createdAt: createdAt, itemCount: count, source: source)
        }
    }

    public func describeBackup(_ backupArn: String) throws(StoreError) -> BackupDetails {
        let path = backupsFolder + "/" + BackupFile.fileName(backupArn)
        guard FileManager.default.fileExists(atPath: path), let meta = try? BackupFile.meta(at: path),
            meta.arn == backupArn
        else {
            throw StoreError(.backupNotFound, "Backup not found: \(backupArn)")
        }
        return Self.details(meta, path: path)
    }

    /// Backups, oldest first, filtered by table and creation time, a page at a time.
    public func listBackups(_ input: ListBackupsInput) throws(StoreError) -> ListBackupsOutput {
        try StoreError.checkRange(input.limit, 1...100, at: "limit")
        let folder = backupsFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var all: [BackupDetails] = []
        for name in names where name.hasSuffix("." + BackupFile.fileExtension) {
            let path = folder + "/" + name
            guard let meta = try? BackupFile.meta(at: path) else { continue }
            all.append(Self.details(meta, path: path))
        }
        all.sort { ($0.createdAt, $0.backupArn) < ($1.createdAt, $1.backupArn) }
        // DynamoDB lists USER backups unless asked for another type, or ALL.
        let type = input.backupType ?? "USER"
        var matching = all.filter { backup in
            (type == "ALL" || backup.type == type) && (input.tableName.map { backup.source.tableName == $0 } ?? true)
                && (input.createdAfter.map { backup.createdAt >= $0 } ?? true)
                && (input.createdBefore.map { backup.createdAt < $0 } ?? true)
        }
        if let start = input.exclusiveStartBackupArn {
            guard let index = matching.firstIndex(where: { $0.backupArn == start }) else {
                return ListBackupsOutput(backups: [])
            }
            matching.removeSubrange(...index)
        }
        let limit = input.limit ?? 100
        let page = Array(matching.prefix(limit))
        return ListBackupsOutput(
            backups: page, lastEvaluatedBackupArn: matching.count > limit ? page.last?.backupArn : nil)
    }

    public func deleteBackup(_ backupArn: String) throws(StoreError) -> BackupDetails {
        var details = try describeBackup(backupArn)
        do {
            try FileManager.default.removeItem(atPath: backupsFolder + "/" + BackupFile.fileName(backupArn))
        } catch {
            throw StoreError(.internalFailure, "Could not delete the backup's file: \(error)")
        }
        details.status = .deleted
        return details
    }

    /// A new table with the backup's definition (billing and indexes as overridden) and items.
    /// As in DynamoDB, the stream, TTL and tags are not restored.
    public func restoreTableFromBackup(
        _ input: RestoreTableFromBackupInput, progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> TableDescription {
        let path = backupsFolder + "/" + BackupFile.fileName(input.backupArn)
        guard FileManager.default.fileExists(atPath: path), let meta = try? BackupFile.meta(at: path),
            meta.arn == input.backupArn
        else {
            throw StoreError(.backupNotFound, "Backup not found: \(input.backupArn)")
        }
        if (try? cachedSchema(input.targetTableName)) != nil {
            throw StoreError(.tableAlreadyExists, "Table already exists: \(input.targetTableName)")
        }
        try createRestoredTable(
            like: meta.schema, named: input.targetTableName, billingMode: input.billingModeOverride,
            provisionedThroughput: input.provisionedThroughputOverride,
            globalIndexes: input.globalSecondaryIndexOverride, localIndexes: input.localSecondaryIndexOverride)
        var restored: Int64 = 0
        do {
            try BackupFile.items(at: path) { batch in
                var items: [Item] = []
                items.reserveCapacity(batch.count)
                for bytes in batch { items.append(try ItemCodec.decode(bytes)) }
                try importItems(items, into: input.targetTableName)
                restored += Int64(items.count)
                progress(restored)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internalFailure, "Could not read the backup: \(error)")
        }
        return try describeTable(input.targetTableName)
    }

    /// The empty table a restore fills: `schema`'s keys, with billing and indexes as overridden
    /// (an empty index list drops them).
    func createRestoredTable(
        like schema: TableSchema, named target: String, billingMode: BillingMode?,
        provisionedThroughput: ProvisionedThroughput?, globalIndexes: [SecondaryIndex]?,
        localIndexes: [SecondaryIndex]?
    ) throws(StoreError) {
        func index(_ index: IndexSchema) -> SecondaryIndex {
            SecondaryIndex(
                indexName: index.name, keySchema: index.key.keySchema, projection: index.projection,
                provisionedThroughput: index.provisionedThroughput)
        }
        let billing = billingMode ?? schema.billingMode
        let globals = globalIndexes ?? schema.globalIndexes.map(index)
        let locals = localIndexes ?? schema.localIndexes.map(index)
        // Only the definitions the new table's keys use: an override may drop an index.
        let used = Set((schema.key.keySchema + (globals + locals).flatMap(\.keySchema)).map(\.attributeName))
        _ = try createTable(
            CreateTableInput(
                tableName: target, keySchema: schema.key.keySchema,
                attributeDefinitions: schema.attributeDefinitions.filter { used.contains($0.attributeName) },
                globalSecondaryIndexes: globals, localSecondaryIndexes: locals,
                billingMode: billing,
                provisionedThroughput: billing == .provisioned
                    ? (provisionedThroughput ?? schema.provisionedThroughput) : nil))
    }

    /// How long a SYSTEM backup of a deleted table is kept, as in DynamoDB.
    static let systemBackupRetention: Double = 35 * 86_400

    /// The SYSTEM backup DynamoDB keeps of a table with point-in-time recovery when the table is
    /// deleted: taken inside the deleting transaction, so it is the table's last state.
    func writeSystemBackup(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        let createdAt = Date().timeIntervalSince1970
        let count = try connection.integer("SELECT count(*) FROM \(schema.sqlTable)")
        _ = try BackupFile.write(
            BackupFile.Meta(
                arn: Self.backupArn(schema, createdAt: createdAt), name: "\(schema.name)$DeletedTableBackup",
                createdAt: createdAt, itemCount: count, schema: schema, type: "SYSTEM"),
            rows: { each in
                let statement = try connection.statement("SELECT item FROM \(schema.sqlTable)")
                defer { statement.reset() }
                while try statement.step() { try each(statement.blob(0)) }
            }, in: backupsFolder)
    }

    /// Deletes SYSTEM backups older than their retention. Returns how many.
    @discardableResult
    public func expireSystemBackups(now: Double = Date().timeIntervalSince1970) -> Int {
        let folder = backupsFolder
        var expired = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasSuffix("." + BackupFile.fileExtension) {
            let path = folder + "/" + name
            guard let meta = try? BackupFile.meta(at: path), meta.type == "SYSTEM",
                now - meta.createdAt > Self.systemBackupRetention
            else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { expired += 1 }
        }
        return expired
    }

    // MARK: Names

    /// `arn:…:table/NAME/backup/<creation in ms, 14 digits>-<8 hex>`, DynamoDB's shape.
    static func backupArn(_ schema: TableSchema, createdAt: Double) -> String {
        let milliseconds = String(Int64(createdAt * 1000))
        let padded = String(repeating: "0", count: max(0, 14 - milliseconds.count)) + milliseconds
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(schema.arn)/backup/\(padded)-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }

    static func details(_ meta: BackupFile.Meta, path: String) -> BackupDetails {
        let schema = meta.schema
        return BackupDetails(
            backupArn: meta.arn, backupName: meta.name, sizeBytes: fileSize(path), status: .available,
            type: meta.type ?? "USER", createdAt: meta.createdAt, itemCount: meta.itemCount,
            source: TableDescription(
                tableName: schema.name, tableStatus: "ACTIVE", keySchema: schema.key.keySchema,
                attributeDefinitions: schema.attributeDefinitions, creationDateTime: schema.createdAt,
                itemCount: meta.itemCount, tableArn: schema.arn, tableId: schema.tableId,
                billingMode: schema.billingMode, provisionedThroughput: schema.provisionedThroughput,
                globalSecondaryIndexes: schema.globalIndexes.map { index in
                    IndexDescription(
                        indexName: index.name, keySchema: index.key.keySchema, projection: index.projection,
                        indexStatus: "ACTIVE", itemCount: 0, indexSizeBytes: 0,
                        indexArn: "\(schema.arn)/index/\(index.name)",
                        provisionedThroughput: index.provisionedThroughput)
                },
                localSecondaryIndexes: schema.localIndexes.map { index in
                    IndexDescription(
                        indexName: index.name, keySchema: index.key.keySchema, projection: index.projection,
                        indexStatus: "ACTIVE", itemCount: 0, indexSizeBytes: 0,
                        indexArn: "\(schema.arn)/index/\(index.name)",
                        provisionedThroughput: index.provisionedThroughput)
                }))
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
