import Logging
import NIOCore
import NIOHTTP1

/// One connection's requests: gathers each request's head and body, hands the whole request to
/// the responder, and writes its answer as one buffer (status line, headers and body), straight
/// to the socket's side of the pipeline. It also keeps the connection's rules that a chain of
/// framework handlers would otherwise keep, each costing every request a pass:
/// - one request at a time: parts of a request that arrives while another is being answered
///   (a client that pipelines) wait, in order, and reading pauses until the answer is out;
/// - the idle timeout: a connection with no request for that long is closed, but never while
///   its request is being answered, however long the answer takes;
/// - graceful shutdown: asked to quiesce, an idle connection closes at once and a busy one once
///   its answer is out, saying `Connection: close`.
final class WireHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Between requests.
        case idle
        /// Reading a request's body.
        case reading(HTTPRequestHead)
        /// The request was refused before its body was read; the connection closes once the
        /// answer is out.
        case refusing
        /// The request is with the responder.
        case answering
    }

    /// How many bytes of pipelined requests may wait, beyond the body limit, before the
    /// connection is closed: reading pauses while a request is answered, so only what one read
    /// brought in can pile up.
    private static let waitingSlack = 1 << 20

    private let responder: WireResponder
    private let idleTimeout: TimeAmount
    private var state = State.idle
    private var body: ByteBuffer
    private var requestIDs = RequestIDs()
    private let logsRequests: Bool
    private var waiting = CircularBuffer<HTTPServerRequestPart>()
    private var waitingBytes = 0
    private var draining = false
    private var readPending = false
    private var quiescing = false
    private var lastRead = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?

    init(responder: WireResponder, idleTimeout: TimeAmount) {
        self.responder = responder
        self.idleTimeout = idleTimeout
        self.body = ByteBuffer()
        self.logsRequests = responder.logger.logLevel <= .debug
    }

    func handlerAdded(context: ChannelHandlerContext) {
        body = context.channel.allocator.buffer(capacity: 1024)
        scheduleIdleCheck(in: idleTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        let part = unwrapInboundIn(data)
        switch state {
        case .answering:
            wait(part, context: context)
        case .refusing:
            // A refused request's body may still be arriving: ignored until the connection closes.
            break
        case .idle, .reading:
            handle(part, context: context)
        }
    }

    /// Holds reads while a request is answered, so a pipelining client waits in its socket.
    func read(context: ChannelHandlerContext) {
        if case .answering = state {
            readPending = true
            return
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        quiescing = true
        if case .idle = state, waiting.isEmpty { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Decoder errors were answered before this handler; anything else ends the connection.
        context.close(promise: nil)
    }

    // MARK: Requests

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            if let refusal = responder.refusesLength(head) {
                refuse(refusal, context: context, version: head.version)
                return
            }
            body.clear()
            state = .reading(head)
        case .body(var chunk):
            guard case .reading(let head) = state else { return }
            guard body.readableBytes + chunk.readableBytes <= responder.configuration.maxBodyBytes else {
                refuse(responder.tooLargeBody(), context: context, version: head.version)
                return
            }
            body.writeBuffer(&chunk)
        case .end:
            guard case .reading(let head) = state else { return }
            state = .answering
            let started = logsRequests ? ContinuousClock.now : nil
            let request = WireRequest(head: head, body: body)
            switch responder.respond(to: request, on: context.eventLoop) {
            case .now(let answer):
                write(answer, to: head, context: context, started: started)
            case .later(let future):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                future.whenComplete { result in
                    let (handler, context) = bound.value
                    let answer: WireAnswer
                    switch result {
                    case .success(let given): answer = given
                    case .failure(let error):
                        answer = .error(WireError("InternalServerError", "\(error)", status: 500))
                    }
                    handler.write(answer, to: head, context: context, started: started)
                }
            }
        }
    }

    /// A part of a pipelined request, kept until the one before it is answered.
    private func wait(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        if case .body(let chunk) = part { waitingBytes += chunk.readableBytes }
        guard waitingBytes <= responder.configuration.maxBodyBytes + Self.waitingSlack else {
            context.close(promise: nil)
            return
        }
        waiting.append(part)
    }

    /// Goes on with the requests that waited, then lets reading resume.
    private func drainWaiting(context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while !waiting.isEmpty {
            switch state {
            case .idle, .reading: break
            case .answering, .refusing: return
            }
            let part = waiting.removeFirst()
            if case .body(let chunk) = part { waitingBytes -= chunk.readableBytes }
            handle(part, context: context)
        }
        if readPending, context.channel.isActive {
            readPending = false
            context.read()
        }
    }

    private func refuse(_ answer: WireAnswer, context: ChannelHandlerContext, version: HTTPVersion) {
        state = .refusing
        let head = HTTPRequestHead(version: version, method: .POST, uri: "/", headers: ["connection": "close"])
        write(answer, to: head, context: context, started: nil)
    }

    // MARK: Answers

    private func write(
        _ answer: WireAnswer, to request: HTTPRequestHead, context: ChannelHandlerContext,
        started: ContinuousClock.Instant?
    ) {
        let refusing: Bool
        if case .refusing = state { refusing = true } else { refusing = false }
        let keepAlive = !refusing && !quiescing && request.isKeepAlive
        var buffer = context.channel.allocator.buffer(capacity: answer.body.count + 256)
        buffer.writeStaticString(request.version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        buffer.writeString(String(answer.status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(answer.status.reasonPhrase)
        buffer.writeStaticString("\r\nContent-Type: ")
        buffer.writeString(answer.contentType)
        buffer.writeStaticString("\r\nContent-Length: ")
        buffer.writeString(String(answer.body.count))
        if answer.isProtocol {
            buffer.writeStaticString("\r\nx-amz-crc32: ")
            buffer.writeString(String(CRC32.checksum(answer.body)))
            buffer.writeStaticString("\r\nx-amzn-RequestId: ")
            buffer.writeString(requestIDs.next())
        }
        if !keepAlive {
            buffer.writeStaticString("\r\nConnection: close")
        } else if request.version.minor == 0 {
            buffer.writeStaticString("\r\nConnection: keep-alive")
        }
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeBytes(answer.body)
        let written = context.writeAndFlush(wrapOutboundOut(buffer))
        if let started { log(answer, to: request, started: started) }
        guard keepAlive else {
            // A refused request's body may still be arriving: it is ignored until the connection closes.
            waiting.removeAll()
            written.whenComplete { _ in context.close(promise: nil) }
            return
        }
        state = .idle
        drainWaiting(context: context)
    }

    private func log(_ answer: WireAnswer, to request: HTTPRequestHead, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
        let target = request.headers.first(name: "x-amz-target") ?? request.uri
        let fraction = String(hundredths % 100)
        responder.logger.debug(
            "\(request.method.rawValue) \(target) \(answer.status.code) \(hundredths / 100).\(fraction.count == 1 ? "0" : "")\(fraction) ms"
        )
    }

    // MARK: Idle connections

    private func scheduleIdleCheck(in delay: TimeAmount, context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            checkIdle(context: context)
        }
    }

    /// Closes the connection when nothing was read for the idle timeout and no request is being
    /// answered; otherwise looks again when the timeout would next run out.
    private func checkIdle(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if case .answering = state {
            scheduleIdleCheck(in: idleTimeout, context: context)
            return
        }
        let quiet = NIODeadline.now() - lastRead
        guard quiet < idleTimeout else {
            context.close(promise: nil)
            return
        }
        scheduleIdleCheck(in: idleTimeout - quiet, context: context)
    }
}
