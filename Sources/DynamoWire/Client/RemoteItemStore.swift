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

    /// Sends any operation that has a wire codec; one the endpoint protocol cannot carry is
    /// refused before anything is sent.
    public func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
        guard let codable = operation as? any WireCodable else {
            throw StoreError(.validation, "\(Operation.name.rawValue) cannot be sent to a remote endpoint")
        }
        let output = try await call(codable)
        guard let typed = output as? Operation.Output else {
            throw StoreError(.internalFailure, "\(Operation.name.rawValue) answered with an unexpected output type")
        }
        return typed
    }

    private func call<Codable: WireCodable>(_ operation: Codable) async throws(StoreError) -> Codable.Output {
        try await connection.call(operation)
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
            pending =
                try await batchWriteItem(BatchWriteItemInput(requestItems: [tableName: pending])).unprocessedItems[
                    tableName] ?? []
            if !pending.isEmpty {
                attempt += 1
                guard attempt < connection.endpoint.retryPolicy.maxAttempts else {
                    throw StoreError(
                        .throttled, "Gave up after \(attempt) attempts: \(pending.count) items stayed unprocessed")
                }
                var random = SystemRandomNumberGenerator()
                try? await Task.sleep(for: connection.endpoint.retryPolicy.delay(beforeRetry: attempt, using: &random))
            }
        }
    }
}
