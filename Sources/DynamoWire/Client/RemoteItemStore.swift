import PartitionStore

/// The store protocol over HTTP: every operation is a signed DynamoDB request to a remote
/// endpoint, so the repository and the console run unchanged against DynamoDB itself.
public struct RemoteItemStore: ItemStore {
    public let connection: RemoteConnection

    public init(connection: RemoteConnection) {
        self.connection = connection
    }

    public init(endpoint: RemoteEndpoint) {
        self.connection = RemoteConnection(endpoint: endpoint)
    }

    public func createTable(_ input: CreateTableInput) async throws(StoreError) -> TableDescription {
        try Self.decode(await connection.call("CreateTable", RequestEncoder.createTable(input)), ResponseDecoder.tableDescription)
    }

    public func describeTable(_ tableName: String) async throws(StoreError) -> TableDescription {
        try Self.decode(await connection.call("DescribeTable", RequestEncoder.describeTable(tableName)), ResponseDecoder.tableDescription)
    }

    public func updateTimeToLive(tableName: String, specification: TimeToLiveSpecification) async throws(StoreError) -> TimeToLiveSpecification {
        let body = RequestEncoder.updateTimeToLive(tableName: tableName, specification: specification)
        return try Self.decode(await connection.call("UpdateTimeToLive", body), ResponseDecoder.timeToLiveSpecification)
    }

    public func describeTimeToLive(tableName: String) async throws(StoreError) -> TimeToLiveDescription {
        let body = RequestEncoder.describeTable(tableName)
        return try Self.decode(await connection.call("DescribeTimeToLive", body), ResponseDecoder.timeToLiveDescription)
    }

    public func putItem(_ input: PutItemInput) async throws(StoreError) -> WriteItemOutput {
        try Self.decode(await connection.call("PutItem", Self.encode(input, RequestEncoder.putItem)), ResponseDecoder.writeItem)
    }

    public func getItem(_ input: GetItemInput) async throws(StoreError) -> GetItemOutput {
        try Self.decode(await connection.call("GetItem", Self.encode(input, RequestEncoder.getItem)), ResponseDecoder.getItem)
    }

    public func updateItem(_ input: UpdateItemInput) async throws(StoreError) -> WriteItemOutput {
        try Self.decode(await connection.call("UpdateItem", Self.encode(input, RequestEncoder.updateItem)), ResponseDecoder.writeItem)
    }

    public func deleteItem(_ input: DeleteItemInput) async throws(StoreError) -> WriteItemOutput {
        try Self.decode(await connection.call("DeleteItem", Self.encode(input, RequestEncoder.deleteItem)), ResponseDecoder.writeItem)
    }

    public func query(_ input: QueryInput) async throws(StoreError) -> ItemPage {
        try Self.decode(await connection.call("Query", Self.encode(input, RequestEncoder.query)), ResponseDecoder.page)
    }

    public func scan(_ input: ScanInput) async throws(StoreError) -> ItemPage {
        try Self.decode(await connection.call("Scan", Self.encode(input, RequestEncoder.scan)), ResponseDecoder.page)
    }

    public func batchWriteItem(_ input: BatchWriteItemInput) async throws(StoreError) -> BatchWriteItemOutput {
        try Self.decode(await connection.call("BatchWriteItem", RequestEncoder.batchWriteItem(input)), ResponseDecoder.batchWriteItem)
    }

    public func batchGetItem(_ input: BatchGetItemInput) async throws(StoreError) -> BatchGetItemOutput {
        try Self.decode(await connection.call("BatchGetItem", Self.encode(input, RequestEncoder.batchGetItem)), ResponseDecoder.batchGetItem)
    }

    public func transactWriteItems(_ input: TransactWriteItemsInput) async throws(StoreError) -> TransactWriteItemsOutput {
        let body = try Self.encode(input, RequestEncoder.transactWriteItems)
        return try Self.decode(await connection.call("TransactWriteItems", body), ResponseDecoder.transactWriteItems)
    }

    public func transactGetItems(_ input: TransactGetItemsInput) async throws(StoreError) -> TransactGetItemsOutput {
        try Self.decode(await connection.call("TransactGetItems", RequestEncoder.transactGetItems(input)), ResponseDecoder.transactGetItems)
    }

    /// Seeding over the network: BatchWriteItem requests of 25, several in flight at once (a
    /// round trip each would leave the endpoint idle), each resending what comes back unprocessed.
    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        let batches = stride(from: 0, to: items.count, by: 25).map { Array(items[$0..<min($0 + 25, items.count)]) }
        let inFlight = 8
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, batch) in batches.enumerated() {
                    if index >= inFlight { try await group.next() }
                    group.addTask { try await writeAll(batch, into: tableName) }
                }
                try await group.waitForAll()
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw RemoteConnection.storeError(error)
        }
    }

    func writeAll(_ batch: [Item], into tableName: String) async throws(StoreError) {
        var pending = batch.map { WriteRequest.put($0) }
        var attempt = 0
        while !pending.isEmpty {
            pending = try await batchWriteItem(BatchWriteItemInput(requestItems: [tableName: pending])).unprocessedItems[tableName] ?? []
            if !pending.isEmpty {
                attempt += 1
                guard attempt < connection.endpoint.retryPolicy.maxAttempts else {
                    throw StoreError(.throttled, "Gave up after \(attempt) attempts: \(pending.count) items stayed unprocessed")
                }
                var random = SystemRandomNumberGenerator()
                try? await Task.sleep(for: connection.endpoint.retryPolicy.delay(beforeRetry: attempt, using: &random))
            }
        }
    }

    // MARK: Codec errors as store errors

    /// A request the encoder refuses is the caller's mistake: a validation error, never sent.
    static func encode<Input>(_ input: Input, _ encoder: (Input) throws(WireError) -> JSONValue) throws(StoreError) -> JSONValue {
        do {
            return try encoder(input)
        } catch {
            throw StoreError(.validation, error.message)
        }
    }

    /// An answer that does not read as the operation's output is the endpoint's fault.
    static func decode<Output>(_ body: JSONValue, _ decoder: (JSONValue) throws(WireError) -> Output) throws(StoreError) -> Output {
        do {
            return try decoder(body)
        } catch {
            throw StoreError(.internalFailure, "The endpoint's answer could not be read: \(error.message)")
        }
    }
}
