/// What a Query or Scan reads: the base table or one of its indexes.
struct ReadTarget {
    let schema: TableSchema
    let index: IndexSchema?

    init(_ schema: TableSchema, indexName: String?, consistentRead: Bool) throws(StoreError) {
        self.schema = schema
        guard let indexName else {
            self.index = nil
            return
        }
        guard let index = schema.index(named: indexName) else {
            throw .validation("The table does not have the specified index: \(indexName)")
        }
        if index.isGlobal, consistentRead {
            throw .validation("Consistent reads are not supported on global secondary indexes")
        }
        self.index = index
    }

    var key: KeyShape { index?.key ?? schema.key }
    var sqlTable: String { index?.sqlTable ?? schema.sqlTable }
    /// Columns after the partition key, in row order.
    var orderColumns: [String] { index == nil ? ["sk"] : ["sk", "tpk", "tsk"] }
    /// The attributes a LastEvaluatedKey carries: the table's key, and the index's key on an index.
    var keyNames: [String] {
        var names = schema.key.attributeNames
        for name in index?.key.attributeNames ?? [] where !names.contains(name) { names.append(name) }
        return names
    }

    /// Where an ExclusiveStartKey points: its row position, (ph, pk,) sk (, tpk, tsk), and its key
    /// in the target (the index key when reading an index).
    struct StartPosition {
        var values: [SQLValue]
        var hash: Int64
        var partition: [UInt8]
        var sort: [UInt8]
    }

    func startPosition(_ startKey: Item?, includeHash: Bool) throws(StoreError) -> StartPosition? {
        guard let startKey else { return nil }
        let invalid = StoreError.validation(
            "The provided starting key is invalid: The provided key element does not match the schema")
        guard startKey.count == keyNames.count, keyNames.allSatisfy({ startKey[$0] != nil }) else { throw invalid }
        let tableKey: EncodedKey
        do {
            tableKey = try schema.key.encodedKey(ofKey: schema.key.keyAttributes(of: startKey))
        } catch {
            throw invalid
        }
        var position: [SQLValue] = []
        let targetKey: EncodedKey
        if let index {
            guard let indexKey = try? index.encodedKey(ofItem: startKey) else { throw invalid }
            targetKey = indexKey
            if includeHash { position += [.integer(indexKey.hash), .blob(indexKey.partition)] }
            position += [.blob(indexKey.sort), .blob(tableKey.partition), .blob(tableKey.sort)]
        } else {
            targetKey = tableKey
            if includeHash { position += [.integer(tableKey.hash), .blob(tableKey.partition)] }
            position.append(.blob(tableKey.sort))
        }
        return StartPosition(
            values: position, hash: targetKey.hash, partition: targetKey.partition, sort: targetKey.sort)
    }
}
