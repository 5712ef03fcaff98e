import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The floor: the least an HTTP/1.1 keep-alive server can do for a request. Plain sockets, a
/// thread a connection, no framework, no parsing beyond finding the end of the headers and the
/// Content-Length; every request is answered with the same fixed 200. Driven by the same client
/// as the servers under test, its latency is what any server on this machine must pay, so each
/// operation's figures are reported as a ratio to it.
final class FloorServer: Sendable {
    let port: Int
    private let listener: Int32

    private static let answer = Array(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}".utf8)

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 128) == 0 else {
            throw BlockingHTTPConnection.Failure.connect("the floor server cannot listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread.detachNewThread { Self.serve(connection) }
            }
        }
    }

    /// Answers requests on one connection until the client closes it.
    private static func serve(_ connection: Int32) {
        defer { close(connection) }
        var noDelay: Int32 = 1
        setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var filled = 0
        while true {
            // A request is its headers, up to the blank line, and Content-Length bytes of body.
            var needed: Int?
            while true {
                if needed == nil, let end = headerEnd(buffer, filled) {
                    needed = end + contentLength(buffer, end)
                }
                if let needed, filled >= needed { break }
                guard filled < buffer.count else { return }
                let received = buffer.withUnsafeMutableBytes {
                    recv(connection, $0.baseAddress! + filled, $0.count - filled, 0)
                }
                guard received > 0 else { return }
                filled += received
            }
            let used = needed ?? filled
            let sent = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == answer.count else { return }
            buffer.withUnsafeMutableBytes { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + used, filled - used)
            }
            filled -= used
        }
    }

    /// The offset just past the CR LF CR LF that ends the headers.
    private static func headerEnd(_ buffer: [UInt8], _ filled: Int) -> Int? {
        guard filled >= 4 else { return nil }
        for index in 3..<filled
        where buffer[index] == 10 && buffer[index - 1] == 13 && buffer[index - 2] == 10 && buffer[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    /// The Content-Length among the headers, 0 when there is none.
    private static func contentLength(_ buffer: [UInt8], _ end: Int) -> Int {
        let head = String(decoding: buffer[0..<end], as: UTF8.self).lowercased()
        guard let range = head.range(of: "\r\ncontent-length:") else { return 0 }
        return Int(head[range.upperBound...].prefix { $0 != "\r" }.trimmingCharacters(in: .whitespaces)) ?? 0
    }
}
