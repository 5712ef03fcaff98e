import DynamoWire
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client on one keep-alive connection: the cheapest possible load
/// generator, so that what is measured is the server, not the client. When a server answers
/// `Connection: close` (moto's does) the next request opens a new connection, as any client must.
final class BlockingHTTPConnection {
    enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case io(String)
        case protocolError(String)
        var description: String {
            switch self {
            case .connect(let text), .io(let text), .protocolError(let text): text
            }
        }
    }

    private var socketDescriptor: Int32 = -1
    private var mustReconnect = false
    private let host: String
    private let port: Int
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var pending: [UInt8] = []
    /// Signs every request for real when set; otherwise a fixed Authorization header is sent,
    /// which an endpoint without --credentials accepts.
    private let signer: SigV4Signer?

    init(host: String, port: Int, signer: SigV4Signer? = nil) throws {
        self.host = host
        self.port = port
        self.signer = signer
        try open()
    }

    private func open() throws {
        pending.removeAll()
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure.connect("socket() failed") }
        var noDelay: Int32 = 1
        setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socketDescriptor)
            throw Failure.connect("cannot connect to \(host):\(port): errno \(errno)")
        }
    }

    deinit { close(socketDescriptor) }

    /// Sends `GET path` (the health check) and returns the status and body.
    func get(path: String = "/") throws -> (status: Int, body: [UInt8]) {
        try reconnectIfNeeded()
        try write(Array("GET \(path) HTTP/1.1\r\nhost: \(host):\(port)\r\n\r\n".utf8))
        return try readResponse()
    }

    private func reconnectIfNeeded() throws {
        guard mustReconnect else { return }
        close(socketDescriptor)
        try open()
        mustReconnect = false
    }

    /// Sends a DynamoDB JSON request and returns the status and body.
    func post(target: String, body: String) throws -> (status: Int, body: [UInt8]) {
        try reconnectIfNeeded()
        let payload = Array(body.utf8)
        var head = "POST / HTTP/1.1\r\n"
        let headers: [(name: String, value: String)] = [
            (name: "host", value: "\(host):\(port)"), (name: "content-type", value: "application/x-amz-json-1.0"),
            (name: "x-amz-target", value: target),
        ]
        if let signer {
            for header in signer.sign(method: "POST", path: "/", headers: headers, body: payload) {
                head += "\(header.name): \(header.value)\r\n"
            }
        } else {
            for header in headers { head += "\(header.name): \(header.value)\r\n" }
            head +=
                "X-Amz-Date: 20261121T000000Z\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n"
        }
        head += "Content-Length: \(payload.count)\r\n\r\n"
        try write(Array(head.utf8) + payload)
        return try readResponse()
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure.io("send failed: errno \(errno)") }
            offset += sent
        }
    }

    private func fill() throws {
        let received = recv(socketDescriptor, &buffer, buffer.count, 0)
        guard received > 0 else {
            throw Failure.io(received == 0 ? "connection closed by server" : "recv failed: errno \(errno)")
        }
        pending.append(contentsOf: buffer[0..<received])
    }

    private func readResponse() throws -> (status: Int, body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if let range = pending.firstRange(of: separator) { headerEnd = range.lowerBound } else { try fill() }
        }
        guard let headerEnd else { throw Failure.protocolError("no header end") }
        let headerText = String(decoding: pending[0..<headerEnd], as: UTF8.self)
        let lines = headerText.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else {
            throw Failure.protocolError("bad status line: \(headerText.prefix(80))")
        }
        var length = 0
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
            if parts.count == 2, parts[0].lowercased() == "connection", parts[1].lowercased().contains("close") {
                mustReconnect = true
            }
        }
        let bodyStart = headerEnd + 4
        while pending.count < bodyStart + length { try fill() }
        let body = Array(pending[bodyStart..<(bodyStart + length)])
        pending.removeFirst(bodyStart + length)
        return (status, body)
    }
}
