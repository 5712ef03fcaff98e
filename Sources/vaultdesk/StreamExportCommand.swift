import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk stream-export --out DIR`: a table's change stream, followed across processes, as
/// incremental-export files in a lake folder, one per interval, crash-safe.
struct StreamExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-export",
        abstract: "Follow a table's change stream and write it to a lake folder, a file per interval.",
        discussion: """
            The table is --table NAME (default vaultdesk). Every interval, the records committed since the last file are written as one gzip file of \\
            DynamoDB's incremental export records ({"Metadata":{"WriteTimestampMicros":…},"Keys":…,\\
            "NewImage":…,"OldImage":…}) to DIR/TABLE/data/date=YYYY-MM-DD/<first>-<last>.json.gz, \\
            named by the sequence numbers of its first and last record. Each file is written whole \\
            under a temporary name, synced and renamed into place, and the position to go on from \\
            is read back from the file names: stopped or killed at any moment, a restart neither \\
            skips nor repeats a record. The table needs a stream (with NEW_AND_OLD_IMAGES for both \\
            images); records trimmed from the stream before they were exported (24 hours) stop the \\
            export with an error rather than leave a silent gap.

            For example, payments per tenant per day in DuckDB:
              SELECT date, NewImage.tenant_id.S AS tenant, count(*) FROM read_json('DIR/vaultdesk/data/*/*.json.gz', \\
            hive_partitioning = true) WHERE NewImage.entity.S = 'PAYMENT' AND OldImage IS NULL GROUP BY ALL ORDER BY ALL
            """)

    @OptionGroup var store: StoreOptions
    /// `--table`, shared with the top command's options (default vaultdesk).
    @OptionGroup(visibility: .hidden) var remote: RemoteOptions
    @Option(name: .long, help: "The lake folder (created if missing).") var out: String
    @Option(name: .long, help: "How often to write a file: 60s (default), 500ms, 5m, or seconds.")
    var every: String = "60s"
    @Flag(name: .long, help: "Write what there is once and stop.") var once = false

    func validate() throws {
        guard let interval = Self.seconds(every), interval > 0, interval <= 86_400 else {
            throw ValidationError("'\(every)' is not an interval: 60s, 500ms, 5m, or seconds, at most a day.")
        }
        if remote.isRemote {
            throw ValidationError("stream-export works on a store file: --store, not --endpoint or --region.")
        }
    }

    func run() throws {
        let opened = try store.openExisting()
        let exporter = StreamExporter(store: opened, tableName: remote.table, folder: out)
        var position = try exporter.recoverPosition() ?? opened.streamStart(of: remote.table)
        let interval = Self.seconds(every) ?? 60
        let stop = StopSignal()
        stop.install()
        Output.say("Exporting \(remote.table)'s stream to \(exporter.root) every \(every), from sequence \(position)")
        while true {
            let pass = try exporter.pass(from: position)
            position = pass.position
            if pass.records > 0 {
                Output.say(
                    "\(Backup.timestamp(Date().timeIntervalSince1970))  \(pass.records) records in \(pass.files.count) file(s), up to sequence \(position)"
                )
            }
            if once || stop.isRaised { break }
            let deadline = Date().addingTimeInterval(interval)
            while Date() < deadline, !stop.isRaised { usleep(UInt32(min(100_000, max(1_000, interval * 1_000_000)))) }
            // A stop during the wait still writes what came in, then ends.
        }
        Output.say("Stopped at sequence \(position).")
    }

    /// `60s`, `500ms`, `5m`, `1h` or a number of seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite else { return nil }
            return value * scale
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
