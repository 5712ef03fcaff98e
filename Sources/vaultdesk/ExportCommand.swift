import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk export TABLE --out DIR`: the table as of one moment, in DynamoDB's S3 export layout
/// and DYNAMODB_JSON format, for DuckDB, Athena or anything that reads DynamoDB exports.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a table in DynamoDB's S3 export format (DYNAMODB_JSON, gzip) to a folder.",
        discussion: """
            The folder stands for the bucket and prefix: the export is written to
            DIR/AWSDynamoDB/<ExportId>/ with manifest-summary.json, manifest-files.json, their
            .checksum files, _started, and data/*.json.gz holding one {"Item": …} per line. Writers
            keep writing while it runs; the export is the table as of the moment it started.
            For example, in DuckDB:
              SELECT Item.pk.S, count(*) FROM read_json('DIR/AWSDynamoDB/*/data/*.json.gz') GROUP BY 1
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The table to export.") var table: String
    @Option(name: .long, help: "The folder to write the export to (created if missing).") var out: String

    func run() throws {
        let opened = try store.openExisting()
        let total = try opened.describeTable(table).itemCount
        let progress = ProgressReporter(label: "exporting \(table)")
        let summary = try opened.exportTable(table, to: out) {
            progress.update(done: Int($0), total: Int(max(total, $0)), detail: "\($0) items")
        }
        progress.finish()
        let seconds = max(summary.endTime - summary.startTime, 0.001)
        Output.say(
            "Exported \(summary.itemCount) items of \(table) in \(summary.dataFiles.count) data file(s), \(Int(Double(summary.itemCount) / seconds)) items/s"
        )
        Output.say(summary.folder)
    }
}
