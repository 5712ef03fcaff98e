import DynamoWire
import Foundation
import PartitionStore
import TestSupport
import Testing

/// Where the conformance suite runs its cases: the embedded store in-process, `vaultdesk serve`
/// through the remote client, and moto's DynamoDB emulator through the remote client.
enum ConformanceTarget: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded, serve, moto

    var testDescription: String { rawValue }

    /// A store on this target, and where its changes come from.
    func open() async throws -> (store: any ItemStore, changes: any ChangeSource) {
        switch self {
        case .embedded:
            let store = try await TestEndpoints.shared.embedded()
            return (store, store)
        case .serve, .moto:
            let url = self == .serve ? try await TestEndpoints.shared.serve() : try await TestEndpoints.shared.moto()
            let connection = RemoteConnection(endpoint: try TestEndpoints.endpoint(url))
            return (
                RemoteItemStore(connection: connection),
                RemoteChangeSource(api: RemoteStreamsClient(connection: connection), pollInterval: .milliseconds(50))
            )
        }
    }
}

/// The endpoints, each started once for the test run and stopped when it ends.
actor TestEndpoints {
    static let shared = TestEndpoints()

    private var store: PartitionStore?
    private var serveURL: URL?
    private var motoURL: URL?
    private var madeDirectory: URL?

    /// This run's folder for the endpoints' store files, made at first use.
    func directory() throws -> URL {
        if let madeDirectory { return madeDirectory }
        let made = try ProcessScratch.folder("conformance")
        madeDirectory = made
        return made
    }

    func embedded() throws -> PartitionStore {
        if let store { return store }
        let directory = try directory()
        let opened = try PartitionStore(
            path: directory.appendingPathComponent("embedded.db").path,
            configuration: StoreConfiguration(durability: .normal))
        store = opened
        return opened
    }

    static func endpoint(_ url: URL) throws -> RemoteEndpoint {
        try RemoteEndpoint(
            url: url, region: "us-east-1",
            credentials: AWSCredentials(accessKeyId: "conformance", secretAccessKey: "conformance"),
            retryPolicy: RetryPolicy(maxAttempts: 3, maxTotal: .seconds(5)))
    }

    private var extraServers: [String: URL] = [:]

    /// `vaultdesk serve` on a free port, which its startup line names.
    func serve() async throws -> URL {
        if let serveURL { return serveURL }
        let url = try await startServe(extra: [], name: "served")
        serveURL = url
        return url
    }

    /// Another `vaultdesk serve` with options of its own (`--credentials`), on its own store.
    func serve(extra: [String], name: String) async throws -> URL {
        if let url = extraServers[name] { return url }
        let url = try await startServe(extra: extra, name: name)
        extraServers[name] = url
        return url
    }

    private func startServe(extra: [String], name: String) async throws -> URL {
        let directory = try directory()
        return try await ServedEndpoint.serve(
            store: directory.appendingPathComponent("\(name).db").path,
            log: directory.appendingPathComponent("\(name).log").path, extra: extra
        ).url
    }

    /// moto's server (`pip install 'moto[server]'`) on a free port.
    func moto() async throws -> URL {
        if let motoURL { return motoURL }
        let directory = try directory()
        let port = try Self.freePort()
        let log = directory.appendingPathComponent("moto.log").path
        _ = try ChildProcess.spawnTiedToLife(["moto_server", "-H", "127.0.0.1", "-p", "\(port)"], output: log)
        let url = try await ServedEndpoint.waitForURL(in: log, what: "moto_server (pip install 'moto[server]')") {
            text in
            text.contains("Running on") ? URL(string: "http://127.0.0.1:\(port)") : nil
        }
        motoURL = url
        return url
    }

    /// A port nothing listens on now: bind to port 0, read the port, close.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ChildProcess.Failure(description: "socket failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ChildProcess.Failure(description: "bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A table name no other case uses, so cases run side by side on one endpoint.
func uniqueTable(_ purpose: String) -> String {
    "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
}
