/// A store of DynamoDB's data model: the embedded `PartitionStore`, or a client of a remote
/// DynamoDB endpoint, so the same repository code runs on either. One requirement takes every
/// operation (`StoreOperation`); the methods named after DynamoDB's operations are conveniences
/// over it, so a wrapper (metering, a test double) is one method.
///
/// Async because a remote store answers over the network; the embedded store's writes wait for
/// their group commit without holding a thread.
public protocol ItemStore: Sendable {
    /// Runs one operation and answers its output, or the store's typed error.
    func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output

    /// Loads many items into a table for seeding, without stream records where the store can.
    func importItems(_ items: [Item], into tableName: String) async throws(StoreError)
}

extension ItemStore {
    @discardableResult
    public func createTable(_ input: CreateTableInput) async throws(StoreError) -> TableDescription {
        try await send(input)
    }

    public func describeTable(_ tableName: String) async throws(StoreError) -> TableDescription {
        try await send(DescribeTableInput(tableName: tableName))
    }

    @discardableResult
    public func updateTimeToLive(
        tableName: String, specification: TimeToLiveSpecification
    ) async throws(StoreError) -> TimeToLiveSpecification {
        try await send(UpdateTimeToLiveInput(tableName: tableName, timeToLiveSpecification: specification))
    }

    public func describeTimeToLive(tableName: String) async throws(StoreError) -> TimeToLiveDescription {
        try await send(DescribeTimeToLiveInput(tableName: tableName))
    }

    @discardableResult
    public func putItem(_ input: PutItemInput) async throws(StoreError) -> WriteItemOutput { try await send(input) }
    public func getItem(_ input: GetItemInput) async throws(StoreError) -> GetItemOutput { try await send(input) }
    @discardableResult
    public func updateItem(_ input: UpdateItemInput) async throws(StoreError) -> WriteItemOutput {
        try await send(input)
    }
    @discardableResult
    public func deleteItem(_ input: DeleteItemInput) async throws(StoreError) -> WriteItemOutput {
        try await send(input)
    }
    public func query(_ input: QueryInput) async throws(StoreError) -> ItemPage { try await send(input) }
    public func scan(_ input: ScanInput) async throws(StoreError) -> ItemPage { try await send(input) }
    @discardableResult
    public func batchWriteItem(_ input: BatchWriteItemInput) async throws(StoreError) -> BatchWriteItemOutput {
        try await send(input)
    }
    public func batchGetItem(_ input: BatchGetItemInput) async throws(StoreError) -> BatchGetItemOutput {
        try await send(input)
    }
    @discardableResult
    public func transactWriteItems(
        _ input: TransactWriteItemsInput
    ) async throws(StoreError) -> TransactWriteItemsOutput { try await send(input) }
    public func transactGetItems(_ input: TransactGetItemsInput) async throws(StoreError) -> TransactGetItemsOutput {
        try await send(input)
    }

    /// Without a bulk path, an import is BatchWriteItem requests of 25, resending what comes back
    /// unprocessed.
    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        var start = 0
        while start < items.count {
            var pending = items[start..<min(start + 25, items.count)].map { WriteRequest.put($0) }
            var attempt: UInt64 = 0
            while !pending.isEmpty {
                pending =
                    try await batchWriteItem(BatchWriteItemInput(requestItems: [tableName: pending])).unprocessedItems[
                        tableName] ?? []
                if !pending.isEmpty {
                    attempt += 1
                    try? await Task.sleep(nanoseconds: min(attempt, 8) * 10_000_000)
                }
            }
            start += 25
        }
    }
}

/// The embedded store runs each operation in place: its reads are short and never wait for a
/// writer (WAL); its item writes await their group commit.
extension PartitionStore: ItemStore {
    public func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
        try await operation.run(on: self)
    }

    public func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        _ = try bulkImport(items, into: tableName)
    }

    /// The synchronous bulk import, named apart so an async caller cannot pick this conformance again.
    private func bulkImport(_ items: [Item], into tableName: String) throws(StoreError) -> Int {
        try importItems(items, into: tableName)
    }
}
