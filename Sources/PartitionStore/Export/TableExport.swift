import Crypto
import Foundation

/// What an export wrote, as DynamoDB's manifest-summary.json tells it.
public struct ExportSummary: Sendable, Hashable {
    public var exportArn: String
    public var exportId: String
    /// The folder the export's manifests are in: `<out>/AWSDynamoDB/<ExportId>`.
    public var folder: String
    /// The S3 key of `manifest-summary.json`, as DescribeExport reports it.
    public var manifestKey: String
    public var itemCount: Int64
    public var billedSizeBytes: Int64
    public var dataFiles: [String]
    public var startTime: Double
    public var endTime: Double
}

/// What an export writes: the data format, and the table at one instant (a full export) or the
/// changes of a period (an incremental one).
public struct ExportSpecification: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable, Codable {
        case dynamodbJSON = "DYNAMODB_JSON"
        case ion = "ION"
    }

    public enum ViewType: String, Sendable, Hashable, CaseIterable, Codable {
        case newAndOldImages = "NEW_AND_OLD_IMAGES"
        case newImage = "NEW_IMAGE"
    }

    public enum Kind: Sendable, Hashable {
        /// The table at `exportTime` (seconds since 1970; nil for now, read from the table itself).
        case full(exportTime: Double?)
        /// Every item written in `[from, to)`: its keys, its image at `to` and, for
        /// NEW_AND_OLD_IMAGES, its image at `from`, from the point-in-time history.
        case incremental(from: Double, to: Double, view: ViewType)
    }

    public var kind: Kind
    public var format: Format

    public init(kind: Kind = .full(exportTime: nil), format: Format = .dynamodbJSON) {
        self.kind = kind
        self.format = format
    }
}

/// An export of a table in DynamoDB's S3 export layout, to a folder that stands for the bucket
/// and prefix (Developer Guide, "DynamoDB table export output format"):
///
///     <out>/AWSDynamoDB/<ExportId>/_started
///     <out>/AWSDynamoDB/<ExportId>/data/<name>.json.gz      DYNAMODB_JSON lines, or .ion.gz
///     <out>/AWSDynamoDB/<ExportId>/manifest-files.json      one line per data file
///     <out>/AWSDynamoDB/<ExportId>/manifest-summary.json
///     and a .checksum (MD5, hex) beside each manifest.
///
/// Items are read inside one read transaction: the export is the table as of one moment (or the
/// history as of then), and writers keep writing meanwhile.
extension PartitionStore {
    public static let exportItemsPerFile = 100_000

    public func exportTable(
        _ tableName: String, to out: String, bucket: String = "", prefix: String = "",
        specification: ExportSpecification = ExportSpecification(), progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> ExportSummary {
        let start = Date().timeIntervalSince1970
        return try read(snapshot: true) { connection, catalog throws(StoreError) in
            guard let schema = catalog.tables[tableName] else { throw .tableNotFound(tableName) }
            try Self.checkHistory(schema, for: specification, now: start)
            let id = Self.exportId(start)
            let folder = out + "/AWSDynamoDB/" + id
            do {
                let writer = ExportWriter(
                    schema: schema, id: id, folder: folder, bucket: bucket, prefix: prefix, start: start,
                    specification: specification)
                return try writer.write(connection: connection, progress: progress)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.internalFailure, "The export to \(folder) failed: \(error)")
            }
        }
    }

    /// An export of another instant than now, or of a period, reads the point-in-time history:
    /// the table must keep one, and the instants must lie inside its window.
    static func checkHistory(
        _ schema: TableSchema, for specification: ExportSpecification, now: Double
    )
        throws(StoreError)
    {
        let instants: [Double]
        switch specification.kind {
        case .full(nil): return
        case .full(let instant?): instants = [instant]
        case .incremental(let from, let to, _):
            guard from < to else { throw StoreError(.invalidExportTime, "ExportFromTime must be before ExportToTime") }
            instants = [from, to]
        }
        guard let recovery = schema.pointInTimeRecovery else {
            throw StoreError(
                .pointInTimeRecoveryUnavailable, "Point in time recovery is not enabled for table '\(schema.name)'")
        }
        let window = restorableWindow(recovery, now: now)
        guard instants.allSatisfy({ window.earliest <= $0 && $0 <= window.latest }) else {
            throw StoreError(.invalidExportTime, "The export time must be within the point-in-time recovery window")
        }
    }

    /// Writes a manifest and its `.checksum` (the MD5 of its bytes, in hex).
    static func write(_ text: String, to path: String) throws {
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
        quoted(utf8: text.utf8, into: &out)
    }

    /// A JSON string from text's UTF-8 bytes, escaped as `quoted(_:into:)` escapes.
    static func quoted(utf8: some Sequence<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
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
