import ArgumentParser
import Foundation
import PartitionStore

/// `vaultdesk import DIR --table T`: a new table filled from an export folder, or from files in
/// DYNAMODB_JSON, ION or CSV, the formats DynamoDB's ImportTable reads.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import files in DYNAMODB_JSON, ION or CSV (gzip, zstd or none) into a new table.",
        discussion: """
            DIR is an export's folder (AWSDynamoDB/<ExportId>, or a folder holding one export), whose \\
            data files are read, or a folder of data files, every file under it read. The format and \\
            compression follow the files' names (.json, .ion, .csv; .gz, .zst) unless given.

            The new table's keys come from --partition-key and --sort-key (NAME:S, NAME:N or NAME:B), \\
            or from --like TABLE (its keys and global indexes), else pk:S and sk:S. A record that \\
            cannot be imported is counted and its reason printed, as DynamoDB counts and logs them; \\
            the rest are imported.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dynamodbJSON = "dynamodb-json"
        case ion, csv
    }

    enum Compression: String, ExpressibleByArgument, CaseIterable {
        case gzip, zstd, none
    }

    @OptionGroup var store: StoreOptions
    /// `--table`, shared with the top command's options.
    @OptionGroup(visibility: .hidden) var remote: RemoteOptions
    @Argument(help: "The folder to import from.") var folder: String
    @Option(name: .long, help: "dynamodb-json, ion or csv (default: from the files' names).") var format: Format?
    @Option(name: .long, help: "gzip, zstd or none (default: from the files' names).") var compression: Compression?
    @Option(name: .customLong("partition-key"), help: "The new table's partition key, NAME:TYPE (default pk:S).")
    var partitionKey: String?
    @Option(name: .customLong("sort-key"), help: "The new table's sort key, NAME:TYPE (default sk:S).")
    var sortKey: String?
    @Option(name: .long, help: "Take the keys and global indexes of this table of the store.") var like: String?
    @Option(name: .long, help: "CSV: the delimiter, one character (default ,).") var delimiter: String?
    @Option(name: .long, help: "CSV: the attribute names, comma-separated, when the files have no header line.")
    var header: String?

    func validate() throws {
        if remote.isRemote {
            throw ValidationError("import works on a store file: --store, not --endpoint or --region.")
        }
        if like != nil, partitionKey != nil || sortKey != nil {
            throw ValidationError("Give --like, or --partition-key and --sort-key, not both.")
        }
        for key in [partitionKey, sortKey].compactMap({ $0 }) where Self.attribute(key) == nil {
            throw ValidationError("'\(key)' is not NAME:TYPE with a type of S, N or B.")
        }
        if let delimiter, delimiter.utf8.count != 1 { throw ValidationError("--delimiter is one character.") }
    }

    func run() throws {
        let opened = try store.openExisting()
        let files = try Self.dataFiles(in: folder)
        guard let first = files.first else { throw CommandFailure("No data files under \(folder).") }
        let source = ImportSource(
            format: format.map(Self.format) ?? Self.format(of: first),
            compression: compression.map(Self.compression) ?? Self.compression(of: first),
            csvDelimiter: delimiter, csvHeaderList: header?.split(separator: ",").map(String.init))
        let table = try creation(opened)
        let progress = ProgressReporter(label: "importing into \(table.tableName)")
        let result = try opened.importTable(files: files, source: source, creating: table) { result in
            progress.update(
                done: Int(result.files), total: files.count,
                detail: "\(result.processedItemCount) records, \(result.errorCount) errors")
        }
        progress.finish()
        Output.say(
            "Imported \(result.importedItemCount) items into \(table.tableName) from \(files.count) file(s): \(result.processedItemCount) records read, \(result.errorCount) could not be imported"
        )
        for error in result.errors.prefix(10) { FileHandle.standardError.write(Data("  \(error)\n".utf8)) }
        if result.errorCount > 10 {
            FileHandle.standardError.write(Data("  … and \(result.errorCount - 10) more\n".utf8))
        }
    }

    /// The table to create: like another, or from the key options.
    func creation(_ opened: PartitionStore) throws -> TableCreationParameters {
        if let like {
            let model = try opened.describeTable(like)
            let globals = model.globalSecondaryIndexes.map { index in
                SecondaryIndex(
                    indexName: index.indexName, keySchema: index.keySchema, projection: index.projection,
                    provisionedThroughput: index.provisionedThroughput)
            }
            let used = Set((model.keySchema + globals.flatMap(\.keySchema)).map(\.attributeName))
            return TableCreationParameters(
                tableName: remote.table, keySchema: model.keySchema,
                attributeDefinitions: model.attributeDefinitions.filter { used.contains($0.attributeName) },
                globalSecondaryIndexes: globals)
        }
        let hash = Self.attribute(partitionKey ?? "pk:S") ?? AttributeDefinition("pk", .s)
        let range = partitionKey != nil && sortKey == nil ? nil : Self.attribute(sortKey ?? "sk:S")
        return TableCreationParameters(
            tableName: remote.table,
            keySchema: [KeySchemaElement(hash.attributeName, .hash)]
                + (range.map { [KeySchemaElement($0.attributeName, .range)] } ?? []),
            attributeDefinitions: [hash] + (range.map { [$0] } ?? []))
    }

    static func attribute(_ text: String) -> AttributeDefinition? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let type = ScalarAttributeType(rawValue: String(parts[1])) else {
            return nil
        }
        return AttributeDefinition(String(parts[0]), type)
    }

    /// An export's data files, or every file of a folder that is not an export's bookkeeping.
    static func dataFiles(in folder: String) throws -> [String] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("\(folder) is not a folder.")
        }
        let exports = (try? manager.contentsOfDirectory(atPath: folder + "/AWSDynamoDB")) ?? []
        if exports.count == 1 { return try dataFiles(in: folder + "/AWSDynamoDB/" + exports[0]) }
        if exports.count > 1 {
            throw CommandFailure(
                "\(folder) holds \(exports.count) exports; name one: \(folder)/AWSDynamoDB/<ExportId> ("
                    + exports.sorted().joined(separator: ", ") + ")")
        }
        let skipped: Set<String> = [
            "manifest-files.json", "manifest-summary.json", "manifest-files.checksum", "manifest-summary.checksum",
            "_started",
        ]
        guard let walker = manager.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            guard manager.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                !skipped.contains((relative as NSString).lastPathComponent)
            else { continue }
            files.append(path)
        }
        return files.sorted()
    }

    static func format(_ format: Format) -> ImportFormat {
        switch format {
        case .dynamodbJSON: .dynamodbJSON
        case .ion: .ion
        case .csv: .csv
        }
    }

    static func compression(_ compression: Compression) -> ImportCompression {
        switch compression {
        case .gzip: .gzip
        case .zstd: .zstd
        case .none: .none
        }
    }

    static func format(of path: String) -> ImportFormat {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.contains(".ion") { return .ion }
        if name.contains(".csv") { return .csv }
        return .dynamodbJSON
    }

    static func compression(of path: String) -> ImportCompression {
        let name = path.lowercased()
        if name.hasSuffix(".gz") { return .gzip }
        if name.hasSuffix(".zst") || name.hasSuffix(".zstd") { return .zstd }
        return .none
    }
}
