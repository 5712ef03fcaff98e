import Foundation

extension PartitionStore {
    /// The records of a table's stream from `position` on, as they are committed — by this
    /// process or by any other that has the file open.
    ///
    /// A dedicated connection polls `PRAGMA data_version`, which changes only when another
    /// connection commits, so an idle tail costs one cheap pragma per `pollInterval` and reads
    /// records only after a commit. Records arrive in sequence order, each once. The sequence
    /// ends with an error when the stream or its table goes away; cancel the consuming task to
    /// stop it.
    public func changes(
        of tableName: String, from position: StreamPosition = .latest, pollInterval: Duration = .milliseconds(5)
    ) -> AsyncThrowingStream<StreamRecord, any Error> {
        let (records, continuation) = AsyncThrowingStream<StreamRecord, any Error>.makeStream(
            bufferingPolicy: .bufferingNewest(100_000))
        // LATEST means the records committed after this call, not after the tail's task happens
        // to start: pin it now, or writes made in between would be skipped.
        let start: StreamPosition
        do throws(StoreError) {
            start =
                position == .latest
                ? .after(
                    try read { connection, _ throws(StoreError) in
                        try sql(connection) { try StreamLog.newest(connection) }
                    }) : position
        } catch {
            continuation.finish(throwing: error)
            return records
        }
        let task = Task.detached { [self] in
            do {
                try await tail(tableName, from: start, pollInterval: pollInterval) { record in
                    if case .terminated = continuation.yield(record) { throw CancellationError() }
                }
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return records
    }

    private func tail(
        _ tableName: String, from position: StreamPosition, pollInterval: Duration,
        deliver: (StreamRecord) throws -> Void
    ) async throws {
        let watcher: SQLiteConnection
        do {
            watcher = try SQLiteConnection(path: path, busyTimeoutMilliseconds: configuration.lockWaitMilliseconds)
        } catch {
            throw error.storeError(busyWait: configuration.lockWaitMilliseconds)
        }
        var after: Int64 = try read { connection, catalog throws(StoreError) in
            let schema = try schema(tableName, in: catalog)
            guard let stream = schema.stream else {
                throw .validation("Table \(tableName) has no stream; enable one with UpdateTable")
            }
            return try sql(connection) {
                switch position {
                case .trimHorizon: try StreamLog.trimmedThrough(schema, stream, connection)
                case .latest: try StreamLog.newest(connection)
                case .after(let sequence): sequence
                }
            }
        }
        var seenVersion: Int64 = -1
        while !Task.isCancelled {
            let version = try sql(watcher) { try watcher.integer("PRAGMA data_version") }
            if version == seenVersion {
                try await Task.sleep(for: pollInterval)
                continue
            }
            // Read until caught up; only then remember the version, so a commit that lands while
            // reading is never missed.
            var batch: [StreamRecord]
            repeat {
                let from = after
                batch = try read { connection, catalog throws(StoreError) in
                    let schema = try schema(tableName, in: catalog)
                    guard let stream = schema.stream else {
                        throw .validation("The stream of \(tableName) was removed")
                    }
                    return try sql(connection) {
                        try StreamLog.read(schema, stream, after: from, limit: 1_000, connection)
                    }
                }
                for record in batch { try deliver(record) }
                after = batch.last?.sequence ?? after
            } while batch.count == 1_000 && !Task.isCancelled
            seenVersion = version
        }
    }
}
