import ArgumentParser
import DynamoWire
import Foundation
import PartitionStore
import VaultRepository

/// Options that point a command at a DynamoDB endpoint instead of a store file.
struct RemoteOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A DynamoDB endpoint (https://dynamodb.eu-west-1.amazonaws.com, http://localhost:8000 for DynamoDB Local or `vaultdesk serve`); instead of --store.",
            valueName: "URL"))
    var endpoint: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The endpoint's region (default: $AWS_REGION, else the profile's region). With no --endpoint, DynamoDB's own endpoint in this region.",
            valueName: "REGION"))
    var region: String?

    @Option(name: .long, help: ArgumentHelp("The table holding VaultDesk's data.", valueName: "NAME"))
    var table: String = "vaultdesk"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The AWS profile whose credentials and region to use (default: $AWS_PROFILE, else default).",
            valueName: "NAME"))
    var profile: String?

    var isRemote: Bool { endpoint != nil || region != nil }

    /// These options as typed, for commands shown to the user.
    var commandLine: String {
        var parts: [String] = []
        if let endpoint { parts += ["--endpoint", endpoint] }
        if let region { parts += ["--region", region] }
        if table != "vaultdesk" { parts += ["--table", table] }
        if let profile { parts += ["--profile", profile] }
        return parts.map { " " + $0 }.joined()
    }

    func validate() throws {
        guard !table.isEmpty else { throw ValidationError("--table must not be empty") }
    }

    /// Resolves the endpoint, region and credentials (credentials never appear in errors or output).
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RemoteEndpoint {
        var configuration = AWSConfiguration(environment: environment)
        if let profile { configuration.environment["AWS_PROFILE"] = profile }
        do {
            guard let region = try region ?? configuration.region() else {
                throw CommandFailure(
                    "No region: give --region, set AWS_REGION, or set one for profile \(configuration.profile) in ~/.aws/config"
                )
            }
            let address = endpoint ?? RemoteEndpoint.aws(region: region)?.absoluteString ?? ""
            guard let url = URL(string: address) else { throw CommandFailure("--endpoint \(address) is not a URL") }
            let credentials: AWSCredentials
            do {
                credentials = try configuration.credentials()
            } catch {
                throw CommandFailure(
                    "\(error). Any non-empty pair works with `vaultdesk serve` (without --credentials) and DynamoDB Local."
                )
            }
            var retries = RetryPolicy()
            if let attempts = try configuration.maxAttempts() { retries.maxAttempts = attempts }
            return try RemoteEndpoint(url: url, region: region, credentials: credentials, retryPolicy: retries)
        } catch let error as AWSConfigurationError {
            throw CommandFailure(error.description)
        }
    }
}

/// The store a command works on: a store file, or a DynamoDB endpoint.
struct StoreTarget {
    let store: any ItemStore
    let changes: any ChangeSource
    /// What the console's status line and the printed summaries call it.
    let label: String
    /// The store file, when it is one.
    let file: PartitionStore?

    static func remote(_ options: RemoteOptions) throws -> StoreTarget {
        let endpoint = try options.resolve()
        let connection = RemoteConnection(endpoint: endpoint)
        return StoreTarget(
            store: RemoteItemStore(connection: connection),
            changes: RemoteChangeSource(api: RemoteStreamsClient(connection: connection)),
            label: "\(endpoint.url.host ?? endpoint.url.absoluteString) · \(options.table)", file: nil)
    }

    static func file(_ store: PartitionStore) -> StoreTarget {
        StoreTarget(store: store, changes: store, label: store.path, file: store)
    }

    /// The endpoint, or the existing store file: reading commands create nothing.
    static func existing(_ store: StoreOptions, _ remote: RemoteOptions) throws -> StoreTarget {
        remote.isRemote ? try .remote(remote) : .file(try store.openExisting())
    }

    /// A repository on the target's table, after checking the table is there and (unless
    /// `upgrading` is false) follows the current key design.
    func repository(table: String, upgrading: Bool = true) async throws -> VaultRepository {
        let repository = VaultRepository(store: store, tableName: table)
        if try await !repository.tableExists() {
            throw CommandFailure(
                "There is no table \(table) at \(label). `vaultdesk provision` creates it; `vaultdesk seed` creates and fills it with demo data."
            )
        }
        if upgrading { try await ensureCurrent(repository) }
        return repository
    }

    /// A store file written by an earlier version is upgraded on the spot (with progress); an
    /// endpoint's table is left to `vaultdesk upgrade`, which its owner runs. A key that may not
    /// read the version marker (one held to some tenants) cannot tell, and goes on.
    func ensureCurrent(_ repository: VaultRepository) async throws {
        let version: Int
        do {
            version = try await repository.dataModelVersion()
        } catch let error as StoreError where error.code == .accessDenied {
            return
        }
        guard version < VaultRepository.currentDataModelVersion else { return }
        guard file != nil else {
            throw CommandFailure(
                "The table \(repository.tableName) at \(label) follows VaultDesk's key design version \(version); this version needs \(VaultRepository.currentDataModelVersion). Run `vaultdesk upgrade` with the same --endpoint and --table (safe while applications write)."
            )
        }
        FileHandle.standardError.write(
            Data(
                "\(label) was written by an earlier VaultDesk: giving statements and users their tenant-scoped lookup entries (once).\n"
                    .utf8))
        _ = try await Upgrade.upgrade(repository, at: label)
    }
}
