import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import PartitionStore

/// One whole request as the HTTP layer hands it over.
struct WireRequest {
    var head: HTTPRequestHead
    var body: ByteBuffer
}

/// A response ready to write: its status and body, and whether it speaks the DynamoDB protocol
/// (then it carries `x-amz-crc32` and `x-amzn-RequestId`).
struct WireAnswer: Sendable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]
    var isProtocol: Bool

    static func json(_ status: HTTPResponseStatus, _ json: JSONValue) -> WireAnswer {
        WireAnswer(
            status: status, contentType: "application/x-amz-json-1.0", body: JSONWriter.encode(json), isProtocol: true)
    }

    static func error(_ error: WireError) -> WireAnswer {
        json(HTTPResponseStatus(statusCode: error.status), error.body)
    }
}

/// From a request to its answer: the health check, the signature, the operation, and where the
/// operation runs. Cheap reads (GetItem, Query) run right where the request arrived: a WAL reader
/// is never blocked by a writer, and a hop to another thread costs more than the read. Item
/// writes wait for their group commit holding no thread; everything else blocks in SQLite on the
/// worker threads, never on an event loop.
struct WireResponder: Sendable {
    let service: WireService
    let configuration: WireServer.Configuration
    let pool: NIOThreadPool
    let logger: Logger

    /// An answer now, or one that a worker thread or a group commit will give.
    enum Outcome {
        case now(WireAnswer)
        case later(EventLoopFuture<WireAnswer>)
    }

    /// Operations cheap enough to answer on the event loop.
    static let inline: Set<WireOperation> = [.getItem, .query, .describeEndpoints]

    static let health = WireAnswer(
        status: .ok, contentType: "text/plain; charset=utf-8",
        body: Array("VaultDesk DynamoDB endpoint: healthy\n".utf8), isProtocol: false)

    /// A declared body over the limit, refused from the headers alone.
    func refusesLength(_ head: HTTPRequestHead) -> WireAnswer? {
        guard let length = head.headers.first(name: "content-length").flatMap(Int.init),
            length > configuration.maxBodyBytes
        else { return nil }
        return .error(Self.tooLarge(length, limit: configuration.maxBodyBytes))
    }

    /// A body that grew over the limit while it was read (no length was declared).
    func tooLargeBody() -> WireAnswer { .error(Self.tooLarge(nil, limit: configuration.maxBodyBytes)) }

    func respond(to request: WireRequest, on eventLoop: any EventLoop) -> Outcome {
        let head = request.head
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch (head.method, path) {
        case (.GET, "/"):
            return .now(Self.health)
        case (.POST, "/"):
            return operation(request, on: eventLoop)
        default:
            return .now(
                .error(
                    WireError(
                        "UnknownOperationException",
                        "Only POST / (the DynamoDB JSON protocol) and GET / (health) are served; got \(head.method.rawValue) \(path)",
                        status: 404)))
        }
    }

    private func operation(_ request: WireRequest, on eventLoop: any EventLoop) -> Outcome {
        let headers = request.head.headers
        let target = headers.first(name: "x-amz-target")
        if configuration.verifier == nil, !headers.contains(name: "authorization") {
            return .now(
                .error(WireError("MissingAuthenticationTokenException", "Request is missing Authentication Token")))
        }
        var principal: String?
        if let verifier = configuration.verifier {
            switch verify(request, with: verifier) {
            case .success(let key): principal = key
            case .failure(let failure): return .now(.error(failure))
            }
        }
        guard let target, let operation = WireOperation(target: target) else {
            return .now(
                .error(
                    WireError(
                        "UnknownOperationException",
                        target.map { "Unknown operation: \($0)" } ?? "The X-Amz-Target header names no operation")))
        }
        let service = self.service
        let caller = service.caller(principal)
        let body = request.body
        if Self.inline.contains(operation) {
            return .now(
                answer(
                    operation, body.withUnsafeReadableBytes { service.respond(to: operation, body: $0, caller: caller) }
                ))
        }
        if WireService.isItemWrite(operation) {
            // Parsed and decoded here (CPU only); the write then waits for its group commit
            // holding no thread, and is answered from the thread that commits it.
            let promise = eventLoop.makePromise(of: WireAnswer.self)
            let responder = self
            body.withUnsafeReadableBytes { bytes in
                service.respondToItemWrite(operation, body: bytes, caller: caller) { result in
                    promise.succeed(responder.answer(operation, result))
                }
            }
            return .later(promise.futureResult)
        }
        let responder = self
        let answered = pool.runIfActive(eventLoop: eventLoop) {
            responder.answer(
                operation, body.withUnsafeReadableBytes { service.respond(to: operation, body: $0, caller: caller) })
        }
        return .later(
            answered.recover { _ in
                .error(WireError("InternalServerError", "The server is shutting down", status: 500))
            })
    }

    /// Checks the request's SigV4 signature; the access key that signed it, or why it is refused.
    private func verify(_ request: WireRequest, with verifier: SignatureVerifier) -> Result<String, WireError> {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.head.headers.count)
        for (name, value) in request.head.headers { headers.append((name: name, value: value)) }
        let uri = request.head.uri
        let split = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = split.first.map(String.init) ?? uri
        let query = split.count > 1 ? String(split[1]) : ""
        return request.body.withUnsafeReadableBytes { bytes in
            verifier.authenticate(
                SignatureVerifier.SignedRequest(
                    method: request.head.method.rawValue, path: path, query: query, headers: headers, body: bytes))
        }
    }

    private func answer(_ operation: WireOperation, _ result: Result<JSONValue, WireError>) -> WireAnswer {
        switch result {
        case .success(let json): return .json(.ok, json)
        case .failure(let error):
            if error.status >= 500 { logger.error("\(operation.rawValue) failed: \(error)") }
            return .error(error)
        }
    }

    /// HTTP 413, as DynamoDB answers a request over its size limit.
    static func tooLarge(_ length: Int?, limit: Int) -> WireError {
        WireError(
            "RequestEntityTooLarge",
            "Request size \(length.map { "\($0) bytes " } ?? "")exceeds the limit of \(limit) bytes", status: 413)
    }
}

/// Request ids as DynamoDB prints them: 52 characters of A-Z and 0-9. They must be unique, not
/// secret: each connection draws them from a SplitMix64 sequence seeded once from the system's
/// generator, which costs a system call per draw.
struct RequestIDs {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    private mutating func draw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    mutating func next() -> String {
        String(unsafeUninitializedCapacity: 52) { buffer in
            var bits: UInt64 = 0
            for index in 0..<52 {
                // 36^12 < 2^64: a draw gives twelve characters without bias worth counting.
                if index % 12 == 0 { bits = draw() }
                buffer[index] = Self.alphabet[Int(bits % 36)]
                bits /= 36
            }
            return 52
        }
    }
}
