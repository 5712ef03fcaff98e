import DynamoWire
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PartitionStore
import Synchronization
import Testing

/// An HTTP endpoint that answers from a script, so the remote client's retries, error mapping and
/// signing can be watched on the wire. Plain SwiftNIO: one handler answers each whole request.
final class ScriptedEndpoint: Sendable {
    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var body: String

        static func error(_ status: HTTPResponseStatus, _ type: String, _ message: String) -> Answer {
            Answer(
                status: status, body: #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(type)","message":"\#(message)"}"#
            )
        }
    }

    struct Seen: Sendable {
        var target: String?
        var authorization: String?
        var date: String?
    }

    private let script: Mutex<[Answer]>
    private let seen = Mutex<[Seen]>([])
    private let channel = Mutex<(any Channel)?>(nil)
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Answers in order; the last one repeats.
    init(_ answers: [Answer]) {
        script = Mutex(answers)
    }

    var requests: [Seen] { seen.withLock { $0 } }

    /// What a request gets: the next answer of the script, after the request is noted.
    fileprivate func answer(to head: HTTPRequestHead) -> Answer {
        seen.withLock {
            $0.append(
                Seen(
                    target: head.headers.first(name: "X-Amz-Target"),
                    authorization: head.headers.first(name: "Authorization"),
                    date: head.headers.first(name: "X-Amz-Date")))
        }
        return script.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
    }

    func start() async throws -> URL {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(endpoint: self))
                }
            }
        let bound = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
        guard let port = bound.localAddress?.port else { throw ChildProcessTimeout(limit: .seconds(0)) }
        return URL(string: "http://127.0.0.1:\(port)")!
    }

    func stop() {
        channel.withLock { $0?.close(promise: nil) }
        group.shutdownGracefully { _ in }
    }
}

/// Answers each request of one connection from its endpoint's script.
private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let endpoint: ScriptedEndpoint
    private var head: HTTPRequestHead?

    init(endpoint: ScriptedEndpoint) {
        self.endpoint = endpoint
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received): head = received
        case .body: break
        case .end:
            guard let head else { return }
            let answer = endpoint.answer(to: head)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
            headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
            context.write(
                wrapOutboundOut(
                    .head(HTTPResponseHead(version: head.version, status: answer.status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

@Suite("Remote store over HTTP")
struct RemoteStoreTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// The waits the retry policy asked for, recorded instead of slept.
    final class Waits: Sendable {
        let recorded = Mutex<[Duration]>([])
        var all: [Duration] { recorded.withLock { $0 } }
    }

    static func store(_ url: URL, attempts: Int = 4, sleeps: Waits? = nil) throws -> RemoteItemStore {
        let endpoint = try RemoteEndpoint(
            url: url, region: "eu-west-1",
            credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret),
            retryPolicy: RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(10), maxTotal: .seconds(60)))
        return RemoteItemStore(
            connection: RemoteConnection(endpoint: endpoint) { duration in
                sleeps?.recorded.withLock { $0.append(duration) }
            })
    }

    static let getItem = GetItemInput(tableName: "t", key: ["pk": .s("a")])

    static func failure(_ body: () async throws -> Void) async -> StoreError? {
        await StoreConformanceTests.failure(body)
    }

    @Test("throttling is retried with growing, jittered waits until it succeeds")
    func throttlingRetried() async throws {
        let endpoint = ScriptedEndpoint([
            .error(
                .badRequest, "ProvisionedThroughputExceededException",
                "Rate of requests exceeds the allowed throughput."),
            .error(.badRequest, "ThrottlingException", "Rate exceeded"),
            .error(.serviceUnavailable, "ServiceUnavailable", "busy"),
            ScriptedEndpoint.Answer(status: .ok, body: #"{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#),
        ])
        defer { endpoint.stop() }
        let sleeps = Waits()
        let store = try Self.store(try await endpoint.start(), sleeps: sleeps)
        let item = try await store.getItem(Self.getItem).item
        #expect(item?["n"] == .n(DecimalNumber(1)))
        #expect(endpoint.requests.count == 4)
        let waits = sleeps.all
        #expect(waits.count == 3)
        // Full jitter: each wait is at most base × 2^(retry-1).
        for (index, wait) in waits.enumerated() {
            #expect(wait <= .milliseconds(10 * (1 << index)))
        }
        // Every attempt is signed anew and names the operation.
        #expect(endpoint.requests.allSatisfy { $0.target == "DynamoDB_20120810.GetItem" })
        #expect(
            endpoint.requests.allSatisfy {
                $0.authorization?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true
            })
        #expect(endpoint.requests.allSatisfy { $0.authorization?.contains("/eu-west-1/dynamodb/aws4_request") == true })
    }

    @Test("a client error surfaces at once with DynamoDB's message, never retried")
    func validationNotRetried() async throws {
        let endpoint = ScriptedEndpoint([
            .error(.badRequest, "ValidationException", "The provided key element does not match the schema")
        ])
        defer { endpoint.stop() }
        let store = try Self.store(try await endpoint.start())
        let error = await Self.failure { _ = try await store.getItem(Self.getItem) }
        #expect(error == StoreError(.validation, "The provided key element does not match the schema"))
        #expect(endpoint.requests.count == 1)
    }

    @Test("a condition failure keeps the item DynamoDB returned")
    func conditionFailureItem() async throws {
        let endpoint = ScriptedEndpoint([
            ScriptedEndpoint.Answer(
                status: .badRequest,
                body:
                    #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"pk":{"S":"a"},"v":{"N":"3"}}}"#
            )
        ])
        defer { endpoint.stop() }
        let store = try Self.store(try await endpoint.start())
        let error = await Self.failure {
            _ = try await store.putItem(
                PutItemInput(
                    tableName: "t", item: ["pk": .s("a")],
                    options: WriteOptions(conditionExpression: "attribute_not_exists(pk)")))
        }
        #expect(error?.code == .conditionalCheckFailed)
        #expect(error?.item?["v"] == .n(DecimalNumber(3)))
    }

    @Test("retries stop at the attempt limit: throttling and server errors say what they were")
    func givesUp() async throws {
        let throttling = ScriptedEndpoint([.error(.badRequest, "ThrottlingException", "Rate exceeded")])
        defer { throttling.stop() }
        let throttled = await Self.failure {
            _ = try await Self.store(try await throttling.start(), attempts: 3).getItem(Self.getItem)
        }
        #expect(throttled?.code == .throttled)
        #expect(throttled?.message.contains("Gave up after 3 attempts") == true)
        #expect(throttled?.message.contains("Rate exceeded") == true)
        #expect(throttling.requests.count == 3)

        let failing = ScriptedEndpoint([ScriptedEndpoint.Answer(status: .internalServerError, body: "not json")])
        defer { failing.stop() }
        let failed = await Self.failure {
            _ = try await Self.store(try await failing.start(), attempts: 2).getItem(Self.getItem)
        }
        #expect(failed?.code == .serviceUnavailable)
        #expect(failing.requests.count == 2)
    }

    @Test("refused credentials are access denied, with the service's words and never the secret")
    func accessDenied() async throws {
        let endpoint = ScriptedEndpoint([
            .error(.badRequest, "UnrecognizedClientException", "The security token included in the request is invalid.")
        ])
        defer { endpoint.stop() }
        let error = await Self.failure { _ = try await Self.store(try await endpoint.start()).getItem(Self.getItem) }
        #expect(error?.code == .accessDenied)
        #expect(error?.message == "UnrecognizedClientException: The security token included in the request is invalid.")
        #expect(error.map { !"\($0)".contains(Self.secret) } == true)
        #expect(endpoint.requests.count == 1)
        #expect(endpoint.requests.allSatisfy { !($0.authorization ?? "").contains(Self.secret) })
    }

    @Test("nothing listening: connection failures are retried, then reported as unavailable")
    func connectionRefused() async throws {
        let port = try TestEndpoints.freePort()
        let sleeps = Waits()
        let error = await Self.failure {
            _ = try await Self.store(URL(string: "http://127.0.0.1:\(port)")!, attempts: 3, sleeps: sleeps).getItem(
                Self.getItem)
        }
        #expect(error?.code == .serviceUnavailable)
        #expect(error?.message.contains("Gave up after 3 attempts") == true)
        #expect(sleeps.all.count == 2)
    }

    @Test("an answer that is not the operation's output is an internal failure, not a crash")
    func unreadableAnswer() async throws {
        let endpoint = ScriptedEndpoint([ScriptedEndpoint.Answer(status: .ok, body: #"{"Items":"not a list"}"#)])
        defer { endpoint.stop() }
        let error = await Self.failure {
            _ = try await Self.store(try await endpoint.start()).query(
                QueryInput(
                    tableName: "t", keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": .s("a")]))
        }
        #expect(error?.code == .internalFailure)
        let garbage = ScriptedEndpoint([ScriptedEndpoint.Answer(status: .ok, body: "<html>")])
        defer { garbage.stop() }
        let second = await Self.failure { _ = try await Self.store(try await garbage.start()).getItem(Self.getItem) }
        #expect(second?.code == .internalFailure)
    }

    @Test("legacy parameters are refused before anything is sent")
    func legacyRefused() async throws {
        let endpoint = ScriptedEndpoint([ScriptedEndpoint.Answer(status: .ok, body: "{}")])
        defer { endpoint.stop() }
        let store = try Self.store(try await endpoint.start())
        let error = await Self.failure {
            _ = try await store.getItem(GetItemInput(tableName: "t", key: ["pk": .s("a")], attributesToGet: ["x"]))
        }
        #expect(error?.code == .validation)
        #expect(endpoint.requests.isEmpty)
    }

    @Test("endpoints: only http and https with a host; AWS's Streams host is derived, others share one address")
    func endpoints() throws {
        let credentials = AWSCredentials(accessKeyId: "a", secretAccessKey: "b")
        #expect(throws: AWSConfigurationError.self) {
            try RemoteEndpoint(url: URL(string: "ftp://example.com")!, region: "eu-west-1", credentials: credentials)
        }
        #expect(throws: AWSConfigurationError.self) {
            try RemoteEndpoint(url: URL(string: "http://localhost:8000")!, region: "", credentials: credentials)
        }
        let aws = try RemoteEndpoint(
            url: try #require(RemoteEndpoint.aws(region: "eu-west-1")), region: "eu-west-1", credentials: credentials)
        #expect(aws.streamsURL.absoluteString == "https://streams.dynamodb.eu-west-1.amazonaws.com")
        let local = try RemoteEndpoint(
            url: URL(string: "http://localhost:8000")!, region: "eu-west-1", credentials: credentials)
        #expect(local.streamsURL == local.url)
        #expect(!"\(local)".contains("b"))
    }

    @Test(
        "signatures are checked for real by `vaultdesk serve --credentials`: the right secret passes, a wrong one is denied"
    )
    func verifiedSignatures() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "signed-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentials = directory.appendingPathComponent("credentials")
        try "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = \(Self.secret)\n".write(
            to: credentials, atomically: true, encoding: .utf8)
        let url = try await TestEndpoints.shared.serve(
            extra: ["--credentials", credentials.path, "--signing-region", "eu-west-1"], name: "signed")
        let store = try Self.store(url)
        _ = try await store.createTable(StoreConformanceTests.definition("signed"))
        #expect(
            try await store.getItem(GetItemInput(tableName: "signed", key: StoreConformanceTests.key("a", "b"))).item
                == nil)

        let wrong = try RemoteEndpoint(
            url: url, region: "eu-west-1",
            credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-the-secret"))
        let denied = await Self.failure { _ = try await RemoteItemStore(endpoint: wrong).describeTable("signed") }
        #expect(denied?.code == .accessDenied)
        #expect(denied?.message.contains("InvalidSignatureException") == true)
        #expect(denied.map { !"\($0)".contains("not-the-secret") } == true)
    }
}
