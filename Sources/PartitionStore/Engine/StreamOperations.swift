import Foundation

/// The DynamoDB Streams API over the stream log. Each stream has one shard; its shard id is
/// derived from the stream, so it is the same in every process.
extension PartitionStore {
    /// How long a shard iterator stays valid, as in DynamoDB.
    static let iteratorLifetime: Double = 15 * 60

    // MARK: ListStreams and DescribeStream

    public func listStreams(
        tableName: String? = nil, limit: Int? = nil, exclusiveStartStreamArn: String? = nil
    ) throws(StoreError) -> ListStreamsOutput {
        if let limit, !(1...100).contains(limit) {
            throw .constraint(.value("\(limit)"), at: "limit", "Member must have value between 1 and 100")
        }
        return try read { connection, _ throws(StoreError) in
            // Streams outlive tables, so another process's changes are looked for first.
            let catalog = try refreshedCatalog(connection)
            let schemas = Array(catalog.tables.values) + catalog.retiredStreams.values.map(\.schema)
            if let tableName, !schemas.contains(where: { $0.name == tableName }) { throw .tableNotFound(tableName) }
            var streams =
                schemas
                .filter { tableName == nil || $0.name == tableName }
                .compactMap { schema in
                    schema.stream.map {
                        StreamSummary(streamArn: schema.streamArn($0), tableName: schema.name, streamLabel: $0.label)
                    }
                }
                .sorted { $0.streamArn < $1.streamArn }
            if let start = exclusiveStartStreamArn { streams = streams.filter { $0.streamArn > start } }
            let page = Array(streams.prefix(limit ?? 100))
            return ListStreamsOutput(
                streams: page, lastEvaluatedStreamArn: page.count < streams.count ? page.last?.streamArn : nil)
        }
    }

    /// A stream's description with its shards after `exclusiveStartShardId` (shard ids sort as
    /// they were made), at most `limit` (1 to 100) of them; `lastEvaluatedShardId` names the last
    /// one returned when more remain. A shard always has a starting sequence number: an empty
    /// one starts at the next number the log will give.
    public func describeStream(
        _ streamArn: String, limit: Int? = nil, exclusiveStartShardId: String? = nil
    ) throws(StoreError) -> StreamDescription {
        try StoreError.checkRange(limit, 1...100, at: "limit")
        return try read(snapshot: true) { connection, _ throws(StoreError) in
            let (schema, stream) = try Self.stream(streamArn, in: refreshedCatalog(connection))
            let (first, last) = try sql(connection) { try StreamLog.bounds(schema, stream, connection) }
            let next = try sql(connection) { try StreamLog.newest(connection) } + 1
            let shard = Shard(
                shardId: Self.shardId(schema, stream), parentShardId: nil,
                sequenceNumberRange: SequenceNumberRange(
                    startingSequenceNumber: StreamLog.sequenceNumber(first ?? next),
                    endingSequenceNumber: stream.enabled ? nil : StreamLog.sequenceNumber(last ?? next)))
            let after = [shard].filter { shard in exclusiveStartShardId.map { shard.shardId > $0 } ?? true }
            let page = Array(after.prefix(limit ?? 100))
            return StreamDescription(
                streamArn: streamArn, streamLabel: stream.label, streamStatus: stream.enabled ? .enabled : .disabled,
                streamViewType: stream.viewType, creationRequestDateTime: stream.createdAt, tableName: schema.name,
                keySchema: schema.key.keySchema, shards: page,
                lastEvaluatedShardId: page.count < after.count ? page.last?.shardId : nil)
        }
    }

    // MARK: GetShardIterator and GetRecords

    public func getShardIterator(
        streamArn: String, shardId: String, type: ShardIteratorType, sequenceNumber: String? = nil
    ) throws(StoreError) -> String {
        try read { connection, _ throws(StoreError) in
            let (schema, stream) = try Self.stream(streamArn, in: refreshedCatalog(connection))
            guard shardId == Self.shardId(schema, stream) else {
                throw StoreError(.resourceNotFound, "Requested resource not found: Shard does not exist")
            }
            let trimmed = try sql(connection) { try StreamLog.trimmedThrough(schema, stream, connection) }
            let after: Int64
            switch type {
            case .trimHorizon:
                after = trimmed
            case .latest:
                after = try sql(connection) { try StreamLog.newest(connection) }
            case .atSequenceNumber, .afterSequenceNumber:
                guard let text = sequenceNumber, let number = Int64(text), number > 0 else {
                    throw .validation(
                        "\(type.rawValue) requires a valid SequenceNumber; got \(sequenceNumber.map { "'\($0)'" } ?? "none")"
                    )
                }
                after = type == .atSequenceNumber ? number - 1 : number
                if after < trimmed {
                    throw StoreError(
                        .trimmedDataAccess,
                        "The requested sequence number \(text) is beyond the trim horizon of the stream")
                }
            }
            return ShardIterator(
                tableId: schema.tableId, label: stream.label, after: after, issued: Date().timeIntervalSince1970
            ).encoded
        }
    }

    public func getRecords(shardIterator: String, limit: Int? = nil) throws(StoreError) -> GetRecordsOutput {
        if let limit, !(1...1000).contains(limit) {
            throw .constraint(.value("\(limit)"), at: "limit", "Member must have value between 1 and 1000")
        }
        guard let iterator = ShardIterator(decoding: shardIterator) else {
            throw .validation("Invalid ShardIterator")
        }
        let now = Date().timeIntervalSince1970
        if now - iterator.issued > Self.iteratorLifetime {
            throw StoreError(
                .expiredIterator,
                "Iterator expired. The iterator was created at time \(StreamLabel.make(iterator.issued)) while right now it is \(StreamLabel.make(now)) which is further in the future than the tolerated delay of \(Int(Self.iteratorLifetime * 1000)) milliseconds."
            )
        }
        return try read { connection, catalog throws(StoreError) in
            var found = catalog.stream(tableId: iterator.tableId, label: iterator.label)
            if found == nil {
                found = try refreshedCatalog(connection).stream(tableId: iterator.tableId, label: iterator.label)
            }
            guard let (schema, stream) = found else {
                throw StoreError(
                    .resourceNotFound, "Requested resource not found: the stream of this iterator no longer exists")
            }
            return try sql(connection) {
                if iterator.after < (try StreamLog.trimmedThrough(schema, stream, connection)) {
                    throw StoreError(
                        .trimmedDataAccess,
                        "The operation attempted to read past the oldest stream record in a shard: the records after sequence number \(iterator.after) were trimmed"
                    )
                }
                let records = try StreamLog.read(
                    schema, stream, after: iterator.after, limit: limit ?? 1000, connection)
                var next = iterator
                next.after = records.last?.sequence ?? iterator.after
                next.issued = now
                // A disabled stream's shard is closed: once it is read to the end there is no next.
                if !stream.enabled, records.isEmpty { return GetRecordsOutput(records: [], nextShardIterator: nil) }
                return GetRecordsOutput(records: records, nextShardIterator: next.encoded)
            }
        }
    }

    /// Deletes stream records older than the retention, in bounded batches. Returns how many.
    @discardableResult
    public func trimStreams(olderThan retention: Double? = nil) throws(StoreError) -> Int {
        let cutoff = Int64((Date().timeIntervalSince1970 - (retention ?? configuration.streamRetention)) * 1000)
        var total = 0
        while true {
            let deleted = try exclusiveWrite { connection, _ throws(StoreError) in
                try sql(connection) { try StreamLog.trim(before: cutoff, batch: 2_000, connection) }
            }
            total += deleted
            if deleted < 2_000 { break }
        }
        // Streams that ended before the retention have nothing left to read.
        try exclusiveWrite { connection, _ throws(StoreError) in
            try sql(connection) {
                if try Catalog.forgetRetiredStreams(before: cutoff, connection) > 0 { try reloadCatalog(connection) }
            }
        }
        return total
    }

    // MARK: Helpers

    static func stream(_ arn: String, in catalog: Catalog) throws(StoreError) -> (TableSchema, StreamSettings) {
        guard let found = catalog.stream(arn: arn) else {
            throw StoreError(.resourceNotFound, "Requested resource not found: Stream: \(arn) not found")
        }
        return found
    }

    static func shardId(_ schema: TableSchema, _ stream: StreamSettings) -> String {
        let digits = stream.label.filter(\.isNumber)
        return "shardId-\(digits)-\(schema.tableId.prefix(8))"
    }
}

/// A position in one stream, handed out as an opaque string.
extension PartitionStore {
    /// The stream a shard iterator reads, by its ARN; nil for an iterator that is not one or
    /// whose table is gone.
    func streamArn(ofIterator text: String) -> String? {
        guard let iterator = ShardIterator(decoding: text) else { return nil }
        guard let (schema, stream) = catalog.withLock({ $0.stream(tableId: iterator.tableId, label: iterator.label) })
        else { return nil }
        return schema.streamArn(stream)
    }
}

struct ShardIterator: Hashable {
    var tableId: String
    var label: String
    var after: Int64
    var issued: Double

    var encoded: String {
        Data("v1|\(tableId)|\(label)|\(after)|\(Int64(issued * 1000))".utf8).base64EncodedString()
    }

    init(tableId: String, label: String, after: Int64, issued: Double) {
        self.tableId = tableId
        self.label = label
        self.after = after
        self.issued = issued
    }

    init?(decoding text: String) {
        guard text.utf8.count <= 2048, let data = Data(base64Encoded: text),
            let plain = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let after = Int64(parts[3]), after >= 0, let issued = Int64(parts[4])
        else { return nil }
        self.init(tableId: String(parts[1]), label: String(parts[2]), after: after, issued: Double(issued) / 1000)
    }
}
