/// The change history behind point-in-time recovery (`vd_history`): every write to a table with
/// recovery enabled adds one row holding the key and the item as written (NULL for a delete),
/// stamped with its transaction's moment, in the same transaction as the write itself. Rows are
/// kept in key order, then moment: one B-tree and no index. Two writes of one key in one
/// transaction share its moment, and only the later is kept: no instant could tell them apart.
///
/// The history is its own snapshot. Enabling recovery copies every item in at that moment;
/// trimming drops what no restore inside the window can need: for each key, every row older than
/// the window's start except the newest of them, and that one too when it is a delete. The state
/// at an instant is then, for each key, its newest row at or before that instant.
enum ChangeHistory {
    static let schema = """
        CREATE TABLE IF NOT EXISTS vd_history(
            table_id INTEGER NOT NULL, ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL,
            at_us INTEGER NOT NULL, item BLOB, PRIMARY KEY(table_id, ph, pk, sk, at_us)) WITHOUT ROWID;
        """

    private enum Shape {
        static let record: UInt32 = 40
    }

    /// Records `item` (nil for a delete) as written under `key` at the transaction's moment.
    static func record(
        _ schema: TableSchema, _ key: EncodedKey, encoded item: [UInt8]?, _ connection: SQLiteConnection
    ) throws {
        let statement = try connection.statement(StatementKey(table: "vd_history", shape: Shape.record)) {
            "INSERT OR REPLACE INTO vd_history(table_id, at_us, ph, pk, sk, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        }
        statement.bind(1, schema.id)
        statement.bind(2, connection.writeTime)
        statement.bind(3, key.hash)
        statement.bind(4, key.partition)
        statement.bind(5, key.sort)
        if let item { statement.bind(6, item) } else { statement.bindNull(6) }
        try statement.run()
    }

    /// Starts a table's history with every item it holds now, at the transaction's moment.
    static func start(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        try forget(schema, connection)
        let statement = try connection.statement(
            "INSERT INTO vd_history(table_id, at_us, ph, pk, sk, item) SELECT ?1, ?2, ph, pk, sk, item FROM \(schema.sqlTable)"
        )
        statement.bind(1, schema.id)
        statement.bind(2, connection.writeTime)
        try statement.run()
    }

    /// Drops a table's whole history: recovery turned off, or the table deleted.
    static func forget(_ schema: TableSchema, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement("DELETE FROM vd_history WHERE table_id = ?1")
        statement.bind(1, schema.id)
        try statement.run()
    }

    /// Calls `body` with the stored bytes of every item the table held at `instant`
    /// (microseconds since 1970), in key order. Run it inside one read transaction.
    static func items(
        of schema: TableSchema, at instant: Int64, _ connection: SQLiteConnection, _ body: ([UInt8]) throws -> Void
    ) throws {
        // With one max() aggregate, SQLite takes the bare column from the row holding the maximum.
        let statement = try connection.statement(
            """
            SELECT item, max(at_us) FROM vd_history WHERE table_id = ?1 AND at_us <= ?2 GROUP BY ph, pk, sk
            """)
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, instant)
        while try statement.step() {
            if !statement.isNull(0) { try body(statement.blob(0)) }
        }
    }

    /// One item's change over a period, for an incremental export.
    struct Change {
        /// The item's stored bytes at the period's start and end; nil where it did not exist.
        var old: [UInt8]?
        var new: [UInt8]?
        /// The moment of its last write in the period, in microseconds.
        var writtenAt: Int64
    }

    /// Every item written in `[from, to)` (microseconds) whose state at the period's end differs
    /// from its state at the start, in key order, with both. An item created and deleted within
    /// the period, or written back to what it was, is left out: nothing of the change remains.
    static func changes(
        of schema: TableSchema, from: Int64, to: Int64, _ connection: SQLiteConnection,
        _ body: (Change) throws -> Void
    ) throws {
        let statement = try connection.statement(
            "SELECT ph, pk, sk, at_us, item FROM vd_history WHERE table_id = ?1 AND at_us < ?2 ORDER BY ph, pk, sk, at_us"
        )
        defer { statement.reset() }
        statement.bind(1, schema.id)
        statement.bind(2, to)
        var current: (ph: Int64, pk: [UInt8], sk: [UInt8])?
        var change = Change(old: nil, new: nil, writtenAt: 0)
        var changed = false
        func finish() throws {
            guard changed, change.old != change.new else { return }
            // Equal items may be stored with their attributes in another order.
            if let old = change.old, let new = change.new,
                try AttributeValue.m(ItemCodec.decode(old)).isEqual(to: .m(ItemCodec.decode(new)))
            {
                return
            }
            try body(change)
        }
        while try statement.step() {
            let key = (ph: statement.int64(0), pk: statement.blob(1), sk: statement.blob(2))
            if current.map({ $0.ph != key.ph || $0.pk != key.pk || $0.sk != key.sk }) ?? true {
                try finish()
                current = key
                change = Change(old: nil, new: nil, writtenAt: 0)
                changed = false
            }
            let moment = statement.int64(3)
            let item = statement.isNull(4) ? nil : statement.blob(4)
            if moment < from {
                change.old = item
                change.new = item
            } else {
                change.new = item
                change.writtenAt = moment
                changed = true
            }
        }
        try finish()
    }

    /// Deletes up to `batch` rows of a table's history that no restore at or after `cutoff`
    /// (microseconds) can need, oldest first, so an item's older rows always go before its newer
    /// ones and an interrupted trim never brings a deleted item back. Returns how many were deleted.
    static func trim(
        _ schema: TableSchema, before cutoff: Int64, batch: Int, _ connection: SQLiteConnection
    ) throws
        -> Int
    {
        let statement = try connection.statement(
            """
            DELETE FROM vd_history WHERE (table_id, ph, pk, sk, at_us) IN (
                SELECT h.table_id, h.ph, h.pk, h.sk, h.at_us FROM vd_history h
                WHERE h.table_id = ?1 AND h.at_us < ?2 AND (h.item IS NULL OR EXISTS (
                    SELECT 1 FROM vd_history n WHERE n.table_id = h.table_id AND n.ph = h.ph AND n.pk = h.pk
                    AND n.sk = h.sk AND n.at_us > h.at_us AND n.at_us < ?2))
                ORDER BY h.at_us LIMIT ?3)
            """)
        statement.bind(1, schema.id)
        statement.bind(2, cutoff)
        statement.bind(3, Int64(batch))
        try statement.run()
        return Int(connection.changes)
    }
}
