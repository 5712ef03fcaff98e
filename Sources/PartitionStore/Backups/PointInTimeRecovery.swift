import Foundation

/// Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups and
/// RestoreTableToPointInTime, on the change history (`ChangeHistory`) kept in the store file.
extension PartitionStore {
    /// How often the sweeper drops history older than each table's recovery window.
    static let historyTrimInterval: Double = 600

    public func updateContinuousBackups(
        _ input: UpdateContinuousBackupsInput
    ) throws(StoreError)
        -> ContinuousBackupsDescription
    {
        try StoreError.checkRange(
            input.recoveryPeriodInDays, 1...35, at: "pointInTimeRecoverySpecification.recoveryPeriodInDays")
        if input.recoveryPeriodInDays != nil, !input.pointInTimeRecoveryEnabled {
            throw .validation("RecoveryPeriodInDays can only be set when PointInTimeRecoveryEnabled is true")
        }
        return try exclusiveWrite { connection, catalog throws(StoreError) in
            guard var schema = catalog.tables[input.tableName] else {
                throw Self.continuousTableNotFound(input.tableName)
            }
            switch (input.pointInTimeRecoveryEnabled, schema.pointInTimeRecovery) {
            case (true, var current?):
                // Already on: only the period changes; the history is kept.
                current.recoveryPeriodInDays = input.recoveryPeriodInDays ?? current.recoveryPeriodInDays
                schema.pointInTimeRecovery = current
            case (true, nil):
                schema.pointInTimeRecovery = PointInTimeRecoverySettings(
                    enabledAt: Double(connection.writeTime) / 1_000_000,
                    recoveryPeriodInDays: input.recoveryPeriodInDays ?? 35)
                let started = schema
                try sql(connection) { try ChangeHistory.start(started, connection) }
            case (false, _):
                schema.pointInTimeRecovery = nil
                let stopped = schema
                try sql(connection) { try ChangeHistory.forget(stopped, connection) }
            }
            let updated = schema
            try sql(connection) {
                try Catalog.save(updated, connection)
                try reloadCatalog(connection)
            }
            return Self.continuousBackups(updated, now: Date().timeIntervalSince1970)
        }
    }

    public func describeContinuousBackups(tableName: String) throws(StoreError) -> ContinuousBackupsDescription {
        try read { connection, _ throws(StoreError) in
            guard let schema = try refreshedCatalog(connection).tables[tableName] else {
                throw Self.continuousTableNotFound(tableName)
            }
            return Self.continuousBackups(schema, now: Date().timeIntervalSince1970)
        }
    }

    /// A new table holding exactly what the source table held at the instant asked for, read
    /// from the history inside one snapshot while writers carry on. `progress` hears how many
    /// items have been restored.
    public func restoreTableToPointInTime(
        _ input: RestoreTableToPointInTimeInput, progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> TableDescription {
        let sourceName = try input.resolvedSourceTableName()
        if input.useLatestRestorableTime == true, input.restoreDateTime != nil {
            throw .validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified")
        }
        if input.useLatestRestorableTime != true, input.restoreDateTime == nil {
            throw .validation("Either RestoreDateTime or UseLatestRestorableTime must be specified")
        }
        try TableValidation.checkName(input.targetTableName, field: "targetTableName")
        return try read(snapshot: true) { connection, _ throws(StoreError) in
            let catalog = try refreshedCatalog(connection)
            guard let schema = catalog.tables[sourceName] else { throw Self.continuousTableNotFound(sourceName) }
            guard let recovery = schema.pointInTimeRecovery else {
                throw StoreError(
                    .pointInTimeRecoveryUnavailable, "Point in time recovery is not enabled for table '\(sourceName)'")
            }
            let now = Date().timeIntervalSince1970
            let window = Self.restorableWindow(recovery, now: now)
            let instant = input.restoreDateTime ?? window.latest
            guard window.earliest <= instant, instant <= window.latest else {
                throw StoreError(
                    .invalidRestoreTime,
                    "RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime")
            }
            if catalog.tables[input.targetTableName] != nil {
                throw StoreError(.tableAlreadyExists, "Table already exists: \(input.targetTableName)")
            }
            try createRestoredTable(
                like: schema, named: input.targetTableName, billingMode: input.billingModeOverride,
                provisionedThroughput: input.provisionedThroughputOverride,
                globalIndexes: input.globalSecondaryIndexOverride, localIndexes: input.localSecondaryIndexOverride)
            var restored: Int64 = 0
            var batch: [Item] = []
            func flush() throws(StoreError) {
                guard !batch.isEmpty else { return }
                try importItems(batch, into: input.targetTableName)
                restored += Int64(batch.count)
                batch.removeAll(keepingCapacity: true)
                progress(restored)
            }
            try sql(connection) {
                try ChangeHistory.items(of: schema, at: Int64((instant * 1_000_000).rounded(.down)), connection) {
                    bytes in
                    batch.append(try ItemCodec.decode(bytes))
                    if batch.count == 5_000 { try flush() }
                }
            }
            try flush()
            return try describeTable(input.targetTableName)
        }
    }

    /// Drops history that is older than every table's recovery window, at most every
    /// `historyTrimInterval` unless `force`d. Returns how many rows were dropped.
    @discardableResult
    public func trimHistory(
        now: Double = Date().timeIntervalSince1970, force: Bool = false
    ) throws(StoreError)
        -> Int
    {
        let due = historyTrimmedAt.withLock { last in
            guard force || now - last >= Self.historyTrimInterval else { return false }
            last = now
            return true
        }
        guard due else { return 0 }
        expireSystemBackups(now: now)
        let tables = catalog.withLock { $0.tables.values.filter { $0.pointInTimeRecovery != nil } }
        var total = 0
        for table in tables {
            guard let recovery = table.pointInTimeRecovery else { continue }
            let cutoff = Int64((Self.restorableWindow(recovery, now: now).earliest * 1_000_000).rounded(.down))
            while true {
                let dropped = try exclusiveWrite { connection, catalog throws(StoreError) in
                    // Recovery may have been turned off, or the table replaced, since the list was made.
                    guard let current = catalog.tables[table.name], current.id == table.id,
                        current.pointInTimeRecovery != nil
                    else { return 0 }
                    return try sql(connection) {
                        try ChangeHistory.trim(current, before: cutoff, batch: 2_000, connection)
                    }
                }
                total += dropped
                if dropped < 2_000 { break }
            }
        }
        return total
    }

    /// What DescribeContinuousBackups reports for a table at `now`.
    static func continuousBackups(_ schema: TableSchema, now: Double) -> ContinuousBackupsDescription {
        guard let recovery = schema.pointInTimeRecovery else {
            return ContinuousBackupsDescription(pointInTimeRecoveryEnabled: false)
        }
        let window = restorableWindow(recovery, now: now)
        return ContinuousBackupsDescription(
            pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: recovery.recoveryPeriodInDays,
            earliestRestorableDateTime: window.earliest, latestRestorableDateTime: window.latest)
    }

    /// From the later of enabling and the period's start, to now: the history is written in the
    /// same transaction as every write, so the latest restorable moment is the present.
    static func restorableWindow(
        _ recovery: PointInTimeRecoverySettings, now: Double
    ) -> (
        earliest: Double, latest: Double
    ) {
        let earliest = max(recovery.enabledAt, now - Double(recovery.recoveryPeriodInDays) * 86_400)
        return (earliest, max(earliest, now))
    }

    static func continuousTableNotFound(_ name: String) -> StoreError {
        StoreError(.tableNotFound, "Table not found: \(name)")
    }
}
