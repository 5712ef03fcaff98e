import CSQLite
import Foundation
import Synchronization

/// An embedded store with DynamoDB's data model, kept in one SQLite file.
///
/// Safe to share between threads, and the same file may be open in several processes: SQLite's
/// WAL mode gives one writer at a time and readers that are never blocked. Every write runs in one
/// SQLite transaction together with its index entries, so a crash leaves no half-written item.
public final class PartitionStore: Sendable {
    public let path: String
    public let configuration: StoreConfiguration

    let writer: Mutex<SQLiteConnection>
    let readers: ConnectionPool
    let catalog: Mutex<Catalog>
    let groupCommit = GroupCommit()
    /// Item counts and sizes of large tables, which DescribeTable would otherwise count anew.
    let rowCounts = RowCountCache()
    /// When this process last dropped history older than the recovery windows.
    let historyTrimmedAt = Mutex<Double>(0)

    /// Opens the store at `path`, creating the file when it does not exist.
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws(StoreError) {
        self.path = path
        self.configuration = configuration
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: configuration.lockWaitMilliseconds)
            if configuration.buildingNewFile {
                // Larger pages suit a file filled with many rows at once: fewer splits, shallower trees.
                try connection.execute("PRAGMA page_size=\(StoreConfiguration.builtPageSize)")
                try connection.execute("PRAGMA journal_mode=OFF")
                try connection.execute("PRAGMA synchronous=OFF")
                try connection.execute("PRAGMA mmap_size=\(StoreConfiguration.buildingMapBytes)")
            } else {
                try connection.execute("PRAGMA journal_mode=WAL")
                try connection.execute("PRAGMA synchronous=\(configuration.durability == .full ? "FULL" : "NORMAL")")
            }
            try connection.execute("PRAGMA foreign_keys=OFF")
        } catch let failure as SQLiteFailure {
            throw Self.openError(path: path, failure)
        } catch {
            throw StoreError(.internalFailure, "Cannot open store at \(path): \(error)")
        }
        let loaded: Catalog
        do {
            loaded = try Catalog.prepare(connection, region: configuration.region)
        } catch let failure as SQLiteFailure {
            throw Self.openError(path: path, failure)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internalFailure, "Cannot open store at \(path): \(error)")
        }
        self.writer = Mutex(connection)
        self.catalog = Mutex(loaded)
        self.readers = ConnectionPool(path: path, lockWait: configuration.lockWaitMilliseconds)
        startSweeper()
    }

    private static func openError(path: String, _ failure: SQLiteFailure) -> StoreError {
        switch failure.code & 0xFF {
        case SQLITE_NOTADB: StoreError(.internalFailure, "\(path) is not a VaultDesk store (not a SQLite database)")
        case SQLITE_CANTOPEN:
            StoreError(.internalFailure, "Cannot open store at \(path): the file or its folder cannot be opened")
        case SQLITE_BUSY, SQLITE_LOCKED:
            StoreError(.storeBusy, "Cannot open store at \(path): it is locked by another process")
        default: StoreError(.internalFailure, "Cannot open store at \(path): \(failure.message)")
        }
    }

    // MARK: Transactions

    /// Runs `body` alone in one write transaction (`BEGIN IMMEDIATE`): all of it commits or none
    /// of it. The catalog is refreshed first when another connection changed it. Catalog changes
    /// and sweeps use this; item writes share commits through `write` (see `GroupCommit`).
    func exclusiveWrite<T: Sendable>(
        _ body: (SQLiteConnection, Catalog) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let wait = configuration.lockWaitMilliseconds
        return try writer.withLock { connection throws(StoreError) -> T in
            do {
                try connection.beginWrite()
            } catch {
                throw error.storeError(busyWait: wait)
            }
            do throws(StoreError) {
                let current = try refreshedCatalog(connection)
                let result = try body(connection, current)
                do {
                    try connection.runCached("COMMIT")
                } catch {
                    throw error.storeError(busyWait: wait)
                }
                return result
            } catch {
                if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs `body` on a reader connection. A single statement is its own consistent snapshot;
    /// pass `snapshot: true` when `body` runs several statements that must agree.
    func read<T>(
        snapshot: Bool = false, _ body: (SQLiteConnection, Catalog) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let connection = try readers.borrow()
        defer { readers.giveBack(connection) }
        let wait = configuration.lockWaitMilliseconds
        if snapshot {
            do { try connection.runCached("BEGIN") } catch { throw error.storeError(busyWait: wait) }
        }
        defer { if snapshot, connection.isInTransaction { try? connection.runCached("COMMIT") } }
        do {
            return try body(connection, catalog.withLock { $0 })
        } catch let error where error.code == .resourceNotFound {
            // Another process may have created or changed the table since we last looked.
            let refreshed = try reloadCatalog(connection)
            return try body(connection, refreshed)
        }
    }

    /// The catalog as of this write transaction: reloaded when its version moved on.
    func refreshedCatalog(_ connection: SQLiteConnection) throws(StoreError) -> Catalog {
        let cached = catalog.withLock { $0 }
        let version = try sql(connection) { try Catalog.storedVersion(connection) }
        guard version != cached.version else { return cached }
        return try reloadCatalog(connection)
    }

    @discardableResult
    func reloadCatalog(_ connection: SQLiteConnection) throws(StoreError) -> Catalog {
        let loaded = try sql(connection) { try Catalog.load(connection, region: configuration.region) }
        catalog.withLock { $0 = loaded }
        return loaded
    }

    /// Runs SQLite work, turning its failures into typed store errors.
    func sql<T>(_ connection: SQLiteConnection, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw error.storeError(busyWait: configuration.lockWaitMilliseconds)
        }
    }

    /// The schema of `name`, or ResourceNotFoundException.
    func schema(_ name: String, in catalog: Catalog) throws(StoreError) -> TableSchema {
        guard let schema = catalog.tables[name] else { throw .tableNotFound(name) }
        return schema
    }

    /// `PRAGMA integrity_check` on the file: "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        try read { connection, _ throws(StoreError) in
            try sql(connection) {
                let statement = try connection.statement("PRAGMA integrity_check")
                defer { statement.reset() }
                var lines: [String] = []
                while try statement.step() { lines.append(statement.text(0)) }
                return lines.joined(separator: "\n")
            }
        }
    }
}

extension Error {
    /// Any error from SQLite work, as a typed store error.
    func storeError(busyWait: Int32) -> StoreError {
        if let error = self as? StoreError { return error }
        if let failure = self as? SQLiteFailure { return failure.storeError(busyWait: busyWait) }
        return StoreError(.internalFailure, "\(self)")
    }
}

/// Reader connections, created on demand and kept for reuse, so concurrent reads in one process
/// do not queue behind each other or behind the writer.
final class ConnectionPool: Sendable {
    private let path: String
    private let lockWait: Int32
    private let idle = Mutex<[SQLiteConnection]>([])
    private static let maxIdle = 8

    init(path: String, lockWait: Int32) {
        self.path = path
        self.lockWait = lockWait
    }

    func borrow() throws(StoreError) -> SQLiteConnection {
        if let connection = idle.withLock({ $0.popLast() }) { return connection }
        do {
            return try SQLiteConnection(path: path, busyTimeoutMilliseconds: lockWait)
        } catch {
            throw error.storeError(busyWait: lockWait)
        }
    }

    func giveBack(_ connection: SQLiteConnection) {
        idle.withLock { connections in
            if connections.count < Self.maxIdle { connections.append(connection) }
        }
    }
}
