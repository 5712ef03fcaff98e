import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk backup create|list|restore|delete`: on-demand backups of a store's tables, kept as
/// files of their own beside the store (or in --backups DIR), the same backups `serve` offers
/// through CreateBackup and the other backup operations.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take, list, restore and delete on-demand backups of a table.",
        discussion: """
            A backup is a consistent copy of one table as of one moment, taken while writers keep
            writing. It lives in its own file in the backups folder (the store's path + .backups,
            or --backups DIR), so losing the store file does not lose it. A restore makes a new
            table; as in DynamoDB, its stream, TTL and tags are not restored.
            """,
        subcommands: [Create.self, List.self, Restore.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Back up a table now.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The table to back up.") var table: String
        @Option(name: .long, help: "The backup's name (3-255 of a-z A-Z 0-9 _ . -; default: TABLE-YYYYMMDD-HHMMSS).")
        var name: String?

        func run() throws {
            let opened = try store.openExisting()
            let total = try opened.describeTable(table).itemCount
            let progress = ProgressReporter(label: "backing up \(table)")
            let backup = try opened.createBackup(tableName: table, backupName: name ?? Backup.defaultName(table)) {
                progress.update(done: Int($0), total: Int(max(total, $0)), detail: "\($0) items")
            }
            progress.finish()
            Output.say("Backed up \(backup.itemCount) items of \(table) (\(backup.sizeBytes) bytes)")
            Output.say(backup.backupArn)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List backups, oldest first.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Only this table's backups.") var table: String?

        func run() throws {
            let opened = try store.open()
            var all: [BackupDetails] = []
            var start: String?
            repeat {
                let page = try opened.listBackups(ListBackupsInput(tableName: table, exclusiveStartBackupArn: start))
                all += page.backups
                start = page.lastEvaluatedBackupArn
            } while start != nil
            guard !all.isEmpty else {
                Output.say("No backups in \(opened.backupsFolder).")
                return
            }
            Output.say(
                "CREATED (UTC)".padding(22) + "TABLE".padding(20) + "NAME".padding(28) + "ITEMS".leftPadding(10)
                    + "  ARN")
            for backup in all {
                Output.say(
                    Backup.timestamp(backup.createdAt).padding(22) + backup.source.tableName.padding(20)
                        + backup.backupName.padding(28) + "\(backup.itemCount)".leftPadding(10) + "  "
                        + backup.backupArn)
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restore a backup into a new table.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The backup's ARN (see vaultdesk backup list).") var backupArn: String
        @Option(name: .long, help: "The new table's name; it must not exist.") var to: String

        func run() throws {
            let opened = try store.open()
            let backup = try opened.describeBackup(backupArn)
            let progress = ProgressReporter(label: "restoring into \(to)")
            let table = try opened.restoreTableFromBackup(
                RestoreTableFromBackupInput(targetTableName: to, backupArn: backupArn)
            ) { progress.update(done: Int($0), total: Int(max(backup.itemCount, $0)), detail: "\($0) items") }
            progress.finish()
            Output.say("Restored \(table.itemCount) items of \(backup.source.tableName) into \(to)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a backup's file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The backup's ARN.") var backupArn: String

        func run() throws {
            let deleted = try store.open().deleteBackup(backupArn)
            Output.say("Deleted backup \(deleted.backupName) of \(deleted.source.tableName)")
        }
    }

    static func defaultName(_ table: String) -> String {
        "\(table)-\(UTCText.format(Date().timeIntervalSince1970, "yyyyMMdd-HHmmss"))"
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
