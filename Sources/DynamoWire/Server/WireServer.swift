import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import PartitionStore

/// The DynamoDB-compatible HTTP endpoint behind `vaultdesk serve`, on Hummingbird.
///
/// `POST /` carries the DynamoDB JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.<Operation>`
/// or `DynamoDBStreams_20120810.<Operation>`); `GET /` is a health check. Store work runs on a
/// pool of worker threads, never on an event loop, so concurrent writes meet in group commits.
public struct WireServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port; the startup log line names the one bound.
        public var port: Int
        /// Bodies above this are refused before they are read: DynamoDB's 16 MB request limit.
        public var maxBodyBytes: Int
        /// Threads that run store work. Each waiting write holds one, so this bounds how many
        /// requests can share a group commit.
        public var workerThreads: Int
        /// Verify SigV4 signatures against these keys; nil accepts any Authorization header.
        public var verifier: SignatureVerifier?
        /// A connection that sends nothing for this long is closed, so idle keep-alive connections
        /// (or ones holding a request half sent) cannot hold the server's resources forever.
        public var idleTimeout: Duration
        /// At most this many connections are served at once; more wait to be accepted.
        public var maxConnections: Int
        /// A request's headers must arrive within this long of its first byte.
        public var headerTimeout: Duration

        public init(
            host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 16 * 1024 * 1024, workerThreads: Int = 64,
            verifier: SignatureVerifier? = nil, idleTimeout: Duration = .seconds(60), maxConnections: Int = 1024,
            headerTimeout: Duration = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.workerThreads = workerThreads
            self.verifier = verifier
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.headerTimeout = headerTimeout
        }
    }

    /// Why the server could not start, in words a user can act on.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public let service: WireService
    public let configuration: Configuration
    public let logger: Logger

    public init(service: WireService, configuration: Configuration, logger: Logger) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let parts = duration.components
        return .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    /// How many connections can be served at once: the requested cap, lowered when the process's
    /// descriptor limit cannot hold that many beside the store's own files (the database, its
    /// log and shared memory for each reader a worker may hold) and the process's. Accepting past
    /// the limit fails with EMFILE on every attempt; waiting in the listen backlog does not.
    /// `descriptorLimit` is set when the cap was lowered.
    static func connectionBudget(requested: Int, workers: Int) -> (budget: Int, descriptorLimit: UInt64?) {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0, limits.rlim_cur != rlim_t.max else {
            return (requested, nil)
        }
        let reserve = 32 + 3 * workers
        let room = max(4, Int(clamping: limits.rlim_cur) - reserve)
        return room < requested ? (room, UInt64(limits.rlim_cur)) : (requested, nil)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    /// `onStart` receives the bound address once the server is listening.
    public func run(onStart: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }) async throws {
        let pool = NIOThreadPool(numberOfThreads: configuration.workerThreads)
        pool.start()
        let handler = RequestHandler(service: service, configuration: configuration, pool: pool, logger: logger)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await handler.respond(to: request)
        }
        let connections = Self.connectionBudget(
            requested: configuration.maxConnections, workers: configuration.workerThreads)
        if let limit = connections.descriptorLimit {
            // Said once, at startup: accepting beyond the descriptors would fail again and again.
            logger.notice(
                "the descriptor limit (ulimit -n \(limit)) leaves room for \(connections.budget) connections: serving at most \(connections.budget) at once (not \(configuration.maxConnections)); the rest wait to be accepted"
            )
        }
        let http1 = HTTP1Channel.Configuration(idleTimeout: Self.timeAmount(configuration.idleTimeout))
        let headerTimeout = Self.timeAmount(configuration.headerTimeout)
        let application = Application(
            responder: responder,
            server: HTTPServerBuilder { responder in
                DeadlineHTTP1Channel(
                    base: HTTP1Channel(responder: responder, configuration: http1), headerTimeout: headerTimeout)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "VaultDesk",
                availableConnectionsDelegate: MaximumAvailableConnections(connections.budget, logger: logger)),
            onServerRunning: { channel in
                onStart(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
        do {
            try await application.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            try? await pool.shutdownGracefully()
            throw StartError(
                description:
                    "Cannot listen on \(configuration.host):\(configuration.port): the address is already in use. Stop the other server or choose another --port (0 picks a free one)."
            )
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            try? await pool.shutdownGracefully()
            throw StartError(
                description:
                    "Cannot listen on \(configuration.host):\(configuration.port): that address is not on this machine."
            )
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        try? await pool.shutdownGracefully()
    }
}

/// One request, from HTTP to the wire service and back.
struct RequestHandler: Sendable {
    let service: WireService
    let configuration: WireServer.Configuration
    let pool: NIOThreadPool
    let logger: Logger

    static let targetField = HTTPField.Name("X-Amz-Target")!
    static let crcField = HTTPField.Name("x-amz-crc32")!
    static let requestIdField = HTTPField.Name("x-amzn-RequestId")!

    func respond(to request: Request) async -> Response {
        let started = ContinuousClock.now
        let target = request.headers[Self.targetField]
        let response: Response
        switch (request.method, request.uri.path) {
        case (.get, "/"):
            response = Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "VaultDesk DynamoDB endpoint: healthy\n")))
        case (.post, "/"):
            response = await handleOperation(request, target: target)
        default:
            response = Self.errorResponse(
                WireError(
                    "UnknownOperationException",
                    "Only POST / (the DynamoDB JSON protocol) and GET / (health) are served; got \(request.method) \(request.uri.path)",
                    status: 404))
        }
        if logger.logLevel <= .debug {
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            logger.debug(
                "\(request.method) \(target ?? request.uri.path) \(response.status.code) \(String(format: "%.2f", milliseconds)) ms"
            )
        }
        return response
    }

    private func handleOperation(_ request: Request, target: String?) async -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maxBodyBytes {
            return Self.errorResponse(Self.tooLarge(length, limit: configuration.maxBodyBytes))
        }
        if configuration.verifier == nil, request.headers[.authorization] == nil {
            return Self.errorResponse(
                WireError("MissingAuthenticationTokenException", "Request is missing Authentication Token"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return Self.errorResponse(Self.tooLarge(nil, limit: configuration.maxBodyBytes))
        } catch {
            return Self.errorResponse(.serialization("The request body could not be read: \(error)"))
        }
        var principal: String?
        if let verifier = configuration.verifier {
            var headers: [(name: String, value: String)] = []
            headers.reserveCapacity(request.headers.count + 1)
            for field in request.headers { headers.append((name: field.name.canonicalName, value: field.value)) }
            headers.append((name: "host", value: request.head.authority ?? ""))
            let verified = body.withUnsafeReadableBytes { bytes in
                verifier.authenticate(
                    SignatureVerifier.SignedRequest(
                        method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                        headers: headers, body: bytes))
            }
            switch verified {
            case .success(let key): principal = key
            case .failure(let failure): return Self.errorResponse(failure)
            }
        }
        guard let target, let operation = WireOperation(target: target) else {
            return Self.errorResponse(
                WireError(
                    "UnknownOperationException",
                    target.map { "Unknown operation: \($0)" } ?? "The X-Amz-Target header names no operation"))
        }
        let service = self.service
        let caller = service.caller(principal)
        let result: Result<JSONValue, WireError>
        if WireService.isItemWrite(operation) {
            // Parsed here (CPU only); the write then waits for its group commit holding no thread.
            let document: Result<JSONValue, WireError> = body.withUnsafeReadableBytes { bytes in
                do throws(WireError) { return .success(try WireService.parse(bytes)) } catch { return .failure(error) }
            }
            switch document {
            case .success(let json):
                result = await service.respondToItemWrite(operation, document: json, caller: caller)
            case .failure(let error): result = .failure(error)
            }
        } else {
            result = await runOnPool(service, operation, body, caller)
        }
        switch result {
        case .success(let json): return Self.response(status: .ok, json)
        case .failure(let error):
            if error.status >= 500 { logger.error("\(operation.rawValue) failed: \(error)") }
            return Self.errorResponse(error)
        }
    }

    /// Reads and table operations block in SQLite, so they run on the worker threads.
    private func runOnPool(
        _ service: WireService, _ operation: WireOperation, _ body: ByteBuffer, _ caller: WireService.Caller
    ) async -> Result<JSONValue, WireError> {
        let result: Result<JSONValue, WireError>
        do {
            result = try await pool.runIfActive {
                body.withUnsafeReadableBytes { bytes in service.respond(to: operation, body: bytes, caller: caller) }
            }
        } catch {
            result = .failure(WireError("InternalServerError", "The server is shutting down", status: 500))
        }
        return result
    }

    /// HTTP 413, as DynamoDB answers a request over its size limit.
    static func tooLarge(_ length: Int?, limit: Int) -> WireError {
        WireError(
            "RequestEntityTooLarge",
            "Request size \(length.map { "\($0) bytes " } ?? "")exceeds the limit of \(limit) bytes", status: 413)
    }

    static func errorResponse(_ error: WireError) -> Response {
        response(status: HTTPResponse.Status(code: error.status), error.body)
    }

    static func response(status: HTTPResponse.Status, _ json: JSONValue) -> Response {
        let bytes = JSONWriter.encode(json)
        var headers = HTTPFields()
        headers[.contentType] = "application/x-amz-json-1.0"
        headers[crcField] = String(CRC32.checksum(bytes))
        headers[requestIdField] = RequestID.next()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Request ids as DynamoDB prints them: 52 characters of A-Z and 0-9, random, made without
/// Foundation's string machinery (this runs for every response).
enum RequestID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    static func next() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 52)
        var bits: UInt64 = 0
        for index in bytes.indices {
            if index % 10 == 0 { bits = generator.next() }
            bytes[index] = alphabet[Int(bits % 36)]
            bits /= 36
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
