extension PartitionStore {
    /// The page cache a bulk import works with: 1 GiB.
    static let importCacheKiB = 1_048_576
    /// WAL pages between checkpoints while importing: 256 MiB.
    static let importCheckpointPages = 65_536

    /// Puts many items in one transaction, without change-stream records: a bulk load for filling
    /// a new table quickly, as DynamoDB's ImportTable fills one without writing to its stream.
    /// Items replace any stored under the same key; indexes and TTL are kept in step. Every item
    /// is checked before anything is written, so a bad one fails the whole import.
    @discardableResult
    public func importItems(_ items: [Item], into tableName: String) throws(StoreError) -> Int {
        for item in items { try ItemValidation.check(item) }
        return try exclusiveWrite { [self] connection, catalog throws(StoreError) in
            let schema = try schema(tableName, in: catalog)
            var keyed: [(EncodedKey, Item)] = []
            keyed.reserveCapacity(items.count)
            for item in items { keyed.append((try schema.key.encodedKey(ofItem: item), item)) }
            // In key order, consecutive rows land on the same B-tree pages.
            keyed.sort { $0.0.hash < $1.0.hash }
            try sql(connection) {
                // Rows land all over a large file: the writer keeps a large page cache from the
                // first import on (it is memory only a loading process pays for).
                try connection.execute("PRAGMA cache_size=-\(Self.importCacheKiB)")
                // Checkpoint in large steps: a page changed by many imports is copied back once.
                try connection.execute("PRAGMA wal_autocheckpoint=\(Self.importCheckpointPages)")
                for (key, item) in keyed where try !ItemStorage.insertNew(schema, key, item, connection) {
                    // Replacing a stored item: its old index entries go first.
                    let old = try ItemStorage.read(schema, key, connection)
                    try ItemStorage.write(schema, key, old: old, new: item, recordingStream: false, connection)
                }
            }
            return keyed.count
        }
    }
}
