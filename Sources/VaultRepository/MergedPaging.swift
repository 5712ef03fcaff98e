import PartitionStore

/// Lists spread over several partitions (a tenant's payment and audit shards), read a page at a
/// time and merged in sort-key order.
extension VaultRepository {
    /// A condition on the items of a merged list, applied by the store as a query filter.
    struct PageFilter {
        var expression: String
        var names: [String: String]
        var values: [String: AttributeValue]

        /// Payments in one status.
        static func status(_ status: PaymentStatus) -> PageFilter {
            PageFilter(
                expression: "#status = :status", names: ["#status": "status"], values: [":status": .s(status.rawValue)])
        }
    }

    /// One page of a list spread over one or more partitions of a table or index, merged in
    /// sort-key order. Each partition is read from where the cursor left it, in small pages only
    /// as the merge needs them, so a page of 50 over 8 shards reads about 50 items rather than
    /// 400. The items taken from a partition move its position on; a partition read to its end
    /// drops out of the cursor.
    func mergedPage(
        list: String, partitions: [String], index: KeyDesign.Index?, from lower: String, to upper: String,
        newestFirst: Bool, filter: PageFilter? = nil, limit: Int, after cursor: Cursor?
    ) async throws -> (items: [Item], next: Cursor?) {
        guard (1...1000).contains(limit) else {
            throw RepositoryError.invalidArgument("A page holds 1 to 1000 items; asked for \(limit)")
        }
        if let cursor, cursor.list != list { throw RepositoryError.invalidCursor }
        let partitionName = index?.partitionKey ?? KeyDesign.partitionKey
        let sortName = index?.sortKey ?? KeyDesign.sortKey
        struct Source {
            let partition: String
            var start: Item?
            var buffer: [Item] = []
            var exhausted = false
            var lastTaken: Item?
        }
        var sources: [Source] = []
        for partition in partitions {
            if let cursor {
                guard let position = cursor.positions[partition] else { continue }
                sources.append(
                    Source(
                        partition: partition,
                        start: position.isEmpty ? nil : position.mapValues { AttributeValue.s($0) }))
            } else {
                sources.append(Source(partition: partition))
            }
        }
        let chunk = sources.count <= 1 ? limit : min(limit, max(8, limit / sources.count + 2))
        let names = ["#p": partitionName, "#s": sortName].merging(filter?.names ?? [:]) { first, _ in first }
        let values: [String: AttributeValue] = [":lo": .s(lower), ":hi": .s(upper)].merging(filter?.values ?? [:]) {
            first, _ in first
        }
        /// Reads the partition on until it has items or is done: with a filter a read can match nothing.
        func refilled(_ source: Source) async throws -> Source {
            var source = source
            repeat {
                try Task.checkCancellation()
                let page = try await store.query(
                    QueryInput(
                        tableName: tableName, indexName: index?.rawValue,
                        keyConditionExpression: "#p = :p AND #s BETWEEN :lo AND :hi",
                        filterExpression: filter?.expression,
                        expressionAttributeNames: names,
                        expressionAttributeValues: values.merging([":p": .s(source.partition)]) { first, _ in first },
                        scanIndexForward: !newestFirst, limit: filter == nil ? chunk : max(chunk, 100),
                        exclusiveStartKey: source.start))
                source.buffer = page.items
                source.start = page.lastEvaluatedKey
                source.exhausted = page.lastEvaluatedKey == nil
            } while source.buffer.isEmpty && !source.exhausted
            return source
        }
        var taken: [Item] = []
        while taken.count < limit {
            // The partitions that ran dry are read at once, side by side: on a remote store the
            // first page of a list over 8 shards is one round trip rather than 8.
            let dry = sources.indices.filter { sources[$0].buffer.isEmpty && !sources[$0].exhausted }
            if dry.count == 1 {
                sources[dry[0]] = try await refilled(sources[dry[0]])
            } else if dry.count > 1 {
                try await withThrowingTaskGroup(of: (Int, Source).self) { group in
                    for offset in dry {
                        let source = sources[offset]
                        group.addTask { (offset, try await refilled(source)) }
                    }
                    for try await (offset, source) in group { sources[offset] = source }
                }
            }
            var best: (offset: Int, sort: String)?
            for offset in sources.indices {
                guard let head = sources[offset].buffer.first else { continue }
                let sort = head[sortName]?.stringValue ?? ""
                if let current = best {
                    let better =
                        newestFirst
                        ? (sort, sources[offset].partition) > (current.sort, sources[current.offset].partition)
                        : (sort, sources[offset].partition) < (current.sort, sources[current.offset].partition)
                    if better { best = (offset, sort) }
                } else {
                    best = (offset, sort)
                }
            }
            guard let best else { break }
            let item = sources[best.offset].buffer.removeFirst()
            sources[best.offset].lastTaken = item
            taken.append(item)
        }
        var positions: [String: [String: String]] = [:]
        for source in sources {
            // Done: read to the end and every item read was taken.
            if source.exhausted, source.buffer.isEmpty { continue }
            if let last = source.lastTaken {
                positions[source.partition] = Self.position(of: last, index: index)
            } else if let cursor, let previous = cursor.positions[source.partition] {
                positions[source.partition] = previous
            } else {
                positions[source.partition] = [:]
            }
        }
        let next = positions.isEmpty ? nil : Cursor(list: list, positions: positions)
        return (taken, next)
    }
}
