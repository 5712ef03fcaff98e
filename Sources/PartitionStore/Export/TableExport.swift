import Crypto
import Foundation

/// What a full export wrote, as DynamoDB's manifest-summary.json tells it.
public struct ExportSummary: Sendable, Hashable {
    public var exportArn: String
    public var exportId: String
    /// The folder the export's manifests are in: `<out>/AWSDynamoDB/<ExportId>`.
    public var folder: String
    public var itemCount: Int64
    public var billedSizeBytes: Int64
    public var dataFiles: [String]
    public var startTime: Double
    public var endTime: Double
}

/// A full export of a table in DynamoDB's S3 export layout and DYNAMODB_JSON format, to a folder
/// that stands for the bucket and prefix (Developer Guide, "DynamoDB table export output format"):
///
///     <out>/AWSDynamoDB/<ExportId>/_started
///     <out>/AWSDynamoDB/<ExportId>/data/<name>.json.gz      one {"Item": …} per line
///     <out>/AWSDynamoDB/<ExportId>/manifest-files.json      one line per data file
///     <out>/AWSDynamoDB/<ExportId>/manifest-summary.json
///     and a .checksum (MD5, hex) beside each manifest.
///
/// The items are read inside one read transaction: the export is the table as of one moment,
/// and writers keep writing meanwhile.
extension PartitionStore {
    public static let exportItemsPerFile = 100_000

    public func exportTable(
        _ tableName: String, to out: String, bucket: String = "", prefix: String = "",
        progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> ExportSummary {
        let start = Date().timeIntervalSince1970
        return try read(snapshot: true) { connection, catalog throws(StoreError) in
            guard let schema = catalog.tables[tableName] else { throw .tableNotFound(tableName) }
            let id = Self.exportId(start)
            let folder = out + "/AWSDynamoDB/" + id
            do {
                return try Self.writeExport(
                    schema, id: id, folder: folder, bucket: bucket, prefix: prefix, start: start,
                    connection: connection,
                    progress: progress)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.internalFailure, "The export to \(folder) failed: \(error)")
            }
        }
    }

    private static func writeExport(
        _ schema: TableSchema, id: String, folder: String, bucket: String, prefix: String, start: Double,
        connection: SQLiteConnection, progress: (Int64) -> Void
    ) throws -> ExportSummary {
        let data = folder + "/data"
        try FileManager.default.createDirectory(
            atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        FileManager.default.createFile(
            atPath: folder + "/_started", contents: Data(), attributes: [.posixPermissions: 0o600])
        let keyBase = (prefix.isEmpty ? "" : prefix + "/") + "AWSDynamoDB/\(id)"
        var manifestLines: [String] = []
        var files: [String] = []
        var total: Int64 = 0
        var bytes: Int64 = 0
        var writer: GzipWriter?
        var fileCount: Int64 = 0
        var fileName = ""
        var line: [UInt8] = []
        var pending: [UInt8] = []
        func close() throws {
            guard let open = writer else { return }
            if !pending.isEmpty {
                try open.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
            try open.finish()
            writer = nil
            let digest = open.md5.finalize()
            let base64 = Data(digest).base64EncodedString()
            let hex = digest.map { String(format: "%02x", $0) }.joined()
            let key = "\(keyBase)/data/\(fileName)"
            manifestLines.append(
                #"{"itemCount":\#(fileCount),"md5Checksum":"\#(base64)","etag":"\#(hex)","dataFileS3Key":"\#(key)"}"#)
            files.append(data + "/" + fileName)
        }
        let statement = try connection.statement("SELECT item FROM \(schema.sqlTable)")
        defer { statement.reset() }
        while try statement.step() {
            if writer == nil {
                fileName = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") + ".json.gz"
                writer = try GzipWriter(path: data + "/" + fileName)
                fileCount = 0
            }
            let stored = statement.blob(0)
            bytes += Int64(stored.count)
            let item = try ItemCodec.decode(stored)
            line.removeAll(keepingCapacity: true)
            line += DynamoJSONText.itemPrefix
            DynamoJSONText.write(item, into: &line)
            line += [UInt8(ascii: "}"), 0x0A]
            pending += line
            if pending.count >= 1 << 16 {
                try writer?.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
            fileCount += 1
            total += 1
            if total % 10_000 == 0 { progress(total) }
            if fileCount == Int64(exportItemsPerFile) { try close() }
        }
        try close()
        progress(total)
        let manifestFiles = manifestLines.map { $0 + "\n" }.joined()
        try write(manifestFiles, to: folder + "/manifest-files.json")
        let end = Date().timeIntervalSince1970
        let arn = "\(schema.arn)/export/\(id)"
        let summary = """
            {"version":"2020-06-30","exportArn":"\(arn)","startTime":"\(iso(start))","endTime":"\(iso(end))",\
            "tableArn":"\(schema.arn)","tableId":"\(schema.tableId)","exportTime":"\(iso(start))",\
            "s3Bucket":"\(jsonEscaped(bucket))","s3Prefix":\(prefix.isEmpty ? "null" : "\"\(jsonEscaped(prefix))\""),\
            "s3SseAlgorithm":"AES256","s3SseKmsKeyId":null,"manifestFilesS3Key":"\(keyBase)/manifest-files.json",\
            "billedSizeBytes":\(bytes),"itemCount":\(total),"outputFormat":"DYNAMODB_JSON","exportType":"FULL_EXPORT"}

            """
        try write(summary, to: folder + "/manifest-summary.json")
        return ExportSummary(
            exportArn: arn, exportId: id, folder: folder, itemCount: total, billedSizeBytes: bytes, dataFiles: files,
            startTime: start, endTime: end)
    }

    /// Writes a manifest and its `.checksum` (the MD5 of its bytes, in hex).
    private static func write(_ text: String, to path: String) throws {
        let bytes = Data(text.utf8)
        let digest = Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        for (contents, target) in [
            (bytes, path), (Data(digest.utf8), path.replacingOccurrences(of: ".json", with: ".checksum")),
        ] {
            guard
                FileManager.default.createFile(
                    atPath: target, contents: contents, attributes: [.posixPermissions: 0o600])
            else { throw ExportFailure("cannot write \(target)") }
        }
    }

    /// DynamoDB's export ids: the start in milliseconds (14 digits) and 8 hex characters.
    static func exportId(_ start: Double) -> String {
        let milliseconds = String(Int64(start * 1000))
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return String(repeating: "0", count: max(0, 14 - milliseconds.count)) + milliseconds + "-"
            + String(repeating: "0", count: 8 - suffix.count) + suffix
    }

    static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// Text for inside a JSON string's quotes.
    static func jsonEscaped(_ text: String) -> String {
        var out: [UInt8] = []
        DynamoJSONText.quoted(text, into: &out)
        return String(decoding: out.dropFirst().dropLast(), as: UTF8.self)
    }
}

/// Items as DynamoDB JSON text on one line, as exports and the wire carry them, written as
/// UTF-8 bytes straight into a buffer (an export writes millions of them).
enum DynamoJSONText {
    static func write(_ item: Item, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        // Attribute order carries no meaning in DynamoDB JSON: the map's own order, unsorted.
        for (name, value) in item {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            quoted(name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ value: AttributeValue, into out: inout [UInt8]) {
        func open(_ type: StaticString) {
            out += openBrace
            type.withUTF8Buffer { out.append(contentsOf: $0) }
            out += colon
        }
        func strings(_ type: StaticString, _ values: [String]) {
            open(type)
            out.append(UInt8(ascii: "["))
            for (index, text) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                quoted(text, into: &out)
            }
            out += closeList
        }
        switch value {
        case .s(let text):
            open("S")
            quoted(text, into: &out)
            out.append(UInt8(ascii: "}"))
        case .n(let number):
            open("N")
            out.append(UInt8(ascii: "\""))
            out += number.description.utf8
            out += closeString
        case .b(let bytes):
            open("B")
            out.append(UInt8(ascii: "\""))
            out += Data(bytes).base64EncodedString().utf8
            out += closeString
        case .bool(let flag): out += Array((flag ? "{\"BOOL\":true}" : "{\"BOOL\":false}").utf8)
        case .null: out += Array("{\"NULL\":true}".utf8)
        case .ss(let texts): strings("SS", texts)
        case .ns(let numbers): strings("NS", numbers.map(\.description))
        case .bs(let blobs): strings("BS", blobs.map { Data($0).base64EncodedString() })
        case .m(let map):
            open("M")
            write(map, into: &out)
            out.append(UInt8(ascii: "}"))
        case .l(let list):
            open("L")
            out.append(UInt8(ascii: "["))
            for (index, element) in list.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out += closeList
        }
    }

    private static let openBrace = Array("{\"".utf8)
    private static let colon = Array("\":".utf8)
    private static let closeList = Array("]}".utf8)
    private static let closeString = Array("\"}".utf8)
    static let itemPrefix = Array(#"{"Item":"#.utf8)

    /// A JSON string: quotes, backslashes and control characters escaped; every other byte as is.
    static func quoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                    hex[Int(byte & 0xF)],
                ]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
