import Foundation

extension PartitionStore {
    /// Builds a new store file at `path` with `body`, as fast as the disk allows: the store is
    /// built in a temporary file beside `path` with no journal and no fsync, then made durable
    /// (WAL mode, synced) and renamed into place. Until the rename nothing exists at `path`, so
    /// a crash or an error leaves no half-built store behind: only the temporary file, which the
    /// next build removes.
    ///
    /// `body` must not keep the store it is given beyond its return.
    public static func build<T: Sendable>(
        at path: String, configuration: StoreConfiguration = StoreConfiguration(),
        _ body: (PartitionStore) async throws -> T
    ) async throws -> T {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path) else {
            throw StoreError(.resourceInUse, "A store already exists at \(path); build into a new path")
        }
        let temporary = path + ".building"
        removeFiles(of: temporary)
        var building = configuration
        building.buildingNewFile = true
        building.sweepInterval = 0
        let result: T
        do {
            let store = try PartitionStore(path: temporary, configuration: building)
            result = try await body(store)
        } catch {
            removeFiles(of: temporary)
            throw error
        }
        do {
            // From here on the file is an ordinary WAL store; make every page durable, then publish it.
            try Self.switchToWAL(temporary, lockWait: configuration.lockWaitMilliseconds)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            // link() refuses to replace a file that appeared at `path` meanwhile; rename() would not.
            guard link(temporary, path) == 0 else {
                throw StoreError(
                    .internalFailure,
                    "Cannot move the built store into place at \(path): \(String(cString: strerror(errno)))")
            }
            unlink(temporary)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internalFailure, "Cannot finish the store at \(path): \(error)")
        }
        return result
    }

    /// Puts a closed store file in WAL mode, which the file remembers; the connection closes on return.
    private static func switchToWAL(_ path: String, lockWait: Int32) throws {
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: lockWait)
        try connection.execute("PRAGMA journal_mode=WAL")
    }

    /// Removes a store file and the journal files SQLite may have left beside it.
    private static func removeFiles(of path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
