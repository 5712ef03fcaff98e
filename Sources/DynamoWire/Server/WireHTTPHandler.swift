import Logging
import NIOCore
import NIOHTTP1

/// One connection's requests: gathers each request's head and body, hands the whole request to
/// the responder, and writes its answer. The pipelining handler before it delivers one request
/// at a time and closes a connection asked to quiesce once its answer is out.
final class WireHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

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

    private let responder: WireResponder
    private var state = State.idle
    private var body: ByteBuffer
    private var requestIDs = RequestIDs()
    private let logsRequests: Bool

    init(responder: WireResponder) {
        self.responder = responder
        self.body = ByteBuffer()
        self.logsRequests = responder.logger.logLevel <= .debug
    }

    func handlerAdded(context: ChannelHandlerContext) {
        body = context.channel.allocator.buffer(capacity: 1024)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
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

    /// A connection with no request in flight for the idle timeout is closed; one whose request
    /// is being answered is not, however long the answer takes.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if case .answering = state { return }
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Decoder errors were answered before this handler; anything else ends the connection.
        context.close(promise: nil)
    }

    private func refuse(_ answer: WireAnswer, context: ChannelHandlerContext, version: HTTPVersion) {
        state = .refusing
        let head = HTTPRequestHead(version: version, method: .POST, uri: "/", headers: ["connection": "close"])
        write(answer, to: head, context: context, started: nil)
    }

    private func write(
        _ answer: WireAnswer, to request: HTTPRequestHead, context: ChannelHandlerContext,
        started: ContinuousClock.Instant?
    ) {
        let refusing: Bool
        if case .refusing = state { refusing = true } else { refusing = false }
        let keepAlive = !refusing && request.isKeepAlive
        var headers = HTTPHeaders()
        headers.reserveCapacity(6)
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        if answer.isProtocol {
            headers.add(name: "x-amz-crc32", value: String(CRC32.checksum(answer.body)))
            headers.add(name: "x-amzn-RequestId", value: requestIDs.next())
        }
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if request.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: request.version, status: answer.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
        buffer.writeBytes(answer.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { written.whenComplete { _ in context.close(promise: nil) } }
        // A refused request's body may still be arriving: it is ignored until the connection closes.
        if !refusing { state = .idle }
        if let started {
            let elapsed = ContinuousClock.now - started
            let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
            let target = request.headers.first(name: "x-amz-target") ?? request.uri
            let fraction = String(hundredths % 100)
            responder.logger.debug(
                "\(request.method.rawValue) \(target) \(answer.status.code) \(hundredths / 100).\(fraction.count == 1 ? "0" : "")\(fraction) ms"
            )
        }
    }
}
