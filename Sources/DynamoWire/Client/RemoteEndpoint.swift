import Foundation

/// Where a remote store sends its requests, and as whom: a DynamoDB endpoint (AWS, DynamoDB
/// Local, ScyllaDB Alternator, `vaultdesk serve`, moto) with its region and credentials.
public struct RemoteEndpoint: Sendable, CustomStringConvertible {
    /// The DynamoDB endpoint, `http` or `https`, with an optional path prefix.
    public var url: URL
    /// The endpoint of the Streams API: on AWS its own host, elsewhere the same as `url`.
    public var streamsURL: URL
    public var region: String
    public var credentials: AWSCredentials
    public var retryPolicy: RetryPolicy
    /// How long one attempt may take before it counts as a connection failure and is retried.
    public var attemptTimeout: Duration

    public init(
        url: URL, region: String, credentials: AWSCredentials, retryPolicy: RetryPolicy = RetryPolicy(),
        attemptTimeout: Duration = .seconds(10)
    ) throws(AWSConfigurationError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host,
            !host.isEmpty
        else {
            throw AWSConfigurationError(
                description: "The endpoint \(url.absoluteString) is not an http:// or https:// URL with a host")
        }
        guard !region.isEmpty else { throw AWSConfigurationError(description: "The region is empty") }
        self.url = url
        self.region = region
        self.credentials = credentials
        self.retryPolicy = retryPolicy
        self.attemptTimeout = attemptTimeout
        self.streamsURL = Self.streamsURL(for: url, region: region)
    }

    /// DynamoDB's own endpoint in a region.
    public static func aws(region: String) -> URL? {
        URL(string: "https://dynamodb.\(region).amazonaws.com")
    }

    /// AWS serves Streams at `streams.dynamodb.REGION.amazonaws.com`; emulators serve both APIs
    /// on one address.
    static func streamsURL(for url: URL, region: String) -> URL {
        guard let host = url.host, host.hasPrefix("dynamodb."), host.hasSuffix(".amazonaws.com"),
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else { return url }
        components.host = "streams." + host
        return components.url ?? url
    }

    /// The endpoint without credentials, for status lines and logs.
    public var description: String { "\(url.absoluteString) (\(region))" }
}
