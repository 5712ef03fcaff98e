import CSQLite
import Foundation

/// A failure reported by SQLite, with its result code and message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    var description: String { "SQLite error \(code): \(message)" }
}

/// One SQLite connection with a cache of prepared statements.
///
/// Used by one thread at a time: the store hands each connection out under a lock (the writer) or
/// through a pool (readers), hence the unchecked conformance. The engine's hot path is
/// bind-step-read on cached statements, so there is no ORM layer in between.
final class SQLiteConnection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    private var cache: [String: SQLiteStatement] = [:]
    private var keyedCache: [StatementKey: SQLiteStatement] = [:]

    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        try Self.createPrivately(path)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw SQLiteFailure(code: rc, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    /// A store file holds everything in it, secrets included: a new one is readable and writable
    /// by the account that creates it only (0600), whatever the umask. SQLite gives the `-wal`
    /// and `-shm` files it makes beside it the same mode. An existing file keeps its mode, so a
    /// store shared with a group on purpose stays shared.
    static func createPrivately(_ path: String) throws {
        guard path != ":memory:", !path.hasPrefix("file:"), !path.isEmpty else { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw SQLiteFailure(
                code: SQLITE_CANTOPEN, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        cache.removeAll()
        keyedCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(error)
            throw SQLiteFailure(code: rc, message: message)
        }
    }

    /// Runs a statement without rows (BEGIN, COMMIT) through the statement cache.
    func runCached(_ sql: String) throws {
        try statement(sql).run()
    }

    /// The moment, in microseconds since 1970, that every write of the current write transaction
    /// is recorded at in the change history: one instant per commit, so a restore to any instant
    /// sees a transaction whole or not at all. Moves forward with every transaction.
    private(set) var writeTime: Int64 = 0

    /// Begins a write transaction (`BEGIN IMMEDIATE`) and stamps its moment.
    func beginWrite() throws {
        try runCached("BEGIN IMMEDIATE")
        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        writeTime = max(now, writeTime + 1)
    }

    /// A prepared statement for `sql`, reused across calls. Reset before it is returned.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// A prepared statement found by a small key instead of its text, so hot paths neither build
    /// nor hash SQL strings. `sql` is called only the first time a key is seen.
    func statement(_ key: StatementKey, _ sql: () -> String) throws -> SQLiteStatement {
        if let cached = keyedCache[key] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql())
        keyedCache[key] = statement
        return statement
    }

    /// Drops cached statements that mention a table about to be dropped.
    func forgetStatements(mentioning name: String) {
        cache = cache.filter { !$0.key.contains(name) }
        keyedCache = keyedCache.filter { $0.key.table != name }
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
    /// Rows the last statement inserted, updated or deleted.
    var changes: Int32 { sqlite3_changes(handle) }

    func failure(_ rc: Int32) -> SQLiteFailure { SQLiteFailure(code: rc, message: lastMessage) }

    /// The value of a single-integer pragma or query, such as `PRAGMA data_version`.
    func integer(_ sql: String) throws -> Int64 {
        let statement = try self.statement(sql)
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }
}

/// Names a cached statement: the SQLite table it works on and the shape of the statement.
struct StatementKey: Hashable {
    let table: String
    let shape: UInt32
}

/// A prepared statement. Bind parameters are 1-based, columns 0-based, as in the C API.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(connection: SQLiteConnection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw connection.failure(rc) }
        self.connection = connection
        self.handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            // A zero-length blob must still bind as a blob, not NULL.
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
            sqlite3_bind_blob(handle, index, base, Int32(raw.count), vaultdesk_sqlite_transient())
        }
    }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, _ text: String) {
        sqlite3_bind_text(handle, index, text, -1, vaultdesk_sqlite_transient())
    }

    /// Steps once: true when a row is available, false when done.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.failure(rc)
    }

    /// Steps until done, for statements that return no rows.
    func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Calls `body` with the column's bytes without copying them; valid only inside `body`.
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        let pointer = sqlite3_column_blob(handle, column)
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }
}
