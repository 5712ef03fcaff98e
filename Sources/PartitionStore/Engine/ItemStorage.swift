/// Reads and writes of stored items. Every write goes through here, so the base row and its index
/// entries always change together, inside the caller's transaction.
enum ItemStorage {
    /// Statement shapes for the statement cache.
    enum Shape {
        static let read: UInt32 = 1
        static let upsert: UInt32 = 2
        static let delete: UInt32 = 3
        static let insertNew: UInt32 = 4
    }

    /// The item under `key`, decoded straight from SQLite's buffer.
    static func read(_ schema: TableSchema, _ key: EncodedKey, _ connection: SQLiteConnection) throws -> Item? {
        try lookup(schema, key, connection) { row in
            try row.withBlob(0) { raw throws(StoreError) in try ItemCodec.decode(raw) }
        }
    }

    /// The stored bytes of one item, without decoding them.
    static func readStored(
        _ schema: TableSchema, _ key: EncodedKey, _ connection: SQLiteConnection
    ) throws -> StoredItem? {
        try lookup(schema, key, connection) { row in StoredItem(bytes: row.blob(0)) }
    }

    private static func lookup<T>(
        _ schema: TableSchema, _ key: EncodedKey, _ connection: SQLiteConnection, _ body: (SQLiteStatement) throws -> T
    ) throws -> T? {
        let statement = try connection.statement(StatementKey(table: schema.sqlTable, shape: Shape.read)) {
            "SELECT item FROM \(schema.sqlTable) WHERE ph = ?1 AND pk = ?2 AND sk = ?3"
        }
        defer { statement.reset() }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        guard try statement.step() else { return nil }
        return try body(statement)
    }

    /// Stores `new` under `key`, replacing `old` (the item currently stored there, if any), and
    /// brings every index into step. Index keys are checked before anything is written. Only a
    /// bulk import leaves no stream record.
    static func write(
        _ schema: TableSchema, _ key: EncodedKey, old: Item?, new: Item, recordingStream: Bool = true,
        _ connection: SQLiteConnection
    ) throws {
        if recordingStream, let stream = schema.activeStream {
            // A write that changes nothing leaves no stream record.
            if let old, AttributeValue.m(old).isEqual(to: .m(new)) { return }
            try StreamLog.append(schema, stream, old: old, new: new, byService: false, connection)
        }
        if let attribute = schema.timeToLive {
            let before = old.flatMap { ExpiryIndex.expiry(of: $0, attribute) }
            let after = ExpiryIndex.expiry(of: new, attribute)
            if before != after {
                if let before { try ExpiryIndex.remove(schema, key, expires: before, connection) }
                if let after { try ExpiryIndex.add(schema, key, expires: after, connection) }
            }
        }
        let indexKeys = try schema.indexes.map { index throws(StoreError) in
            (index, old: old.flatMap { try? index.encodedKey(ofItem: $0) }, new: try index.encodedKey(ofItem: new))
        }
        let statement = try connection.statement(StatementKey(table: schema.sqlTable, shape: Shape.upsert)) {
            "INSERT INTO \(schema.sqlTable)(ph, pk, sk, item) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET item = excluded.item"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        let encoded = ItemCodec.encode(new)
        statement.bind(4, encoded)
        try statement.run()
        if schema.pointInTimeRecovery != nil { try ChangeHistory.record(schema, key, encoded: encoded, connection) }
        for (index, oldKey, newKey) in indexKeys {
            if let oldKey, oldKey != newKey {
                try IndexWriter.delete(index, key: oldKey, tableKey: key, connection)
            }
            if let newKey {
                let projected =
                    index.projection.projectionType == .all
                    ? encoded : ItemCodec.encode(index.project(new, tableKey: schema.key))
                try IndexWriter.insert(index, key: newKey, tableKey: key, encoded: projected, connection)
            }
        }
    }

    /// Stores an item under a key that holds none yet, without a stream record (bulk import).
    /// Returns false, having written nothing, when an item is stored there already. Saves the
    /// read of the old item that `write` needs, and encodes the item once for every index that
    /// projects all attributes.
    static func insertNew(
        _ schema: TableSchema, _ key: EncodedKey, _ item: Item, _ connection: SQLiteConnection
    ) throws -> Bool {
        let indexKeys = try schema.indexes.map { index throws(StoreError) in (index, try index.encodedKey(ofItem: item))
        }
        let encoded = ItemCodec.encode(item)
        let statement = try connection.statement(StatementKey(table: schema.sqlTable, shape: Shape.insertNew)) {
            "INSERT INTO \(schema.sqlTable)(ph, pk, sk, item) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        statement.bind(4, encoded)
        try statement.run()
        guard connection.changes == 1 else { return false }
        if schema.pointInTimeRecovery != nil { try ChangeHistory.record(schema, key, encoded: encoded, connection) }
        if let attribute = schema.timeToLive, let expires = ExpiryIndex.expiry(of: item, attribute) {
            try ExpiryIndex.add(schema, key, expires: expires, connection)
        }
        for (index, indexKey) in indexKeys {
            guard let indexKey else { continue }
            let projected =
                index.projection.projectionType == .all
                ? encoded : ItemCodec.encode(index.project(item, tableKey: schema.key))
            try IndexWriter.insert(index, key: indexKey, tableKey: key, encoded: projected, connection)
        }
        return true
    }

    static func delete(
        _ schema: TableSchema, _ key: EncodedKey, old: Item, byService: Bool = false, _ connection: SQLiteConnection
    ) throws {
        if let stream = schema.activeStream {
            try StreamLog.append(schema, stream, old: old, new: nil, byService: byService, connection)
        }
        if let attribute = schema.timeToLive, let expires = ExpiryIndex.expiry(of: old, attribute) {
            try ExpiryIndex.remove(schema, key, expires: expires, connection)
        }
        let statement = try connection.statement(StatementKey(table: schema.sqlTable, shape: Shape.delete)) {
            "DELETE FROM \(schema.sqlTable) WHERE ph = ?1 AND pk = ?2 AND sk = ?3"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        try statement.run()
        if schema.pointInTimeRecovery != nil { try ChangeHistory.record(schema, key, encoded: nil, connection) }
        for index in schema.indexes {
            if let oldKey = try? index.encodedKey(ofItem: old) {
                try IndexWriter.delete(index, key: oldKey, tableKey: key, connection)
            }
        }
    }
}

/// The rows of index tables: index key, then the base table key, then the projected item.
enum IndexWriter {
    static func insert(
        _ index: IndexSchema, key: EncodedKey, tableKey: EncodedKey, item: Item, _ connection: SQLiteConnection
    ) throws {
        try insert(index, key: key, tableKey: tableKey, encoded: ItemCodec.encode(item), connection)
    }

    static func insert(
        _ index: IndexSchema, key: EncodedKey, tableKey: EncodedKey, encoded: [UInt8], _ connection: SQLiteConnection
    ) throws {
        let statement = try connection.statement(StatementKey(table: index.sqlTable, shape: ItemStorage.Shape.upsert)) {
            "INSERT OR REPLACE INTO \(index.sqlTable)(ph, pk, sk, tpk, tsk, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        statement.bind(4, tableKey.partition)
        statement.bind(5, tableKey.sort)
        statement.bind(6, encoded)
        try statement.run()
    }

    static func delete(
        _ index: IndexSchema, key: EncodedKey, tableKey: EncodedKey, _ connection: SQLiteConnection
    ) throws {
        let statement = try connection.statement(StatementKey(table: index.sqlTable, shape: ItemStorage.Shape.delete)) {
            "DELETE FROM \(index.sqlTable) WHERE ph = ?1 AND pk = ?2 AND sk = ?3 AND tpk = ?4 AND tsk = ?5"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        statement.bind(4, tableKey.partition)
        statement.bind(5, tableKey.sort)
        try statement.run()
    }
}
