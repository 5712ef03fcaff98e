import PartitionStore

/// Answers DynamoDB JSON protocol requests from a store through one table of routes, one per
/// operation, each built from the operation's codec: decode the request, run the operation,
/// encode the response, and map a store error to DynamoDB's wire error in one place.
public struct WireService: Sendable {
    public let store: PartitionStore
    /// The address DescribeEndpoints reports.
    public var endpointAddress: String

    public init(store: PartitionStore, endpointAddress: String = "localhost") {
        self.store = store
        self.endpointAddress = endpointAddress
    }

    /// How one operation is answered.
    struct Route: Sendable {
        /// Item writes wait for their group commit without holding a thread; the rest block in
        /// SQLite and run on the server's worker threads.
        let waitsForCommit: Bool
        let blocking: @Sendable (WireObject, PartitionStore) throws -> JSONValue
        let committed: @Sendable (WireObject, PartitionStore) async throws -> JSONValue
    }

    static let routes: [WireOperation: Route] = Dictionary(
        uniqueKeysWithValues: WireOperations.all.map { ($0.name, route(for: $0)) })

    static func route<Operation: WireCodable>(for _: Operation.Type) -> Route {
        Route(
            waitsForCommit: Operation.waitsForCommit,
            blocking: { request, store in
                let operation = try Operation(wire: request)
                return operation.wireResponse(try operation.run(blockingOn: store))
            },
            committed: { request, store in
                let operation = try Operation(wire: request)
                return operation.wireResponse(try await operation.run(on: store))
            })
    }

    /// Whether the operation waits for a group commit (see `respondToItemWrite`).
    public static func isItemWrite(_ operation: WireOperation) -> Bool {
        routes[operation]?.waitsForCommit ?? false
    }

    /// The response body for a request body, or the error to report; blocks in SQLite.
    public func respond(to operation: WireOperation, body: UnsafeRawBufferPointer) -> Result<JSONValue, WireError> {
        do throws(WireError) {
            let request = try WireObject(Self.parse(body))
            if let answer = endpointAnswer(operation) { return .success(answer) }
            guard let route = Self.routes[operation] else { throw Self.unknown(operation) }
            return .success(try Self.mapping { try route.blocking(request, store) })
        } catch {
            return .failure(error)
        }
    }

    /// Answers an item write from its parsed body: decodes here, then awaits the store's group
    /// commit, so the caller's thread is free while the write waits for its fsync.
    public func respondToItemWrite(
        _ operation: WireOperation, document: JSONValue
    ) async -> Result<JSONValue, WireError> {
        do throws(WireError) {
            let request = try WireObject(document)
            guard let route = Self.routes[operation] else { throw Self.unknown(operation) }
            return .success(try await Self.mappingAsync { try await route.committed(request, store) })
        } catch {
            return .failure(error)
        }
    }

    /// What the endpoint answers itself rather than the store: where it is.
    func endpointAnswer(_ operation: WireOperation) -> JSONValue? {
        guard operation == .describeEndpoints else { return nil }
        return .object([
            "Endpoints": .array([.object(["Address": .string(endpointAddress), "CachePeriodInMinutes": .number(1440)])])
        ])
    }

    /// A request body as JSON, or the SerializationException DynamoDB answers for bad JSON.
    public static func parse(_ body: UnsafeRawBufferPointer) throws(WireError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .serialization("The request body is not valid JSON: \(error.reason) (at byte \(error.offset))")
        }
    }

    static func unknown(_ operation: WireOperation) -> WireError {
        WireError("UnknownOperationException", "Unknown operation: \(operation.target)")
    }

    /// The one error mapping: codec errors as they are, store errors as DynamoDB's wire errors,
    /// anything else an internal error.
    static func mapping(_ body: () throws -> JSONValue) throws(WireError) -> JSONValue {
        do {
            return try body()
        } catch {
            throw wireError(error)
        }
    }

    static func mappingAsync(_ body: () async throws -> JSONValue) async throws(WireError) -> JSONValue {
        do {
            return try await body()
        } catch {
            throw wireError(error)
        }
    }

    static func wireError(_ error: any Error) -> WireError {
        switch error {
        case let error as WireError: error
        case let error as StoreError: WireError(error)
        default: WireError("InternalServerError", "\(error)", status: 500)
        }
    }
}

extension OperationName {
    /// Where the endpoint is: answered by the endpoint itself, not the store.
    public static let describeEndpoints = OperationName("DescribeEndpoints")
}
