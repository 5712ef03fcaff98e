import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartitionStore

/// Sends signed DynamoDB JSON 1.0 requests to one endpoint and reads the answers, retrying what
/// may be retried. Every failure comes out as a `StoreError`, so callers of the store protocol
/// handle a remote store exactly as the embedded one.
public struct RemoteConnection: Sendable {
    public let endpoint: RemoteEndpoint
    let client: HTTPClient
    /// Waits between retries; tests pass one that does not sleep.
    let sleep: @Sendable (Duration) async throws -> Void

    /// The largest answer read; DynamoDB's own answers stay under 16 MB.
    static let maxResponseBytes = 64 << 20

    /// One client for the process. It does not retry failed connections itself: the retry policy
    /// does, within its time bound, so an endpoint that refuses connections is reported in
    /// moments rather than after each attempt's whole timeout.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(
        endpoint: RemoteEndpoint, client: HTTPClient = RemoteConnection.sharedClient,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.endpoint = endpoint
        self.client = client
        self.sleep = sleep
    }

    /// Sends one operation through its codec: a request the codec refuses is the caller's
    /// mistake (a validation error, never sent); an answer that does not read as the output is
    /// the endpoint's fault.
    public func call<Operation: WireCodable>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
        let body: JSONValue
        do {
            body = try operation.wireRequest()
        } catch {
            throw StoreError(.validation, error.message)
        }
        let url = Operation.name.isStreams ? endpoint.streamsURL : endpoint.url
        let answer = try await send(target: Operation.name.target, url: url, body: body)
        do {
            return try Operation.output(wire: WireObject(answer))
        } catch {
            throw StoreError(.internalFailure, "The endpoint's answer could not be read: \(error.message)")
        }
    }

    func send(target: String, url: URL, body: JSONValue) async throws(StoreError) -> JSONValue {
        let bytes = JSONWriter.encode(body)
        let outcome: Result<JSONValue, StoreError>
        do {
            outcome = try await endpoint.retryPolicy.run(sleep: sleep) {
                () async throws(RemoteCallError) -> Result<JSONValue, StoreError> in
                try await attempt(target: target, url: url, bytes: bytes)
            }
        } catch {
            throw Self.storeError(error)
        }
        return try outcome.get()
    }

    /// One attempt. A store error in the answer is a result, not a throw, so the retry policy
    /// sees only what it may retry.
    func attempt(
        target: String, url: URL, bytes: [UInt8]
    ) async throws(RemoteCallError) -> Result<JSONValue, StoreError> {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        let path = url.path.isEmpty ? "/" : url.path
        var headers: [(name: String, value: String)] = [
            ("host", Self.hostHeader(url)),
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", target),
        ]
        headers = SigV4Signer(credentials: endpoint.credentials, region: endpoint.region).sign(
            method: "POST", path: path, headers: headers, body: bytes)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let status: Int
        let answer: ByteBuffer
        do {
            let seconds = endpoint.attemptTimeout.components.seconds
            let response = try await client.execute(request, timeout: .seconds(max(1, seconds)))
            status = Int(response.status.code)
            answer = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            if Task.isCancelled || error is CancellationError { return .failure(Self.cancelled) }
            throw .connection(Self.describe(error))
        }
        let json = try? JSONParser.parse(Array(answer.readableBytesView))
        guard status == 200 else {
            switch RemoteErrors.error(status: status, body: json) {
            case let error as StoreError: return .failure(error)
            case let error as RemoteCallError: throw error
            default: throw .service(type: "HTTP\(status)", message: "HTTP status \(status)", status: status)
            }
        }
        guard let json else {
            return .failure(
                StoreError(.internalFailure, "The endpoint answered \(target) with a body that is not JSON"))
        }
        return .success(json)
    }

    static let cancelled = StoreError(.serviceUnavailable, "The request was cancelled")

    /// `Host` as the signature and the endpoint see it: the port only when it is not the scheme's.
    static func hostHeader(_ url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let standard =
            (url.scheme?.lowercased() == "https" && port == 443) || (url.scheme?.lowercased() == "http" && port == 80)
        return standard ? host : "\(host):\(port)"
    }

    /// A connection failure in a line, without the request (which carries the signature).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }

    /// What the retries ended with, as the store's typed error.
    static func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case RemoteCallError.service(let type, let message, let status):
            if accessTypes.contains(type) { return StoreError(.accessDenied, "\(type): \(message)") }
            if status >= 500 { return StoreError(.serviceUnavailable, "\(type): \(message)") }
            return StoreError(.validation, "\(type): \(message)")
        case RemoteCallError.connection(let reason):
            return StoreError(.serviceUnavailable, "Could not reach the endpoint: \(reason)")
        case RemoteCallError.gaveUp(let attempts, let last):
            var throttled = false
            if case .service(let type, _, _) = last { throttled = RetryPolicy.throttlingTypes.contains(type) }
            return StoreError(
                throttled ? .throttled : .serviceUnavailable,
                "Gave up after \(attempts) attempts; the last failure: \(last)")
        case is CancellationError:
            return cancelled
        default:
            return StoreError(.serviceUnavailable, String(describing: error))
        }
    }

    /// The error types with which AWS refuses who is asking rather than what is asked.
    static let accessTypes: Set<String> = [
        "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    ]
}
