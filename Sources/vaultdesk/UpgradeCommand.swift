import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

struct Upgrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a store's table (or a DynamoDB table) to VaultDesk's current key design.",
        discussion: """
            Version 2 gives every statement and user a lookup entry within its tenant (gsi3), so that a scope or an
            access key held to some tenants finds references and emails without reading platform-wide partitions
            (docs/data-model.md, "Tenant-scoped lookups"). Safe while applications write, safe to interrupt and run
            again; a table already current is left alone. Store files are upgraded when first opened as well.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let target = try StoreTarget.existing(store, remote)
        let repository = try await target.repository(table: remote.table, upgrading: false)
        let before = try await repository.dataModelVersion()
        guard before < VaultRepository.currentDataModelVersion else {
            print("\(remote.table) at \(target.label) already follows key design version \(before); nothing to do.")
            return
        }
        let upgraded = try await Self.upgrade(repository, at: target.label)
        print(
            "\(remote.table) at \(target.label): key design version \(before) → \(VaultRepository.currentDataModelVersion), \(upgraded.formatted()) items given tenant-scoped lookup entries."
        )
    }

    /// Runs the upgrade with progress on standard error.
    static func upgrade(_ repository: VaultRepository, at label: String) async throws -> Int {
        let reporter = ProgressReporter(label: "Upgrading \(label)")
        let upgraded = try await repository.upgradeDataModel { state in
            reporter.update(
                done: state.scanned, total: max(state.scanned, state.estimatedTotal),
                detail: "\(state.scanned.formatted()) items read, \(state.upgraded.formatted()) upgraded")
        }
        reporter.update(done: 1, total: 1, detail: "done")
        reporter.finish()
        return upgraded
    }
}
