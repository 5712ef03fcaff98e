import PartitionStore

/// Answers DynamoDB JSON protocol requests from a store through one table of routes, one per
/// operation, each built from the operation's codec: decode the request, run the operation,
/// encode the response, and map a store error to DynamoDB's wire error in one place.
public struct WireService: Sendable {
    public let store: PartitionStore
    /// The address DescribeEndpoints reports.
    public var endpointAddress: String
    /// When set, every request is judged by the policies of the access key that signed it
    /// before it runs.
    public var policies: PolicySet?

    public init(store: PartitionStore, endpointAddress: String = "localhost", policies: PolicySet? = nil) {
        self.store = store
        self.endpointAddress = endpointAddress
        self.policies = policies
    }

    /// Who sent a request, as far as the policies need to know.
    public struct Caller: Sendable {
        /// The access key id that signed the request; nil when signatures are not verified.
        public var principal: String?
        let policies: PolicySet?

        /// Refuses an operation the caller's policies do not allow, judging what it touches
        /// as the engine resolves it.
        func authorize<Operation: StoreOperation>(_ operation: Operation, on store: PartitionStore) throws {
            guard let policies else { return }
            guard let principal else {
                throw WireError("MissingAuthenticationTokenException", "Request is missing Authentication Token")
            }
            let access = try operation.resolvedAccess(on: store)
            if let denied = policies.authorize(principal: principal, operation: Operation.name, access: access) {
                throw denied
            }
        }
    }

    public func caller(_ principal: String?) -> Caller { Caller(principal: principal, policies: policies) }

    /// How one operation is answered.
    struct Route: Sendable {
        /// Item writes wait for their group commit without holding a thread; the rest block in
        /// SQLite and run on the server's worker threads.
        let waitsForCommit: Bool
        let blocking: @Sendable (WireObject, PartitionStore, Caller) throws -> JSONValue
        /// An item write, answered through a callback from the thread that commits it (at once
        /// when the request is refused before it is queued).
        let submitted:
            @Sendable (
                WireObject, PartitionStore, Caller, @escaping @Sendable (Result<JSONValue, WireError>) -> Void
            ) -> Void
    }

    static let routes: [WireOperation: Route] = Dictionary(
        uniqueKeysWithValues: WireOperations.all.map { ($0.name, route(for: $0)) })

    static func route<Operation: WireCodable>(for _: Operation.Type) -> Route {
        Route(
            waitsForCommit: Operation.waitsForCommit,
            blocking: { request, store, caller in
                let operation = try Operation(wire: request)
                try caller.authorize(operation, on: store)
                return try operation.wireAnswer(blockingOn: store)
            },
            submitted: { request, store, caller, completion in
                do {
                    let operation = try Operation(wire: request)
                    try caller.authorize(operation, on: store)
                    operation.submit(to: store) { result in
                        completion(result.map(operation.wireResponse).mapError { WireError($0) })
                    }
                } catch {
                    completion(.failure(wireError(error)))
                }
            })
    }

    /// Answers an item write through `completion`, called from the thread that commits it (or
    /// at once, for a request that is refused): the body is parsed and decoded here, on the
    /// caller's thread, and nothing waits for the commit.
    public func respondToItemWrite(
        _ operation: WireOperation, body: UnsafeRawBufferPointer, caller: Caller? = nil,
        completion: @escaping @Sendable (Result<JSONValue, WireError>) -> Void
    ) {
        do throws(WireError) {
            let request = try WireObject(Self.parse(body))
            guard let route = Self.routes[operation] else { throw Self.unknown(operation) }
            route.submitted(request, store, caller ?? self.caller(nil), completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// Whether the operation waits for a group commit (see `respondToItemWrite`).
    public static func isItemWrite(_ operation: WireOperation) -> Bool {
        routes[operation]?.waitsForCommit ?? false
    }

    /// The response body for a request body, or the error to report; blocks in SQLite.
    public func respond(
        to operation: WireOperation, body: UnsafeRawBufferPointer, caller: Caller? = nil
    ) -> Result<JSONValue, WireError> {
        do throws(WireError) {
            let request = try WireObject(Self.parse(body))
            if let answer = endpointAnswer(operation) { return .success(answer) }
            guard let route = Self.routes[operation] else { throw Self.unknown(operation) }
            let caller = caller ?? self.caller(nil)
            return .success(try Self.mapping { try route.blocking(request, store, caller) })
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
