import Foundation

/// The tables of one store file, kept in the file itself (`vd_tables`) so that they survive
/// restarts and are shared by every process that opens the file. A version counter in `vd_meta`
/// moves on with every change, so other connections know when to reload.
struct Catalog: Sendable {
    static let formatVersion: Int64 = 1

    var version: Int64
    var tables: [String: TableSchema]

    /// Creates the catalog tables in a new file, or checks the format of an existing one.
    static func prepare(_ connection: SQLiteConnection) throws -> Catalog {
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
                CREATE TABLE IF NOT EXISTS vd_request_tokens(token TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_ms INTEGER NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO vd_meta(key, value) VALUES ('format', \(formatVersion)), ('catalog_version', 0), ('next_table_id', 1);
                """)
            let format = try connection.integer("SELECT value FROM vd_meta WHERE key = 'format'")
            guard format == formatVersion else {
                throw StoreError(
                    .internalFailure, "The store file has format \(format); this build reads format \(formatVersion)")
            }
            let catalog = try load(connection)
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

    static func load(_ connection: SQLiteConnection) throws -> Catalog {
        let version = try storedVersion(connection)
        let statement = try connection.statement("SELECT definition FROM vd_tables")
        defer { statement.reset() }
        var tables: [String: TableSchema] = [:]
        let decoder = JSONDecoder()
        while try statement.step() {
            let schema = try decoder.decode(TableSchema.self, from: Data(statement.blob(0)))
            tables[schema.name] = schema
        }
        return Catalog(version: version, tables: tables)
    }

    /// Stores a new or changed table definition and moves the version on.
    static func save(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO vd_tables(name, id, definition) VALUES (?, ?, ?)")
        statement.bind(1, schema.name)
        statement.bind(2, schema.id)
        statement.bind(3, Array(try JSONEncoder().encode(schema)))
        try statement.run()
        try bumpVersion(connection)
    }

    static func remove(_ name: String, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement("DELETE FROM vd_tables WHERE name = ?")
        statement.bind(1, name)
        try statement.run()
        try bumpVersion(connection)
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
