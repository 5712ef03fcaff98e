import Foundation

/// The tables of one store file, kept in the file itself (`vd_tables`) so that they survive
/// restarts and are shared by every process that opens the file. A version counter in `vd_meta`
/// moves on with every change, so other connections know when to reload.
struct Catalog: Sendable {
    static let formatVersion: Int64 = 1

    var version: Int64
    var tables: [String: TableSchema]
    /// Streams that ended, by ARN: replaced by a new one, or their table deleted. DynamoDB keeps
    /// them readable (disabled) for the stream retention, and so does the store.
    var retiredStreams: [String: RetiredStream] = [:]

    /// The stream an ARN names, current or retired, with the table as it was.
    func stream(arn: String) -> (TableSchema, StreamSettings)? {
        for schema in tables.values {
            if let stream = schema.stream, schema.streamArn(stream) == arn { return (schema, stream) }
        }
        return retiredStreams[arn].flatMap { retired in retired.schema.stream.map { (retired.schema, $0) } }
    }

    /// The stream a shard iterator reads, by its table's id and the stream's label.
    func stream(tableId: String, label: String) -> (TableSchema, StreamSettings)? {
        for schema in tables.values where schema.tableId == tableId {
            if let stream = schema.stream, stream.label == label { return (schema, stream) }
        }
        for retired in retiredStreams.values where retired.schema.tableId == tableId {
            if let stream = retired.schema.stream, stream.label == label { return (retired.schema, stream) }
        }
        return nil
    }

    /// Creates the catalog tables in a new file, or checks the format of an existing one.
    static func prepare(_ connection: SQLiteConnection, region: String) throws -> Catalog {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS vd_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS vd_tables(name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, definition BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS vd_stream(
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, table_id INTEGER NOT NULL, label TEXT NOT NULL,
                    event INTEGER NOT NULL, created_ms INTEGER NOT NULL, keys BLOB NOT NULL, old BLOB, new BLOB,
                    size INTEGER NOT NULL, service INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS vd_stream_by_stream ON vd_stream(table_id, label, seq);
                CREATE TABLE IF NOT EXISTS vd_stream_trim(table_id INTEGER NOT NULL, label TEXT NOT NULL, through INTEGER NOT NULL, PRIMARY KEY(table_id, label)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS vd_ttl(table_id INTEGER NOT NULL, expires INTEGER NOT NULL, ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, PRIMARY KEY(table_id, expires, ph, pk, sk)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS vd_retired_streams(arn TEXT PRIMARY KEY, retired_ms INTEGER NOT NULL, definition BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS vd_request_tokens(token TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_ms INTEGER NOT NULL) WITHOUT ROWID;
                \(ChangeHistory.schema)
                CREATE TABLE IF NOT EXISTS vd_exports(arn TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, description BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS vd_imports(arn TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, description BLOB NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO vd_meta(key, value) VALUES ('format', \(formatVersion)), ('catalog_version', 0), ('next_table_id', 1);
                """)
            let format = try connection.integer("SELECT value FROM vd_meta WHERE key = 'format'")
            guard format == formatVersion else {
                throw StoreError(
                    .internalFailure, "The store file has format \(format); this build reads format \(formatVersion)")
            }
            let catalog = try load(connection, region: region)
            try connection.execute("COMMIT")
            return catalog
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    static func storedVersion(_ connection: SQLiteConnection) throws -> Int64 {
        try connection.integer("SELECT value FROM vd_meta WHERE key = 'catalog_version'")
    }

    /// The catalog as the file has it, its tables' ARNs naming `region`.
    static func load(_ connection: SQLiteConnection, region: String) throws -> Catalog {
        let version = try storedVersion(connection)
        let statement = try connection.statement("SELECT definition FROM vd_tables")
        defer { statement.reset() }
        var tables: [String: TableSchema] = [:]
        let decoder = JSONDecoder()
        while try statement.step() {
            var schema = try decoder.decode(TableSchema.self, from: Data(statement.blob(0)))
            schema.region = region
            tables[schema.name] = schema
        }
        var retired: [String: RetiredStream] = [:]
        let streams = try connection.statement("SELECT arn, definition FROM vd_retired_streams")
        defer { streams.reset() }
        while try streams.step() {
            var stream = try decoder.decode(RetiredStream.self, from: Data(streams.blob(1)))
            stream.schema.region = region
            retired[streams.text(0)] = stream
        }
        return Catalog(version: version, tables: tables, retiredStreams: retired)
    }

    /// Stores a new or changed table definition and moves the version on.
    static func save(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO vd_tables(name, id, definition) VALUES (?, ?, ?)")
        statement.bind(1, schema.name)
        statement.bind(2, schema.id)
        var kept = schema
        kept.region = nil
        statement.bind(3, Array(try JSONEncoder().encode(kept)))
        try statement.run()
        try bumpVersion(connection)
    }

    static func remove(_ name: String, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement("DELETE FROM vd_tables WHERE name = ?")
        statement.bind(1, name)
        try statement.run()
        try bumpVersion(connection)
    }

    /// Keeps a table's stream readable, disabled, after it was replaced or its table deleted.
    static func retire(
        _ stream: StreamSettings, of schema: TableSchema, at time: Double, _ connection: SQLiteConnection
    )
        throws
    {
        var closed = stream
        closed.enabled = false
        var kept = schema
        kept.stream = closed
        kept.region = nil
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO vd_retired_streams(arn, retired_ms, definition) VALUES (?, ?, ?)")
        statement.bind(1, schema.streamArn(stream))
        statement.bind(2, Int64(time * 1000))
        statement.bind(3, Array(try JSONEncoder().encode(RetiredStream(schema: kept, retiredAt: time))))
        try statement.run()
        try bumpVersion(connection)
    }

    /// Forgets retired streams that ended before `cutoff` (milliseconds): their records are trimmed.
    static func forgetRetiredStreams(before cutoff: Int64, _ connection: SQLiteConnection) throws -> Int {
        let statement = try connection.statement("DELETE FROM vd_retired_streams WHERE retired_ms < ?")
        statement.bind(1, cutoff)
        try statement.run()
        let forgotten = Int(connection.changes)
        if forgotten > 0 { try bumpVersion(connection) }
        return forgotten
    }

    static func nextTableId(_ connection: SQLiteConnection) throws -> Int64 {
        let id = try connection.integer("SELECT value FROM vd_meta WHERE key = 'next_table_id'")
        try connection.execute("UPDATE vd_meta SET value = value + 1 WHERE key = 'next_table_id'")
        return id
    }

    private static func bumpVersion(_ connection: SQLiteConnection) throws {
        try connection.execute("UPDATE vd_meta SET value = value + 1 WHERE key = 'catalog_version'")
    }
}

/// A stream that ended, with its table as it was then (the stream disabled), so it can still be
/// described and read until its records are trimmed.
struct RetiredStream: Codable, Sendable, Hashable {
    var schema: TableSchema
    var retiredAt: Double
}
