import ArgumentParser
import DynamoWire
import Foundation
import Logging
import PartitionStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the store over the DynamoDB JSON protocol, for AWS SDKs and the AWS CLI.",
        discussion: """
            Point any DynamoDB client at it, e.g. `aws dynamodb list-tables --endpoint-url http://127.0.0.1:8000`.
            By default any signed request is accepted, as DynamoDB Local does; with --credentials the server
            verifies SigV4 signatures against the access keys in that file (AWS shared-credentials format),
            and with --policies as well, each request is judged by the IAM policies of the key that signed
            it (dynamodb:LeadingKeys, dynamodb:Attributes and the other fine-grained access keys) before it
            runs; see docs/access-policies.md.
            Stops on Ctrl-C or SIGTERM after finishing the requests in flight.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to bind. Loopback unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (the startup line names it).")
    var port = 8000

    @Option(help: "Verify request signatures against the access keys in this file (AWS credentials format).")
    var credentials: String?

    @Option(
        help: ArgumentHelp(
            "Judge every request by IAM policies: a JSON file mapping each access key of --credentials to its policy documents.",
            valueName: "file"))
    var policies: String?

    @Option(
        name: .customLong("signing-region"),
        help: "The region the endpoint serves: with --credentials, a signature scoped to another is refused.")
    var region = "us-east-1"

    @Option(help: "Log level: trace, debug (one line per request), info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "Worker threads that run store work.")
    var workers = 64

    @Option(
        help: "Seconds a connection may send nothing (between requests, or in the middle of one) before it is closed.")
    var idleTimeout = 60.0

    @Option(help: "Connections served at once; more wait to be accepted.")
    var maxConnections = 1024

    @Option(help: "Seconds a request's headers may take to arrive, from its first byte.")
    var headerTimeout = 10.0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard headerTimeout > 0, headerTimeout <= 3600 else {
            throw ValidationError("--header-timeout must be between 0 and 3600 seconds")
        }
        guard idleTimeout > 0, idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout must be between 0 and 86400 seconds")
        }
        guard (1...1_000_000).contains(maxConnections) else {
            throw ValidationError("--max-connections must be between 1 and 1000000")
        }
        if policies != nil, credentials == nil {
            throw ValidationError(
                "--policies needs --credentials: policies belong to access keys, and only a verified signature says which key sent a request"
            )
        }
        guard (1...1024).contains(workers) else { throw ValidationError("--workers must be between 1 and 1024") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "vaultdesk.serve")
        let verifier: SignatureVerifier?
        if let credentials {
            verifier = SignatureVerifier(credentials: try CredentialStore(contentsOf: credentials), region: region)
        } else {
            verifier = nil
        }
        let policySet: PolicySet?
        do {
            policySet = try policies.map { file throws(PolicyError) in try PolicySet(contentsOf: file, region: region) }
        } catch {
            throw ValidationError("The policy file is not usable: \(error)")
        }
        // ARNs and stream records name the region the endpoint serves, as DynamoDB's do.
        var configuration = store.configuration
        configuration.region = region
        let opened = try PartitionStore(path: store.path, configuration: configuration)
        let server = WireServer(
            service: WireService(store: opened, endpointAddress: "\(host):\(port)", policies: policySet),
            configuration: WireServer.Configuration(
                host: host, port: port, workerThreads: workers, verifier: verifier,
                idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), maxConnections: maxConnections,
                headerTimeout: .milliseconds(Int64(headerTimeout * 1000))),
            logger: logger)
        let path = opened.path
        let durability = opened.configuration.durability.rawValue
        let signing =
            verifier == nil
            ? "any signature accepted"
            : "signatures verified against \(verifier?.credentials.secrets.count ?? 0) access key(s) in \(region)"
                + (policySet.map { ", requests judged by the policies of \($0.policies.count) key(s)" } ?? "")
        try await server.run { boundHost, boundPort in
            logger.info(
                "listening on http://\(boundHost):\(boundPort) — store \(path) (durability \(durability)), \(signing)")
        }
        let statistics = opened.commitStatistics
        logger.info("stopped; \(statistics.writes) item writes in \(statistics.commits) commits")
    }
}
