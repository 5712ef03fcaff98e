import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk export --table T --out DIR`: the table as of one moment, or the changes of a
/// period, in DynamoDB's S3 export layout, for DuckDB, Athena or anything that reads DynamoDB
/// exports.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a table in DynamoDB's S3 export format (DYNAMODB_JSON or ION, gzip) to a folder.",
        discussion: """
            The folder stands for the bucket and prefix: the export is written to DIR/AWSDynamoDB/<ExportId>/ \
            with manifest-summary.json, manifest-files.json, their .checksum files, _started, and \
            data/*.json.gz holding one {"Item": …} per line (or data/*.ion.gz). Writers keep writing \
            while it runs; the export is the table as of the moment it started, or as of --at.

            With --from (and --to) it is an incremental export: one record per item whose state changed \
            in that period, with its keys, its new image and (unless --view new) its old one. --at, \
            --from and --to read the point-in-time history: the table needs recovery enabled \
            (vaultdesk recovery enable TABLE).

            For example, in DuckDB:
              SELECT Item.pk.S, count(*) FROM read_json('DIR/AWSDynamoDB/*/data/*.json.gz') GROUP BY 1
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dynamodbJSON = "dynamodb-json"
        case ion
    }

    enum View: String, ExpressibleByArgument, CaseIterable {
        case newAndOld = "new-and-old"
        case new
    }

    @OptionGroup var store: StoreOptions
    /// `--table`, shared with the top command's options (where it names VaultDesk's table).
    @OptionGroup(visibility: .hidden) var remote: RemoteOptions
    @Argument(help: "The table to export; or --table NAME (default: vaultdesk).") var table: String?
    @Option(name: .long, help: "The folder to write the export to (created if missing).") var out: String
    @Option(name: .long, help: "dynamodb-json (default) or ion.") var format: Format = .dynamodbJSON
    @Option(name: .long, help: "Export the table as it was at this instant (ISO 8601 or seconds since 1970).")
    var at: String?
    @Option(name: .long, help: "An incremental export of the changes from this instant (inclusive)…") var from: String?
    @Option(name: .long, help: "…to this instant (exclusive; default now).") var to: String?
    @Option(name: .long, help: "For an incremental export: new-and-old (default) or new images only.")
    var view: View = .newAndOld

    var tableName: String { table ?? remote.table }

    func validate() throws {
        if remote.isRemote {
            throw ValidationError("export works on a store file: --store, not --endpoint or --region.")
        }
        if at != nil, from != nil || to != nil { throw ValidationError("Give --at, or --from and --to, not both.") }
        if to != nil, from == nil { throw ValidationError("--to needs --from.") }
        for text in [at, from, to].compactMap({ $0 }) where Recovery.instant(text) == nil {
            throw ValidationError(
                "'\(text)' is not an instant: use ISO 8601 (2026-11-29T12:00:00Z) or seconds since 1970.")
        }
    }

    func run() throws {
        let opened = try store.openExisting()
        let kind: ExportSpecification.Kind
        if let from = from.flatMap(Recovery.instant) {
            kind = .incremental(
                from: from, to: to.flatMap(Recovery.instant) ?? Date().timeIntervalSince1970,
                view: view == .new ? .newImage : .newAndOldImages)
        } else {
            kind = .full(exportTime: at.flatMap(Recovery.instant))
        }
        let specification = ExportSpecification(kind: kind, format: format == .ion ? .ion : .dynamodbJSON)
        let total = try opened.describeTable(tableName).itemCount
        let progress = ProgressReporter(label: "exporting \(tableName)")
        let summary = try opened.exportTable(tableName, to: out, specification: specification) {
            progress.update(done: Int($0), total: Int(max(total, $0)), detail: "\($0) records")
        }
        progress.finish()
        let seconds = max(summary.endTime - summary.startTime, 0.001)
        Output.say(
            "Exported \(summary.itemCount) records of \(tableName) in \(summary.dataFiles.count) data file(s), \(Int(Double(summary.itemCount) / seconds)) records/s"
        )
        Output.say(summary.folder)
    }
}
