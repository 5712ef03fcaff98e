import Foundation

/// What a backup is, as DescribeBackup and ListBackups report it.
public struct BackupDetails: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case creating = "CREATING"
        case deleted = "DELETED"
        case available = "AVAILABLE"
    }

    public var backupArn: String
    public var backupName: String
    public var sizeBytes: Int64
    public var status: Status
    /// USER: made by CreateBackup; SYSTEM: kept by the store when a table with point-in-time
    /// recovery was deleted, for 35 days.
    public var type: String
    public var createdAt: Double
    public var itemCount: Int64
    /// The table as it was when the backup was taken: keys, indexes, billing, stream.
    public var source: TableDescription

    public init(
        backupArn: String, backupName: String, sizeBytes: Int64, status: Status, type: String = "USER",
        createdAt: Double, itemCount: Int64, source: TableDescription
    ) {
        self.backupArn = backupArn
        self.backupName = backupName
        self.sizeBytes = sizeBytes
        self.status = status
        self.type = type
        self.createdAt = createdAt
        self.itemCount = itemCount
        self.source = source
    }
}

/// A backup on disk: a SQLite file of its own beside the store, so losing the store's file does
/// not lose its backups. It holds the table's definition and its items in stored form.
struct BackupFile {
    /// What the file says about itself, as JSON in its `meta` table.
    struct Meta: Codable {
        var arn: String
        var name: String
        var createdAt: Double
        var itemCount: Int64
        var schema: TableSchema
        /// USER (CreateBackup) or SYSTEM (kept when a table with point-in-time recovery is
        /// deleted); nil in files written before SYSTEM backups, which are USER.
        var type: String? = nil
    }

    static let fileExtension = "vdbackup"

    /// Writes a new backup file from `rows` (stored item bytes), named for its ARN's id; the file
    /// appears whole or not at all.
    static func write(
        _ meta: Meta, rows: (_ each: ([UInt8]) throws -> Void) throws -> Void, in folder: String
    ) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + fileName(meta.arn)
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let connection = try SQLiteConnection(path: partial, busyTimeoutMilliseconds: 1_000)
            try connection.execute(
                """
                PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
                CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE items(item BLOB NOT NULL);
                BEGIN;
                """)
            let insert = try connection.statement("INSERT INTO items(item) VALUES (?1)")
            try rows { bytes in
                insert.bind(1, bytes)
                try insert.run()
            }
            let metaStatement = try connection.statement("INSERT INTO meta(key, value) VALUES ('backup', ?1)")
            metaStatement.bind(1, Array(try JSONEncoder().encode(meta)))
            try metaStatement.run()
            try connection.execute("COMMIT")
        }
        // Durable before it is named: fsync the file, then rename it into place.
        let descriptor = open(partial, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    static func meta(at path: String) throws -> Meta {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1_000)
        let statement = try connection.statement("SELECT value FROM meta WHERE key = 'backup'")
        guard try statement.step() else { throw SQLiteFailure(code: 1, message: "no backup description in \(path)") }
        return try JSONDecoder().decode(Meta.self, from: Data(statement.blob(0)))
    }

    /// Every item of a backup file, in stored form, a batch at a time.
    static func items(at path: String, batch: Int = 1_000, _ each: ([[UInt8]]) throws -> Void) throws {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1_000)
        let statement = try connection.statement("SELECT item FROM items")
        var pending: [[UInt8]] = []
        while try statement.step() {
            pending.append(statement.blob(0))
            if pending.count == batch {
                try each(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { try each(pending) }
    }

    /// `…/backup/01732886400000-1a2b3c4d` → `01732886400000-1a2b3c4d.vdbackup`.
    static func fileName(_ arn: String) -> String {
        (arn.split(separator: "/").last.map(String.init) ?? arn) + "." + fileExtension
    }
}
