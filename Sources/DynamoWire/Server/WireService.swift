import PartitionStore

/// Answers DynamoDB JSON protocol requests from a store: decodes the request, runs the operation,
/// encodes the response. Synchronous and blocking (the store is): the HTTP server calls it from
/// its own worker threads, never from an event loop.
public struct WireService: Sendable {
    public let store: PartitionStore
    /// The address DescribeEndpoints reports.
    public var endpointAddress: String

    public init(store: PartitionStore, endpointAddress: String = "localhost") {
        self.store = store
        self.endpointAddress = endpointAddress
    }

    /// The response body for a request body, or the error to report.
    public func respond(to operation: WireOperation, body: UnsafeRawBufferPointer) -> Result<JSONValue, WireError> {
        do throws(WireError) {
            let request = try WireObject(Self.parse(body))
            return .success(try perform(operation, request))
        } catch {
            return .failure(error)
        }
    }

    /// Item writes, which wait for a group commit without holding a thread.
    public static func isItemWrite(_ operation: WireOperation) -> Bool {
        switch operation {
        case .putItem, .updateItem, .deleteItem, .batchWriteItem, .transactWriteItems: true
        default: false
        }
    }

    /// Answers an item write (see `isItemWrite`) from its parsed body: decodes here, then awaits
    /// the store's group commit, so the caller's thread is free while the write waits for its fsync.
    public func respondToItemWrite(_ operation: WireOperation, document: JSONValue) async -> Result<JSONValue, WireError> {
        let request: WireObject
        do {
            request = try WireObject(document)
        } catch {
            return .failure(error)
        }
        do {
            switch operation {
            case .putItem:
                return .success(ItemOperationCodec.encode(try await store.putItem(ItemOperationCodec.putItem(request))))
            case .updateItem:
                return .success(ItemOperationCodec.encode(try await store.updateItem(ItemOperationCodec.updateItem(request))))
            case .deleteItem:
                return .success(ItemOperationCodec.encode(try await store.deleteItem(ItemOperationCodec.deleteItem(request))))
            case .batchWriteItem:
                return .success(BatchTransactionCodec.encode(try await store.batchWriteItem(BatchTransactionCodec.batchWriteItem(request))))
            case .transactWriteItems:
                return .success(BatchTransactionCodec.encode(try await store.transactWriteItems(BatchTransactionCodec.transactWriteItems(request))))
            default:
                return .success(try perform(operation, request))
            }
        } catch let error as WireError {
            return .failure(error)
        } catch let error as StoreError {
            return .failure(WireError(error))
        } catch {
            return .failure(WireError("InternalServerError", "\(error)", status: 500))
        }
    }

    /// A request body as JSON, or the SerializationException DynamoDB answers for bad JSON.
    public static func parse(_ body: UnsafeRawBufferPointer) throws(WireError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .serialization("The request body is not valid JSON: \(error.reason) (at byte \(error.offset))")
        }
    }

    func perform(_ operation: WireOperation, _ request: WireObject) throws(WireError) -> JSONValue {
        do {
            switch operation {
            case .createTable:
                let input = try TableCodec.createTable(request)
                return .object(["TableDescription": TableCodec.encode(try store.createTable(input))])
            case .describeTable:
                let name = try request.requiredString("TableName")
                return .object(["Table": TableCodec.encode(try store.describeTable(name))])
            case .updateTable:
                let input = try TableCodec.updateTable(request)
                return .object(["TableDescription": TableCodec.encode(try store.updateTable(input))])
            case .deleteTable:
                let name = try request.requiredString("TableName")
                return .object(["TableDescription": TableCodec.encode(try store.deleteTable(name))])
            case .listTables:
                let start = try request.string("ExclusiveStartTableName")
                let limit = try request.int("Limit", atLeast: 1)
                return TableCodec.encode(try store.listTables(exclusiveStartTableName: start, limit: limit))
            case .putItem:
                return ItemOperationCodec.encode(try store.putItem(ItemOperationCodec.putItem(request)))
            case .getItem:
                return ItemOperationCodec.encode(try store.getItem(ItemOperationCodec.getItem(request)))
            case .updateItem:
                return ItemOperationCodec.encode(try store.updateItem(ItemOperationCodec.updateItem(request)))
            case .deleteItem:
                return ItemOperationCodec.encode(try store.deleteItem(ItemOperationCodec.deleteItem(request)))
            case .query:
                let input = try QueryScanCodec.query(request)
                return QueryScanCodec.encode(try store.query(input), select: input.select)
            case .scan:
                let input = try QueryScanCodec.scan(request)
                return QueryScanCodec.encode(try store.scan(input), select: input.select)
            case .batchWriteItem:
                return BatchTransactionCodec.encode(try store.batchWriteItem(BatchTransactionCodec.batchWriteItem(request)))
            case .batchGetItem:
                return BatchTransactionCodec.encode(try store.batchGetItem(BatchTransactionCodec.batchGetItem(request)))
            case .transactWriteItems:
                return BatchTransactionCodec.encode(try store.transactWriteItems(BatchTransactionCodec.transactWriteItems(request)))
            case .transactGetItems:
                return BatchTransactionCodec.encode(try store.transactGetItems(BatchTransactionCodec.transactGetItems(request)))
            case .updateTimeToLive:
                let name = try request.requiredString("TableName")
                let specification = try TableCodec.timeToLiveSpecification(request)
                return TableCodec.encode(try store.updateTimeToLive(tableName: name, specification: specification))
            case .describeTimeToLive:
                return TableCodec.encode(try store.describeTimeToLive(tableName: request.requiredString("TableName")))
            case .describeEndpoints:
                return .object(["Endpoints": .array([.object(["Address": .string(endpointAddress), "CachePeriodInMinutes": .number(1440)])])])
            case .describeLimits:
                // An embedded store has no account quotas; report DynamoDB's defaults.
                return .object([
                    "AccountMaxReadCapacityUnits": .number(80_000), "AccountMaxWriteCapacityUnits": .number(80_000),
                    "TableMaxReadCapacityUnits": .number(40_000), "TableMaxWriteCapacityUnits": .number(40_000),
                ])
            case .listStreams:
                return StreamCodec.encode(try store.listStreams(
                    tableName: request.string("TableName"), limit: request.int("Limit", atLeast: 1),
                    exclusiveStartStreamArn: request.string("ExclusiveStartStreamArn")))
            case .describeStream:
                _ = try request.int("Limit", atLeast: 1)
                return StreamCodec.encode(try store.describeStream(request.requiredString("StreamArn")))
            case .getShardIterator:
                return .object(["ShardIterator": .string(try store.getShardIterator(
                    streamArn: request.requiredString("StreamArn"), shardId: request.requiredString("ShardId"),
                    type: request.requiredEnumeration("ShardIteratorType", ShardIteratorType.self),
                    sequenceNumber: request.string("SequenceNumber")))])
            case .getRecords:
                return StreamCodec.encode(try store.getRecords(
                    shardIterator: request.requiredString("ShardIterator"), limit: request.int("Limit", atLeast: 1)))
            }
        } catch let error as WireError {
            throw error
        } catch let error as StoreError {
            throw WireError(error)
        } catch {
            throw WireError("InternalServerError", "\(error)", status: 500)
        }
    }
}
