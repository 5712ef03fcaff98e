import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk recovery enable|disable|status|restore`: point-in-time recovery of a store's
/// tables, the same recovery `serve` offers through UpdateContinuousBackups,
/// DescribeContinuousBackups and RestoreTableToPointInTime.
struct Recovery: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Point-in-time recovery: keep every write, restore a table as it was at any instant.",
        discussion: """
            With recovery enabled, every write to the table is also kept in the store file's
            change history, for the recovery period (1 to 35 days; 35 unless --days says). A
            restore makes a new table holding exactly what the table held at the instant asked
            for, to the microsecond, indexes rebuilt. As in DynamoDB, the stream, TTL and tags are
            not restored.
            """,
        subcommands: [Enable.self, Disable.self, Status.self, Restore.self])

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn recovery on for a table, or change its recovery period.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The table.") var table: String
        @Option(name: .long, help: "How many days back a restore may go, 1-35 (default 35).") var days: Int?

        func run() throws {
            let described = try store.openExisting().updateContinuousBackups(
                UpdateContinuousBackupsInput(
                    tableName: table, pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: days))
            Output.say("Point-in-time recovery is on for \(table): \(Recovery.window(described))")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn recovery off for a table; its change history is deleted.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The table.") var table: String

        func run() throws {
            _ = try store.openExisting().updateContinuousBackups(
                UpdateContinuousBackupsInput(tableName: table, pointInTimeRecoveryEnabled: false))
            Output.say("Point-in-time recovery is off for \(table); its history is deleted.")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each table's recovery window.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Only these tables (default: all).") var tables: [String] = []

        func run() throws {
            let opened = try store.openExisting()
            var names = tables
            if names.isEmpty {
                var start: String?
                repeat {
                    let page = try opened.listTables(exclusiveStartTableName: start)
                    names += page.tableNames
                    start = page.lastEvaluatedTableName
                } while start != nil
            }
            Output.say("TABLE".padding(24) + "RECOVERY")
            for name in names {
                let described = try opened.describeContinuousBackups(tableName: name)
                Output.say(name.padding(24) + Recovery.window(described))
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a table as it was at an instant into a new table.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The table to restore.") var table: String
        @Option(name: .long, help: "The new table's name; it must not exist.") var to: String
        @Option(
            name: .long,
            help: "The instant: ISO 8601 (2026-11-29T12:00:00Z, fractions and offsets allowed) or seconds since 1970.")
        var at: String?
        @Flag(name: .long, help: "Restore to the latest restorable instant (now).") var latest = false

        func validate() throws {
            guard (at != nil) != latest else { throw ValidationError("Give exactly one of --at TIME or --latest.") }
            if let at, Recovery.instant(at) == nil {
                throw ValidationError(
                    "'\(at)' is not an instant: use ISO 8601 (2026-11-29T12:00:00Z) or seconds since 1970.")
            }
        }

        func run() throws {
            let opened = try store.openExisting()
            let progress = ProgressReporter(label: "restoring \(table) into \(to)")
            let restored = try opened.restoreTableToPointInTime(
                RestoreTableToPointInTimeInput(
                    sourceTableName: table, targetTableName: to, useLatestRestorableTime: latest ? true : nil,
                    restoreDateTime: at.flatMap(Recovery.instant))
            ) { progress.update(done: Int($0), total: Int($0), detail: "\($0) items") }
            progress.finish()
            Output.say("Restored \(restored.itemCount) items of \(table) into \(to)")
        }
    }

    static func window(_ described: ContinuousBackupsDescription) -> String {
        guard described.pointInTimeRecoveryEnabled, let earliest = described.earliestRestorableDateTime,
            let latest = described.latestRestorableDateTime
        else { return "off" }
        let days = described.recoveryPeriodInDays ?? 35
        return "on, \(days) days: restorable from \(Backup.timestamp(earliest)) to \(Backup.timestamp(latest))"
    }

    /// An instant typed by a person: ISO 8601, with or without fractions, or seconds since 1970.
    static func instant(_ text: String) -> Double? {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
