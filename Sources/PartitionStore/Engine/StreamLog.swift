import Foundation

/// Change-stream records, kept in `vd_stream` and written inside the transaction of the change
/// they describe, so a record exists exactly when its change committed. `seq` is an
/// AUTOINCREMENT key: sequence numbers strictly increase and are never reused, even after trims.
enum StreamLog {
    enum Shape {
        static let append: UInt32 = 1
        static let read: UInt32 = 2
    }

    static func append(
        _ schema: TableSchema, _ stream: StreamSettings, old: Item?, new: Item?, byService: Bool,
        _ connection: SQLiteConnection
    ) throws {
        guard let any = new ?? old else { return }
        let event: StreamEventName = old == nil ? .insert : (new == nil ? .remove : .modify)
        let keys = schema.key.keyAttributes(of: any)
        let oldImage = stream.viewType.keepsOld ? old : nil
        let newImage = stream.viewType.keepsNew ? new : nil
        let size = ItemSize.of(keys) + (oldImage.map(ItemSize.of) ?? 0) + (newImage.map(ItemSize.of) ?? 0)
        let statement = try connection.statement(StatementKey(table: "vd_stream", shape: Shape.append)) {
            "INSERT INTO vd_stream(table_id, label, event, created_ms, keys, old, new, size, service) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        }
        statement.bind(1, schema.id)
        statement.bind(2, stream.label)
        statement.bind(3, event.code)
        statement.bind(4, Int64(Date().timeIntervalSince1970 * 1000))
        statement.bind(5, ItemCodec.encode(keys))
        if let oldImage { statement.bind(6, ItemCodec.encode(oldImage)) } else { statement.bindNull(6) }
        if let newImage { statement.bind(7, ItemCodec.encode(newImage)) } else { statement.bindNull(7) }
        statement.bind(8, Int64(size))
        statement.bind(9, byService ? 1 : 0)
        try statement.run()
    }

    /// Up to `limit` records of one stream after sequence number `after`, oldest first.
    static func read(
        _ schema: TableSchema, _ stream: StreamSettings, after: Int64, limit: Int, _ connection: SQLiteConnection
    ) throws -> [StreamRecord] {
        let statement = try connection.statement(StatementKey(table: "vd_stream", shape: Shape.read)) {
            "SELECT seq, event, created_ms, keys, old, new, size, service FROM vd_stream WHERE table_id = ?1 AND label = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4"
        }
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, stream.label)
        statement.bind(3, after)
        statement.bind(4, Int64(limit))
        var records: [StreamRecord] = []
        while try statement.step() {
            let seq = statement.int64(0)
            guard let event = StreamEventName(code: statement.int64(1)) else {
                throw StoreError(.internalFailure, "Stream record \(seq) has an unknown event code")
            }
            let old = statement.isNull(4) ? nil : try ItemCodec.decode(statement.blob(4))
            let new = statement.isNull(5) ? nil : try ItemCodec.decode(statement.blob(5))
            records.append(
                StreamRecord(
                    eventID: "\(schema.tableId.prefix(8))-\(seq)", eventName: event, tableName: schema.name,
                    approximateCreationDateTime: Double(statement.int64(2)) / 1000,
                    keys: try ItemCodec.decode(statement.blob(3)), newImage: new, oldImage: old,
                    sequenceNumber: sequenceNumber(seq), sizeBytes: Int(statement.int64(6)),
                    streamViewType: stream.viewType,
                    userIdentity: statement.int64(7) == 1 ? .timeToLive : nil, awsRegion: schema.regionName))
        }
        return records
    }

    /// The highest sequence number trimmed from a stream (0 when nothing was).
    static func trimmedThrough(
        _ schema: TableSchema, _ stream: StreamSettings, _ connection: SQLiteConnection
    ) throws -> Int64 {
        let statement = try connection.statement(
            "SELECT through FROM vd_stream_trim WHERE table_id = ?1 AND label = ?2")
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, stream.label)
        return try statement.step() ? statement.int64(0) : 0
    }

    /// The first and last sequence numbers kept for a stream.
    static func bounds(
        _ schema: TableSchema, _ stream: StreamSettings, _ connection: SQLiteConnection
    ) throws -> (first: Int64?, last: Int64?) {
        let statement = try connection.statement(
            "SELECT min(seq), max(seq) FROM vd_stream WHERE table_id = ?1 AND label = ?2")
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, stream.label)
        guard try statement.step(), !statement.isNull(0) else { return (nil, nil) }
        return (statement.int64(0), statement.int64(1))
    }

    /// The highest sequence number in the whole log: where LATEST starts.
    static func newest(_ connection: SQLiteConnection) throws -> Int64 {
        try connection.integer("SELECT coalesce(max(seq), 0) FROM vd_stream")
    }

    /// Deletes up to `batch` records older than `cutoff` (milliseconds since 1970) and records
    /// how far each stream was trimmed. Returns how many were deleted.
    static func trim(before cutoff: Int64, batch: Int, _ connection: SQLiteConnection) throws -> Int {
        let select = "SELECT seq FROM vd_stream WHERE created_ms < \(cutoff) ORDER BY seq LIMIT \(batch)"
        try connection.execute(
            """
            INSERT INTO vd_stream_trim(table_id, label, through)
                SELECT table_id, label, max(seq) FROM vd_stream WHERE seq IN (\(select)) GROUP BY table_id, label
                ON CONFLICT(table_id, label) DO UPDATE SET through = max(through, excluded.through)
            """)
        try connection.execute("DELETE FROM vd_stream WHERE seq IN (\(select))")
        return Int(try connection.integer("SELECT changes()"))
    }

    /// Sequence numbers are printed as DynamoDB prints them: a decimal string.
    static func sequenceNumber(_ seq: Int64) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 21 - digits.count)) + digits
    }
}

/// Stream labels: the moment a stream was enabled, as DynamoDB writes it.
enum StreamLabel {
    static func make(_ time: Double) -> String { UTCText.format(time, "yyyy-MM-dd'T'HH:mm:ss.SSS") }
}
