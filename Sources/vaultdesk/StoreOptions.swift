import ArgumentParser
import Foundation
import PartitionStore

/// Options shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the store file (default: $VAULTDESK_STORE, else ./vaultdesk.db).")
    var store: String?

    @Option(name: .long, help: "When commits reach the disk: full (fsync every commit) or normal.")
    var durability: StoreConfiguration.Durability = .full

    @Option(name: .long, help: "Milliseconds a write waits for another writer before failing.")
    var lockWait: Int32 = 5_000

    @Option(name: .long, help: "Folder of on-demand backups (default: the store file's path + .backups).")
    var backups: String?
    @Option(
        name: .customLong("s3-root"),
        help:
            "Folder standing for S3 in ExportTableToPointInTime and ImportTable: bucket B, prefix P are DIR/B/P (default: the store file's path + .s3)."
    )
    var s3Root: String?

    /// `--store PATH` when the path is not the default, for commands shown to the user.
    var commandLine: String {
        store.map { " --store \($0)" } ?? ""
    }

    var path: String {
        store ?? ProcessInfo.processInfo.environment["VAULTDESK_STORE"] ?? "vaultdesk.db"
    }

    /// Opens the store. Its errors are `StoreError`s, which the command line reports as one line
    /// and a non-zero exit status, without the usage text that argument errors get.
    func open() throws -> PartitionStore {
        try PartitionStore(path: path, configuration: configuration)
    }

    /// Opens a store that must exist already: reading commands do not create empty ones.
    func openExisting() throws -> PartitionStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "No store at \(path). Create one with `vaultdesk seed --store \(path)`, or name another with --store.")
        }
        return try open()
    }

    var configuration: StoreConfiguration {
        var configuration = StoreConfiguration(durability: durability, lockWaitMilliseconds: lockWait)
        configuration.backupsFolder = backups
        configuration.s3Root = s3Root
        return configuration
    }
}

extension StoreConfiguration.Durability: ExpressibleByArgument {}
