/// A page of a Query or Scan with its items in stored form.
public struct StoredPage: Sendable, Hashable {
    public var items: [StoredItem]
    /// The items that passed the filter.
    public var count: Int
    /// The items read before the filter.
    public var scannedCount: Int
    public var lastEvaluatedKey: Item?
    public var consumedCapacity: ConsumedCapacity?
    /// The paths to return of each item: nil for all.
    var projection: [AttributePath]?

    /// The page with every item decoded (and narrowed to the projection).
    public func materialized() throws(StoreError) -> ItemPage {
        var decoded: [Item] = []
        decoded.reserveCapacity(items.count)
        for item in items {
            if let projection {
                decoded.append(try item.projected(projection))
            } else {
                decoded.append(try item.item())
            }
        }
        return ItemPage(
            items: decoded, count: count, scannedCount: scannedCount, lastEvaluatedKey: lastEvaluatedKey,
            consumedCapacity: consumedCapacity)
    }

    /// Each item as DynamoDB JSON text, narrowed to the projection: what the endpoint answers.
    /// Without a projection no attribute value is built; the text is written from the stored form.
    public func itemsAsDynamoJSON() throws(StoreError) -> [[UInt8]] {
        var texts: [[UInt8]] = []
        texts.reserveCapacity(items.count)
        for item in items {
            var text: [UInt8] = []
            if let projection {
                DynamoJSONText.write(try item.projected(projection), into: &text)
            } else {
                text.reserveCapacity(item.bytes.count * 2 + 32)
                try item.writeDynamoJSON(into: &text)
            }
            texts.append(text)
        }
        return texts
    }
}

/// Steps through rows and cuts a page at Limit or at 1 MB, as DynamoDB does; then filters, so
/// Count (items kept) and ScannedCount (items read) differ, and a page may be empty yet carry a
/// LastEvaluatedKey.
enum PageReader {
    static func read(
        _ query: SQLBuilder, selection: Selection, filter: Predicate?, limit: Int?,
        capacity: ReturnConsumedCapacity = .none, consistent: Bool = false, _ connection: SQLiteConnection
    ) throws -> StoredPage {
        let target = query.target
        let statement = try connection.statement(query.cacheKey, query.render)
        defer { statement.reset() }
        for (offset, value) in query.binds.enumerated() {
            switch value {
            case .integer(let number): statement.bind(Int32(offset + 1), number)
            case .blob(let bytes): statement.bind(Int32(offset + 1), bytes)
            }
        }
        var items: [StoredItem] = []
        var scanned = 0
        var matched = 0
        var bytes = 0
        var last: StoredItem?
        var pageFull = false
        while !pageFull, try statement.step() {
            scanned += 1
            bytes += try statement.withBlob(0) { raw throws(StoreError) in try ItemCodec.recordedSize(of: raw) }
            pageFull = scanned == limit || bytes >= ItemSize.maxPageBytes
            var item: StoredItem?
            if selection.needsBaseItem {
                let baseKey = EncodedKey(partition: statement.blob(1), sort: statement.blob(2))
                item = try ItemStorage.readStored(target.schema, baseKey, connection)
            }
            if let filter {
                // Read the filter's attributes in place: a rejected row is never copied or decoded.
                let kept =
                    if let item {
                        try item.satisfies(filter)
                    } else {
                        try statement.withBlob(0) { raw throws(StoreError) in
                            try filter.isSatisfied(by: EncodedItemSource(raw: raw))
                        }
                    }
                if !kept {
                    if pageFull { last = StoredItem(bytes: statement.blob(0)) }
                    continue
                }
            }
            let row = StoredItem(bytes: statement.blob(0))
            last = row
            matched += 1
            if case .count = selection { continue }  // COUNT returns no items
            items.append(item ?? row)
        }
        var lastEvaluatedKey: Item?
        if let last, pageFull {
            lastEvaluatedKey = try last.values(of: target.keyNames)
        }
        var projection: [AttributePath]?
        if case .specific(let paths, _) = selection { projection = paths }
        var meter = CapacityMeter(capacity)
        meter.readPage(target.schema, index: target.index, bytes: bytes, consistent: consistent)
        return StoredPage(
            items: items, count: matched, scannedCount: scanned, lastEvaluatedKey: lastEvaluatedKey,
            consumedCapacity: meter.single(), projection: projection)
    }
}

enum PageLimits {
    static func checkLimit(_ limit: Int?) throws(StoreError) {
        if let limit, limit < 1 {
            throw .constraint(.value("\(limit)"), at: "limit", "Member must have value greater than or equal to 1")
        }
    }

    /// The partition-hash range [low, high) of one parallel scan segment.
    static func segmentRange(segment: Int?, totalSegments: Int?) throws(StoreError) -> (Int64, Int64) {
        switch (segment, totalSegments) {
        case (nil, nil):
            return (0, KeyCodec.hashSpace)
        case (_?, nil):
            throw .validation(
                "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
            )
        case (nil, _?):
            throw .validation(
                "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
            )
        case (let segment?, let total?):
            guard (1...1_000_000).contains(total) else {
                throw .constraint(
                    .value("\(total)"), at: "totalSegments",
                    "Member must have value \(total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")"
                )
            }
            guard segment >= 0 else {
                throw .constraint(
                    .value("\(segment)"), at: "segment", "Member must have value greater than or equal to 0")
            }
            guard segment < total else {
                throw .validation(
                    "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is out of bounds for TotalSegments: \(total)"
                )
            }
            let space = KeyCodec.hashSpace
            return (space * Int64(segment) / Int64(total), space * Int64(segment + 1) / Int64(total))
        }
    }
}
