import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import PartitionStore

/// The DynamoDB-compatible HTTP endpoint behind `vaultdesk serve`, on SwiftNIO.
///
/// `POST /` carries the DynamoDB JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.<Operation>`
/// or `DynamoDBStreams_20120810.<Operation>`); `GET /` is a health check. Cheap reads are answered
/// on the event loop that read the request; item writes wait for their group commit holding no
/// thread; other store work runs on a pool of worker threads (see `WireResponder`).
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
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        do {
            try await serve(group: group, pool: pool, onStart: onStart)
        } catch {
            try? await group.shutdownGracefully()
            try? await pool.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
        try await pool.shutdownGracefully()
    }

    private func serve(
        group: MultiThreadedEventLoopGroup, pool: NIOThreadPool,
        onStart: @escaping @Sendable (_ host: String, _ port: Int) -> Void
    ) async throws {
        let connections = Self.connectionBudget(
            requested: configuration.maxConnections, workers: configuration.workerThreads)
        if let limit = connections.descriptorLimit {
            // Said once, at startup: accepting beyond the descriptors would fail again and again.
            logger.notice(
                "the descriptor limit (ulimit -n \(limit)) leaves room for \(connections.budget) connections: serving at most \(connections.budget) at once (not \(configuration.maxConnections)); the rest wait to be accepted"
            )
        }
        let responder = WireResponder(service: service, configuration: configuration, pool: pool, logger: logger)
        let quiesce = ServerQuiescingHelper(group: group)
        let idleTimeout = Self.timeAmount(configuration.idleTimeout)
        let headerTimeout = Self.timeAmount(configuration.headerTimeout)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // One connection per accept, so the cap holds exactly.
            .serverChannelOption(.maxMessagesPerRead, value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                    try operations.addHandler(ConnectionLimiter(maximum: connections.budget))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel, responder: responder, idle: idleTimeout, header: headerTimeout)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw StartError(
                description:
                    "Cannot listen on \(configuration.host):\(configuration.port): the address is already in use. Stop the other server or choose another --port (0 picks a free one)."
            )
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw StartError(
                description:
                    "Cannot listen on \(configuration.host):\(configuration.port): that address is not on this machine."
            )
        }
        onStart(configuration.host, channel.localAddress?.port ?? configuration.port)
        let stopped = group.next().makePromise(of: Void.self)
        let signals = Self.onTermination {
            // Stop accepting, close the idle connections, and close the others once their
            // answers are out.
            quiesce.initiateShutdown(promise: stopped)
        }
        defer { for source in signals { source.cancel() } }
        try await stopped.futureResult.get()
    }

    /// A connection's pipeline: the header deadline on the raw bytes, the HTTP/1.1 request
    /// decoder, DynamoDB-style answers to framing errors, and the handler, which writes its
    /// answers as bytes and keeps one request at a time and the idle timeout itself.
    static func configure(
        _ channel: any Channel, responder: WireResponder, idle: TimeAmount, header: TimeAmount
    ) throws {
        let operations = channel.pipeline.syncOperations
        let head = RequestHeadDeadline(timeout: header)
        try operations.addHandler(head)
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes))
        try operations.addHandler(decoder)
        try operations.addHandler(MalformedRequestAnswer(head: head))
        try operations.addHandler(WireHTTPHandler(responder: responder, idleTimeout: idle))
    }

    /// Calls `body` once on the first SIGINT or SIGTERM; the sources to cancel when done.
    static func onTermination(_ body: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        let once = NIOLockedValueBox(false)
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = once.withLockedValue { fired in
                    defer { fired = true }
                    return !fired
                }
                if first { body() }
            }
            source.resume()
            return source
        }
    }
}
