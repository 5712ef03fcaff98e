import Foundation

/// What a call to a remote DynamoDB endpoint can fail with.
public enum RemoteCallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The service answered with an error: its type (`ProvisionedThroughputExceededException`),
    /// its message, and the HTTP status.
    case service(type: String, message: String, status: Int)
    /// No answer: the connection failed or broke.
    case connection(String)
    /// Retries ran out of attempts or time; the last failure.
    indirect case gaveUp(after: Int, last: RemoteCallError)

    public var description: String {
        switch self {
        case .service(let type, let message, _): "\(type): \(message)"
        case .connection(let reason): "Connection failed: \(reason)"
        case .gaveUp(let attempts, let last): "Gave up after \(attempts) attempts: \(last)"
        }
    }
}

/// When and how long to retry a remote call: throttling, server errors (5xx) and connection
/// failures are retried with exponential backoff and full jitter, within a bounded total time;
/// anything else surfaces at once, with DynamoDB's own message.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// The first retry waits up to this; each further one up to twice as long, to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry starts after this much time since the first attempt.
    public var maxTotal: Duration

    public init(
        maxAttempts: Int = 10, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(5),
        maxTotal: Duration = .seconds(20)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotal = maxTotal
    }

    static let throttlingTypes: Set<String> = [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "Throttling",
        "TransactionInProgressException", "LimitExceededException",
    ]

    public static func isRetryable(_ error: RemoteCallError) -> Bool {
        switch error {
        case .service(let type, _, let status): throttlingTypes.contains(type) || status >= 500
        case .connection: true
        case .gaveUp: false
        }
    }

    /// How long to wait before retry number `retry` (1 for the first): a random time up to the
    /// exponential cap (full jitter), so clients that failed together do not retry together.
    public func delay<R: RandomNumberGenerator>(beforeRetry retry: Int, using random: inout R) -> Duration {
        let base = Double(baseDelay.components.seconds) + Double(baseDelay.components.attoseconds) / 1e18
        let cap = Double(maxDelay.components.seconds) + Double(maxDelay.components.attoseconds) / 1e18
        let ceiling = min(cap, base * pow(2, Double(max(0, retry - 1))))
        return .nanoseconds(Int64(Double.random(in: 0...ceiling, using: &random) * 1e9))
    }

    /// Runs `call`, retrying what may be retried. `sleep` waits (a test passes one that records).
    public func run<T: Sendable>(
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ call: @Sendable () async throws(RemoteCallError) -> T
    ) async throws -> T {
        var random = SystemRandomNumberGenerator()
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await call()
            } catch {
                guard Self.isRetryable(error) else { throw error }
                let wait = delay(beforeRetry: attempt, using: &random)
                guard attempt < maxAttempts, ContinuousClock.now - started + wait <= maxTotal else {
                    throw RemoteCallError.gaveUp(after: attempt, last: error)
                }
                try await sleep(wait)
            }
        }
    }
}
