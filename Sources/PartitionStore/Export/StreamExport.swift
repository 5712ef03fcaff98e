import Foundation

/// Change data to a lake: a table's stream written as incremental-export records
/// (`Metadata.WriteTimestampMicros`, `Keys`, `NewImage`, `OldImage`), one gzip file per
/// interval, under `<folder>/<table>/data/date=YYYY-MM-DD/<first>-<last>.json.gz`.
///
/// A file is written whole under a temporary name, synced, and renamed into place; its name
/// holds the sequence numbers of its first and last record. The rename is the commit: the
/// position to go on from is the highest last sequence number among the files, so a restart
/// after a crash at any moment neither skips nor repeats a record.
public final class StreamExporter {
    public let store: PartitionStore
    public let tableName: String
    /// `<folder>/<table>`.
    public let root: String
    /// At most this many records per file; more make several files.
    public var recordsPerFile = PartitionStore.exportItemsPerFile

    public init(store: PartitionStore, tableName: String, folder: String) {
        self.store = store
        self.tableName = tableName
        self.root = folder + "/" + tableName
    }

    /// What one pass wrote.
    public struct Pass: Sendable, Hashable {
        public var files: [String] = []
        public var records = 0
        /// The position after the pass: the last sequence number written.
        public var position: Int64
    }

    /// The position to go on from, recovered from the files in place (nil when there are none
    /// yet); unfinished temporary files of an earlier run are removed.
    public func recoverPosition() -> Int64? {
        var position: Int64?
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root + "/data") else { return nil }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".tmp-") {
                try? manager.removeItem(atPath: root + "/data/" + relative)
                continue
            }
            guard name.hasSuffix(".json.gz"), let last = Self.lastSequence(ofFile: name) else { continue }
            position = max(position ?? 0, last)
        }
        return position
    }

    /// Writes every record committed after `position`, in files of at most `recordsPerFile`.
    /// Fails with `TrimmedDataAccessException` when records after `position` were already
    /// trimmed from the stream: a gap the lake cannot fill.
    public func pass(from position: Int64) throws(StoreError) -> Pass {
        var result = Pass(position: position)
        let start = try store.streamStart(of: tableName)
        if start > position {
            throw StoreError(
                .trimmedDataAccess,
                "Records \(position + 1) to \(start) of \(tableName)'s stream were trimmed before they were exported; "
                    + "take a full export (vaultdesk export) and start a new lake folder")
        }
        while true {
            let records = try store.streamRecords(of: tableName, after: result.position, limit: recordsPerFile)
            guard !records.isEmpty else { return result }
            result.files.append(try write(records))
            result.records += records.count
            result.position = records.last?.sequence ?? result.position
            if records.count < recordsPerFile { return result }
        }
    }

    private func write(_ records: [StreamRecord]) throws(StoreError) -> String {
        guard let first = records.first, let last = records.last else { return "" }
        let day = Self.day(first.approximateCreationDateTime)
        let folder = root + "/data/date=" + day
        let name = "\(Self.padded(first.sequence))-\(Self.padded(last.sequence)).json.gz"
        let temporary = folder + "/.tmp-" + name
        let text = RecordText(format: .dynamodbJSON, key: KeyShape(hash: AttributeDefinition("", .s)))
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let writer = try GzipWriter(path: temporary)
            var line: [UInt8] = []
            var pending: [UInt8] = []
            for record in records {
                text.change(
                    written: Int64((record.approximateCreationDateTime * 1_000_000).rounded()),
                    old: record.oldImage, new: record.newImage, keys: record.keys, into: &line)
                pending += line
                if pending.count >= 1 << 16 {
                    try writer.write(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(pending)
            try writer.finish(sync: true)
            guard rename(temporary, folder + "/" + name) == 0 else {
                throw ExportFailure("cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
            }
            Self.syncFolder(folder)
        } catch let error as StoreError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError(.internalFailure, "Writing \(folder)/\(name) failed: \(error)")
        }
        return folder + "/" + name
    }

    /// A rename is durable once the folder holding it is synced.
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Sequence numbers as DynamoDB prints them, 21 digits: names sort as the records do.
    static func padded(_ sequence: Int64) -> String { StreamLog.sequenceNumber(sequence) }

    static func lastSequence(ofFile name: String) -> Int64? {
        let stem = name.dropLast(".json.gz".count)
        guard let dash = stem.firstIndex(of: "-") else { return nil }
        return Int64(stem[stem.index(after: dash)...])
    }

    static func day(_ seconds: Double) -> String { UTCText.format(seconds, "yyyy-MM-dd") }
}

extension PartitionStore {
    /// Up to `limit` records of a table's current stream committed after sequence number
    /// `sequence`, oldest first: a position kept by the caller, across processes and restarts.
    public func streamRecords(
        of tableName: String, after sequence: Int64, limit: Int
    ) throws(StoreError)
        -> [StreamRecord]
    {
        try read { connection, catalog throws(StoreError) in
            let schema = try schema(tableName, in: refreshedCatalog(connection))
            guard let stream = schema.activeStream else {
                throw .validation("Table \(tableName) has no stream; enable one with UpdateTable")
            }
            return try sql(connection) { try StreamLog.read(schema, stream, after: sequence, limit: limit, connection) }
        }
    }

    /// The sequence number before the oldest record a table's current stream still keeps: reading
    /// from an earlier position would miss trimmed records.
    public func streamStart(of tableName: String) throws(StoreError) -> Int64 {
        try read { connection, catalog throws(StoreError) in
            let schema = try schema(tableName, in: refreshedCatalog(connection))
            guard let stream = schema.activeStream else {
                throw .validation("Table \(tableName) has no stream; enable one with UpdateTable")
            }
            return try sql(connection) { try StreamLog.trimmedThrough(schema, stream, connection) }
        }
    }
}
