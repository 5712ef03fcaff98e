/// DynamoDB's data-plane operations, request and response shaped: what the repository layer
/// needs from a store. The embedded `PartitionStore` implements it, and so does a client of a
/// remote DynamoDB endpoint, so the same repository code runs on either.
///
/// Async because a remote store answers over the network; the embedded store's writes wait for
/// their group commit without holding a thread.
public protocol ItemStore: Sendable {
    func createTable(_ input: CreateTableInput) async throws(StoreError) -> TableDescription
    func describeTable(_ tableName: String) async throws(StoreError) -> TableDescription
    func updateTimeToLive(tableName: String, specification: TimeToLiveSpecification) async throws(StoreError) -> TimeToLiveSpecification
    func describeTimeToLive(tableName: String) async throws(StoreError) -> TimeToLiveDescription

    func putItem(_ input: PutItemInput) async throws(StoreError) -> WriteItemOutput
    func getItem(_ input: GetItemInput) async throws(StoreError) -> GetItemOutput
    func updateItem(_ input: UpdateItemInput) async throws(StoreError) -> WriteItemOutput
    func deleteItem(_ input: DeleteItemInput) async throws(StoreError) -> WriteItemOutput
    func query(_ input: QueryInput) async throws(StoreError) -> ItemPage
    func scan(_ input: ScanInput) async throws(StoreError) -> ItemPage
    func batchWriteItem(_ input: BatchWriteItemInput) async throws(StoreError) -> BatchWriteItemOutput
    func batchGetItem(_ input: BatchGetItemInput) async throws(StoreError) -> BatchGetItemOutput
    func transactWriteItems(_ input: TransactWriteItemsInput) async throws(StoreError) -> TransactWriteItemsOutput
    func transactGetItems(_ input: TransactGetItemsInput) async throws(StoreError) -> TransactGetItemsOutput
    /// Loads many items into a table for seeding, without stream records where the store can.
    func importItems(_ items: [Item], into tableName: String) async throws(StoreError)
}

extension ItemStore {
    /// Without a bulk path, an import is BatchWriteItem requests of 25, resending what comes back
    /// unprocessed.
    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        var start = 0
        while start < items.count {
            var pending = items[start..<min(start + 25, items.count)].map { WriteRequest.put($0) }
            var attempt: UInt64 = 0
            while !pending.isEmpty {
                pending = try await batchWriteItem(BatchWriteItemInput(requestItems: [tableName: pending])).unprocessedItems[tableName] ?? []
                if !pending.isEmpty {
                    attempt += 1
                    try? await Task.sleep(nanoseconds: min(attempt, 8) * 10_000_000)
                }
            }
            start += 25
        }
    }
}

/// The embedded store's reads are short and never wait for a writer (WAL), so their async forms
/// run in place; its item writes await their group commit.
extension PartitionStore: ItemStore {
    public func createTable(_ input: CreateTableInput) async throws(StoreError) -> TableDescription {
        try Self.syncCall(createTable, input)
    }

    public func describeTable(_ tableName: String) async throws(StoreError) -> TableDescription {
        try Self.syncCall(describeTable, tableName)
    }

    public func updateTimeToLive(tableName: String, specification: TimeToLiveSpecification) async throws(StoreError) -> TimeToLiveSpecification {
        let call: (String, TimeToLiveSpecification) throws(StoreError) -> TimeToLiveSpecification = updateTimeToLive
        return try call(tableName, specification)
    }

    public func describeTimeToLive(tableName: String) async throws(StoreError) -> TimeToLiveDescription {
        let call: (String) throws(StoreError) -> TimeToLiveDescription = describeTimeToLive
        return try call(tableName)
    }

    public func getItem(_ input: GetItemInput) async throws(StoreError) -> GetItemOutput {
        try Self.syncCall(getItem, input)
    }

    public func query(_ input: QueryInput) async throws(StoreError) -> ItemPage {
        try Self.syncCall(query, input)
    }

    public func scan(_ input: ScanInput) async throws(StoreError) -> ItemPage {
        try Self.syncCall(scan, input)
    }

    public func batchGetItem(_ input: BatchGetItemInput) async throws(StoreError) -> BatchGetItemOutput {
        try Self.syncCall(batchGetItem, input)
    }

    public func transactGetItems(_ input: TransactGetItemsInput) async throws(StoreError) -> TransactGetItemsOutput {
        try Self.syncCall(transactGetItems, input)
    }

    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        let call: ([Item], String) throws(StoreError) -> Int = importItems
        _ = try call(items, tableName)
    }

    /// Calls the synchronous overload of an operation (an async context would otherwise pick the
    /// async one).
    private static func syncCall<Input, Output>(_ operation: (Input) throws(StoreError) -> Output, _ input: Input) throws(StoreError) -> Output {
        try operation(input)
    }
}
