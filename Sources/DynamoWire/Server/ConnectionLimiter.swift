import NIOCore

/// Holds the number of open connections at the cap: at the cap the listening socket stops
/// accepting, so further connections wait in the kernel's backlog (costing nothing) until one
/// closes. Sits on the server channel, where each accepted connection arrives as a read.
final class ConnectionLimiter: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let maximum: Int
    private var open = 0

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        open += 1
        if open >= maximum { context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        connection.closeFuture.hop(to: context.eventLoop).whenComplete { _ in
            let (limiter, context) = loopBound.value
            limiter.closed(context: context)
        }
        context.fireChannelRead(data)
    }

    private func closed(context: ChannelHandlerContext) {
        open -= 1
        guard open == maximum - 1 else { return }
        context.channel.setOption(ChannelOptions.autoRead, value: true).whenSuccess { context.read() }
    }
}
