import Logging
import NIOCore
import NIOHTTP1

/// Closes a connection whose request headers do not arrive in time. An idle timeout alone does
/// not stop a client that sends its headers a byte at a time, holding a connection (and a place
/// under the connection cap) for as long as it likes. This handler sits before the HTTP decoder
/// and sees the raw bytes: the clock starts with the first byte of a request and stops at the
/// blank line that ends its headers; a response written makes the next bytes a new request.
final class RequestHeadDeadline: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Between requests: the next byte starts one.
        case waiting
        /// Reading a request's headers; `matched` counts the bytes of the end marker
        /// (CR LF CR LF) seen so far, for one split across reads.
        case readingHead(matched: Int)
        /// The headers are in; the body and the response follow.
        case inRequest
    }

    private let timeout: TimeAmount
    private var state = State.waiting
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        switch state {
        case .waiting:
            guard bytes.readableBytes > 0 else { break }
            responding = false
            state = .readingHead(matched: 0)
            scan(bytes, matched: 0)
            // Headers that arrived whole in one read need no clock: most requests, every time.
            if case .readingHead = state { startClock(context: context) }
        case .readingHead(let matched):
            scan(bytes, matched: matched)
        case .inRequest:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A malformed request was answered here: nothing more is written on this connection.
        if answeredMalformed {
            promise?.succeed()
            return
        }
        // A response under way: whatever arrives next is the next request.
        if case .inRequest = state { state = .waiting }
        responding = true
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    /// Looks for the blank line (CR LF CR LF) that ends the headers.
    /// Looks for the blank line that ends the headers, carrying how much of CR LF CR LF the
    /// last read ended with.
    private func scan(_ bytes: ByteBuffer, matched: Int) {
        var matched = matched
        for byte in bytes.readableBytesView {
            let expected: UInt8 = matched % 2 == 0 ? 13 : 10
            if byte == expected {
                matched += 1
                if matched == 4 {
                    stopClock()
                    state = .inRequest
                    return
                }
            } else {
                matched = byte == 13 ? 1 : 0
            }
        }
        state = .readingHead(matched: matched)
    }

    // MARK: Malformed requests

    /// Whether a response may still be written: none of this request's has started.
    private var responding = false
    /// Set once a malformed request has been answered; the connection is closing.
    private var answeredMalformed = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// Answers a request the HTTP decoder could not read with a DynamoDB-style error body, when
    /// no response has started, then closes: the bytes that follow cannot be trusted to start a
    /// request.
    func answerMalformed(_ error: HTTPParserError) {
        guard let context else { return }
        guard !responding else {
            context.close(promise: nil)
            return
        }
        let (status, reason) = Self.describe(error)
        let body = JSONWriter.encode(
            .object([
                "__type": .string(WireError.typePrefix + "SerializationException"),
                "message": .string("The request is not valid HTTP/1.1: \(reason)"),
            ]))
        var buffer = context.channel.allocator.buffer(capacity: body.count + 160)
        buffer.writeString(
            "HTTP/1.1 \(status)\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        )
        buffer.writeBytes(body)
        responding = true
        answeredMalformed = true
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    static func describe(_ error: HTTPParserError) -> (status: String, reason: String) {
        switch error {
        case .headerOverflow: ("431 Request Header Fields Too Large", "a header line or the headers are too long")
        case .invalidContentLength: ("400 Bad Request", "the Content-Length is not a length")
        case .unexpectedContentLength:
            (
                "400 Bad Request",
                "the request carries both Content-Length and Transfer-Encoding, or more than one length"
            )
        case .invalidHeaderToken, .invalidCharactersUsed, .strictModeAssertion, .lfExpected:
            ("400 Bad Request", "a header holds characters that HTTP does not allow")
        case .invalidMethod: ("400 Bad Request", "the method is not an HTTP method")
        case .invalidURL: ("400 Bad Request", "the request target is not a URL path")
        case .invalidVersion: ("505 HTTP Version Not Supported", "the version is not HTTP/1.1")
        case .invalidChunkSize: ("400 Bad Request", "a chunk size is not a number")
        default: ("400 Bad Request", "\(error)")
        }
    }

    private func startClock(context: ChannelHandlerContext) {
        stopClock()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Hears the HTTP decoder's errors and has the head of the pipeline answer them.
final class MalformedRequestAnswer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let head: RequestHeadDeadline

    init(head: RequestHeadDeadline) {
        self.head = head
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Answered, and the connection closed once the answer is out; the handlers after this
        // one would close it at once.
        if let error = error as? HTTPParserError {
            head.answerMalformed(error)
            return
        }
        context.fireErrorCaught(error)
    }
}
