import HummingbirdCore
import Logging
import NIOCore

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
        /// Reading a request's headers; `tail` holds the last bytes seen, for an end marker split
        /// across reads.
        case readingHead(tail: [UInt8])
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
            startClock(context: context)
            state = .readingHead(tail: [])
            scan(bytes, tail: [])
        case .readingHead(let tail):
            scan(bytes, tail: tail)
        case .inRequest:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A response under way: whatever arrives next is the next request.
        if case .inRequest = state { state = .waiting }
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
    private func scan(_ bytes: ByteBuffer, tail: [UInt8]) {
        let marker: [UInt8] = [13, 10, 13, 10]
        var window = tail
        for byte in bytes.readableBytesView {
            window.append(byte)
            if window.count > 4 { window.removeFirst(window.count - 4) }
            if window == marker {
                stopClock()
                state = .inRequest
                return
            }
        }
        state = .readingHead(tail: window)
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

/// HTTP/1.1 with a deadline on each request's headers in front of the decoder.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(timeout: headerTimeout))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
