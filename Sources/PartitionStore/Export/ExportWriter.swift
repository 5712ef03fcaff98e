import Crypto
import Foundation

/// Writes one export: the data files, gzip-compressed, a new one every `exportItemsPerFile`
/// records, then `manifest-files.json` and `manifest-summary.json` with their checksums.
struct ExportWriter {
    let schema: TableSchema
    let id: String
    let folder: String
    let bucket: String
    let prefix: String
    let start: Double
    let specification: ExportSpecification

    var keyBase: String { (prefix.isEmpty ? "" : prefix + "/") + "AWSDynamoDB/\(id)" }
    var arn: String { "\(schema.arn)/export/\(id)" }

    func write(connection: SQLiteConnection, progress: (Int64) -> Void) throws -> ExportSummary {
        try FileManager.default.createDirectory(
            atPath: folder + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        FileManager.default.createFile(
            atPath: folder + "/_started", contents: Data(), attributes: [.posixPermissions: 0o600])
        let files = DataFiles(folder: folder, keyBase: keyBase, format: specification.format)
        let text = RecordText(format: specification.format, key: schema.key)
        var line: [UInt8] = []
        func emit(billed: Int) throws {
            try files.add(line, billed: billed)
            if files.total % 10_000 == 0 { progress(files.total) }
        }
        switch specification.kind {
        case .full(nil):
            let statement = try connection.statement("SELECT item FROM \(schema.sqlTable)")
            defer { statement.reset() }
            while try statement.step() {
                let stored = statement.blob(0)
                text.item(try ItemCodec.decode(stored), into: &line)
                try emit(billed: stored.count)
            }
        case .full(let instant?):
            try ChangeHistory.items(of: schema, at: Self.microseconds(instant), connection) { stored in
                text.item(try ItemCodec.decode(stored), into: &line)
                try emit(billed: stored.count)
            }
        case .incremental(let from, let to, let view):
            try ChangeHistory.changes(
                of: schema, from: Self.microseconds(from), to: Self.microseconds(to), connection
            ) { change in
                let old = try change.old.map(ItemCodec.decode)
                let new = try change.new.map(ItemCodec.decode)
                text.change(
                    written: change.writtenAt, old: view == .newAndOldImages ? old : nil, new: new,
                    keysOf: (new ?? old) ?? [:], into: &line)
                try emit(billed: (change.new?.count ?? 0) + (change.old?.count ?? 0))
            }
        }
        // As DynamoDB writes an empty file for an empty partition, an export of nothing still
        // has one data file, so readers that glob the data folder find it.
        if files.total == 0 { try files.openFile() }
        try files.close()
        progress(files.total)
        try PartitionStore.write(files.manifestLines.map { $0 + "\n" }.joined(), to: folder + "/manifest-files.json")
        let end = Date().timeIntervalSince1970
        try PartitionStore.write(summary(end: end, files: files), to: folder + "/manifest-summary.json")
        return ExportSummary(
            exportArn: arn, exportId: id, folder: folder, manifestKey: keyBase + "/manifest-summary.json",
            itemCount: files.total, billedSizeBytes: files.billed, dataFiles: files.paths, startTime: start,
            endTime: end)
    }

    private func summary(end: Double, files: DataFiles) -> String {
        let iso = PartitionStore.iso
        let escaped = PartitionStore.jsonEscaped
        var fields = [
            #""version":"\#(specification.isIncremental ? "2023-08-01" : "2020-06-30")""#,
            #""exportArn":"\#(arn)""#, #""startTime":"\#(iso(start))""#, #""endTime":"\#(iso(end))""#,
            #""tableArn":"\#(schema.arn)""#, #""tableId":"\#(schema.tableId)""#,
        ]
        switch specification.kind {
        case .full(let instant):
            fields.append(#""exportTime":"\#(iso(instant ?? start))""#)
        case .incremental(let from, let to, let view):
            fields += [
                #""exportFromTime":"\#(iso(from))""#, #""exportToTime":"\#(iso(to))""#,
                #""outputView":"\#(view.rawValue)""#,
            ]
        }
        fields += [
            #""s3Bucket":"\#(escaped(bucket))""#, #""s3Prefix":\#(prefix.isEmpty ? "null" : "\"\(escaped(prefix))\"")"#,
            #""s3SseAlgorithm":"AES256""#, #""s3SseKmsKeyId":null"#,
            #""manifestFilesS3Key":"\#(keyBase)/manifest-files.json""#, #""billedSizeBytes":\#(files.billed)"#,
            #""itemCount":\#(files.total)"#, #""outputFormat":"\#(specification.format.rawValue)""#,
            #""exportType":"\#(specification.isIncremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT")""#,
        ]
        return "{" + fields.joined(separator: ",") + "}\n"
    }

    static func microseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded(.down)) }
}

extension ExportSpecification {
    var isIncremental: Bool {
        if case .incremental = kind { return true }
        return false
    }
}

/// The data files of one export, each written whole: gzip, its MD5 kept for the manifest.
final class DataFiles {
    let folder: String
    let keyBase: String
    let format: ExportSpecification.Format
    private(set) var manifestLines: [String] = []
    private(set) var paths: [String] = []
    private(set) var total: Int64 = 0
    private(set) var billed: Int64 = 0
    private var writer: BackgroundGzipWriter?
    private var fileName = ""
    private var fileCount: Int64 = 0
    private var pending: [UInt8] = []

    init(folder: String, keyBase: String, format: ExportSpecification.Format) {
        self.folder = folder
        self.keyBase = keyBase
        self.format = format
    }

    /// Starts a new data file.
    func openFile() throws {
        let suffix = format == .ion ? ".ion.gz" : ".json.gz"
        fileName = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") + suffix
        writer = try BackgroundGzipWriter(path: folder + "/data/" + fileName)
        fileCount = 0
        if format == .ion { pending += Array("$ion_1_0 ".utf8) }
    }

    func add(_ line: [UInt8], billed bytes: Int) throws {
        if writer == nil { try openFile() }
        pending += line
        if pending.count >= 1 << 16 {
            writer?.write(pending)
            pending.removeAll(keepingCapacity: true)
        }
        fileCount += 1
        total += 1
        billed += Int64(bytes)
        if fileCount == Int64(PartitionStore.exportItemsPerFile) { try close() }
    }

    func close() throws {
        guard let open = writer else { return }
        if !pending.isEmpty {
            open.write(pending)
            pending.removeAll(keepingCapacity: true)
        }
        writer = nil
        let digest = try open.finish()
        let base64 = Data(digest).base64EncodedString()
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        manifestLines.append(
            #"{"itemCount":\#(fileCount),"md5Checksum":"\#(base64)","etag":"\#(hex)","dataFileS3Key":"\#(keyBase)/data/\#(fileName)"}"#
        )
        paths.append(folder + "/data/" + fileName)
    }
}

/// One record of a data file, in DYNAMODB_JSON or ION text, ending with a newline.
struct RecordText {
    let format: ExportSpecification.Format
    let key: KeyShape

    /// A full export's record: `{"Item": …}`.
    func item(_ item: Item, into line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        switch format {
        case .dynamodbJSON:
            line += DynamoJSONText.itemPrefix
            DynamoJSONText.write(item, into: &line)
        case .ion:
            line += Array("{Item:".utf8)
            IonText.write(item, into: &line)
        }
        line += [UInt8(ascii: "}"), 0x0A]
    }

    /// An incremental export's record: when the item was last written in the period, its keys,
    /// its image at the period's end (absent when deleted) and, when asked for, at its start.
    func change(written: Int64, old: Item?, new: Item?, keysOf item: Item, into line: inout [UInt8]) {
        change(
            written: written, old: old, new: new, keys: item.filter { key.attributeNames.contains($0.key) },
            into: &line)
    }

    func change(written: Int64, old: Item?, new: Item?, keys: Item, into line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        switch format {
        case .dynamodbJSON:
            line += Array(#"{"Metadata":{"WriteTimestampMicros":{"N":"\#(written)"}},"Keys":"#.utf8)
            DynamoJSONText.write(keys, into: &line)
            if let new {
                line += Array(#","NewImage":"#.utf8)
                DynamoJSONText.write(new, into: &line)
            }
            if let old {
                line += Array(#","OldImage":"#.utf8)
                DynamoJSONText.write(old, into: &line)
            }
        case .ion:
            line += Array("{Metadata:{WriteTimestampMicros:\(written)},Keys:".utf8)
            IonText.write(keys, into: &line)
            if let new {
                line += Array(",NewImage:".utf8)
                IonText.write(new, into: &line)
            }
            if let old {
                line += Array(",OldImage:".utf8)
                IonText.write(old, into: &line)
            }
        }
        line += [UInt8(ascii: "}"), 0x0A]
    }
}
