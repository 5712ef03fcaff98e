import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

struct Provision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create VaultDesk's table with its indexes, stream and TTL on a DynamoDB endpoint (or a store file).",
        discussion: """
            Idempotent: a table that is already as VaultDesk needs it is left alone (TTL is switched on if it is off);
            a table that differs is reported, nothing is changed, and the exit status is 1. On DynamoDB, waits until the
            table and its indexes are ACTIVE. The table: keys pk and sk (strings), global indexes gsi1, gsi2 and gsi3
            (all attributes projected), on-demand billing, a stream of new and old images, TTL on expires_at.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let target = remote.isRemote ? try StoreTarget.remote(remote) : .file(try store.open())
        let repository = VaultRepository(store: target.store, tableName: remote.table)
        switch try await repository.provisionTable(progress: Self.report) {
        case .created(let table):
            print("Created \(Self.describe(table)) at \(target.label).")
        case .ready(let table, let changes):
            let done = changes.isEmpty ? "nothing to change" : changes.joined(separator: "; ")
            print("\(Self.describe(table)) at \(target.label) is ready: \(done).")
        case .mismatched(_, let problems):
            FileHandle.standardError.write(
                Data(
                    "The table \(remote.table) at \(target.label) is not as VaultDesk needs it; nothing was changed:\n"
                        .utf8))
            for problem in problems { FileHandle.standardError.write(Data("  - \(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    static func describe(_ table: TableDescription) -> String {
        let indexes = table.globalSecondaryIndexes.map(\.indexName).sorted().joined(separator: ", ")
        let stream = table.streamSpecification?.streamViewType?.rawValue ?? "no stream"
        return "table \(table.tableName) (indexes \(indexes); stream \(stream))"
    }

    @Sendable static func report(_ step: String) {
        FileHandle.standardError.write(Data("\(step)…\n".utf8))
    }
}
