import Foundation

extension PartitionStore {
    /// DynamoDB leaves alone items whose expiry is more than five years in the past.
    static let ttlHorizon: Double = 5 * 365 * 24 * 3600

    // MARK: UpdateTimeToLive and DescribeTimeToLive

    @discardableResult
    public func updateTimeToLive(
        tableName: String, specification: TimeToLiveSpecification
    ) throws(StoreError) -> TimeToLiveSpecification {
        guard (1...255).contains(specification.attributeName.utf8.count) else {
            throw .constraint(
                .value("\(specification.attributeName)"), at: "timeToLiveSpecification.attributeName",
                "Member must have length between 1 and 255")
        }
        return try exclusiveWrite { connection, catalog throws(StoreError) in
            var schema = try schema(tableName, in: catalog)
            if specification.enabled {
                if schema.timeToLive != nil { throw .validation("TimeToLive is already enabled") }
                schema.timeToLive = specification.attributeName
            } else {
                guard let current = schema.timeToLive else { throw .validation("TimeToLive is already disabled") }
                guard current == specification.attributeName else {
                    throw .validation(
                        "TimeToLive is active on a different AttributeName: current AttributeName is \(current)")
                }
                schema.timeToLive = nil
            }
            let updated = schema
            try sql(connection) {
                try ExpiryIndex.rebuild(updated, connection)
                try Catalog.save(updated, connection)
                try reloadCatalog(connection)
            }
            return specification
        }
    }

    public func describeTimeToLive(tableName: String) throws(StoreError) -> TimeToLiveDescription {
        try read { connection, _ throws(StoreError) in
            let schema = try schema(tableName, in: refreshedCatalog(connection))
            return TimeToLiveDescription(
                timeToLiveStatus: schema.timeToLive == nil ? .disabled : .enabled, attributeName: schema.timeToLive)
        }
    }

    // MARK: Sweeping

    /// Deletes items whose expiry has passed, in transactions of at most `batch` items so that
    /// readers and writers are never held up for long. Each deletion writes a REMOVE stream
    /// record made by the service. Returns how many items were deleted.
    @discardableResult
    public func sweepExpiredItems(
        now: Double = Date().timeIntervalSince1970, batch: Int = 500
    ) throws(StoreError) -> Int {
        let tables = catalog.withLock { $0.tables.values.filter { $0.timeToLive != nil }.map(\.name) }
        var total = 0
        for name in tables {
            while true {
                let deleted = try exclusiveWrite { connection, catalog throws(StoreError) -> Int in
                    guard let schema = catalog.tables[name], let attribute = schema.timeToLive else { return 0 }
                    return try sql(connection) {
                        var count = 0
                        for key in try ExpiryIndex.due(schema, now: now, limit: batch, connection) {
                            // The index says so; the item itself decides.
                            guard let item = try ItemStorage.read(schema, key, connection),
                                let expires = ExpiryIndex.expiry(of: item, attribute), Self.isExpired(expires, now: now)
                            else {
                                continue
                            }
                            try ItemStorage.delete(schema, key, old: item, byService: true, connection)
                            count += 1
                        }
                        return count
                    }
                }
                total += deleted
                if deleted < batch { break }
            }
        }
        return total
    }

    static func isExpired(_ expires: Int64, now: Double) -> Bool {
        Double(expires) <= now && Double(expires) >= now - ttlHorizon
    }

    /// The background sweeper: expired items and old stream records, every `sweepInterval`
    /// seconds, for as long as the store is open.
    func startSweeper() {
        let interval = configuration.sweepInterval
        guard interval > 0 else { return }
        Task.detached(priority: .background) { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard let store = self else { return }
                store.sweepOnce()
            }
        }
    }

    private func sweepOnce() {
        _ = try? sweepExpiredItems()
        // Trimming takes the write lock only when there is something to trim.
        let cutoff = Int64((Date().timeIntervalSince1970 - configuration.streamRetention) * 1000)
        let due =
            (try? read { connection, _ throws(StoreError) in
                try sql(connection) {
                    try connection.integer(
                        "SELECT count(*) FROM (SELECT 1 FROM vd_stream WHERE created_ms < \(cutoff) LIMIT 1)")
                }
            }) ?? 0
        if due > 0 { _ = try? trimStreams() }
        _ = try? trimHistory()
    }
}

/// `vd_ttl`: each item's expiry beside its key, so a sweep reads only what is due instead of
/// scanning the table.
enum ExpiryIndex {
    /// The expiry of an item: its TTL attribute when that is a number, in whole seconds.
    static func expiry(of item: Item, _ attribute: String) -> Int64? {
        guard case .n(let number)? = item[attribute] else { return nil }
        return number.int64Value
    }

    static func add(_ schema: TableSchema, _ key: EncodedKey, expires: Int64, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(StatementKey(table: "vd_ttl", shape: 1)) {
            "INSERT OR IGNORE INTO vd_ttl(table_id, expires, ph, pk, sk) VALUES (?1, ?2, ?3, ?4, ?5)"
        }
        bind(statement, schema, key, expires)
        try statement.run()
    }

    static func remove(_ schema: TableSchema, _ key: EncodedKey, expires: Int64, _ connection: SQLiteConnection) throws
    {
        let statement = try connection.statement(StatementKey(table: "vd_ttl", shape: 2)) {
            "DELETE FROM vd_ttl WHERE table_id = ?1 AND expires = ?2 AND ph = ?3 AND pk = ?4 AND sk = ?5"
        }
        bind(statement, schema, key, expires)
        try statement.run()
    }

    private static func bind(_ statement: SQLiteStatement, _ schema: TableSchema, _ key: EncodedKey, _ expires: Int64) {
        statement.bind(1, schema.id)
        statement.bind(2, expires)
        statement.bind(3, key.hash)
        statement.bind(4, key.partition)
        statement.bind(5, key.sort)
    }

    /// Keys whose expiry is due: not in the future, and not beyond DynamoDB's five-year horizon.
    static func due(
        _ schema: TableSchema, now: Double, limit: Int, _ connection: SQLiteConnection
    ) throws -> [EncodedKey] {
        let statement = try connection.statement(StatementKey(table: "vd_ttl", shape: 3)) {
            "SELECT pk, sk FROM vd_ttl WHERE table_id = ?1 AND expires >= ?2 AND expires <= ?3 ORDER BY expires LIMIT ?4"
        }
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, Int64((now - PartitionStore.ttlHorizon).rounded(.up)))
        statement.bind(3, Int64(now.rounded(.down)))
        statement.bind(4, Int64(limit))
        var keys: [EncodedKey] = []
        while try statement.step() { keys.append(EncodedKey(partition: statement.blob(0), sort: statement.blob(1))) }
        return keys
    }

    /// Drops a table's expiry rows and, when TTL is on, writes them afresh from its items.
    static func rebuild(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        let clear = try connection.statement("DELETE FROM vd_ttl WHERE table_id = ?1")
        clear.bind(1, schema.id)
        try clear.run()
        guard let attribute = schema.timeToLive else { return }
        let rows = try connection.statement("SELECT pk, sk, item FROM \(schema.sqlTable)")
        defer { rows.reset() }
        while try rows.step() {
            let item = try rows.withBlob(2) { raw throws(StoreError) in try ItemCodec.value(named: attribute, in: raw) }
            guard case .n(let number)? = item, let expires = number.int64Value else { continue }
            try add(schema, EncodedKey(partition: rows.blob(0), sort: rows.blob(1)), expires: expires, connection)
        }
    }
}
