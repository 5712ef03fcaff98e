import Foundation
import Synchronization

/// The table an import creates: DynamoDB's TableCreationParameters.
public struct TableCreationParameters: Sendable, Hashable, Codable {
    public var tableName: String
    public var keySchema: [KeySchemaElement]
    public var attributeDefinitions: [AttributeDefinition]
    public var globalSecondaryIndexes: [SecondaryIndex]
    public var billingMode: BillingMode
    public var provisionedThroughput: ProvisionedThroughput?

    public init(
        tableName: String, keySchema: [KeySchemaElement], attributeDefinitions: [AttributeDefinition],
        globalSecondaryIndexes: [SecondaryIndex] = [], billingMode: BillingMode = .payPerRequest,
        provisionedThroughput: ProvisionedThroughput? = nil
    ) {
        self.tableName = tableName
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
    }

    var createTableInput: CreateTableInput {
        CreateTableInput(
            tableName: tableName, keySchema: keySchema, attributeDefinitions: attributeDefinitions,
            globalSecondaryIndexes: globalSecondaryIndexes, billingMode: billingMode,
            provisionedThroughput: provisionedThroughput)
    }
}

/// The format of an import's files.
public enum ImportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case dynamodbJSON = "DYNAMODB_JSON"
    case ion = "ION"
    case csv = "CSV"
}

/// How an import reads its files.
public struct ImportSource: Sendable, Hashable, Codable {
    public var format: ImportFormat
    public var compression: ImportCompression
    /// CSV only: one character (default `,`), and the attribute names when the files have no
    /// header line.
    public var csvDelimiter: String?
    public var csvHeaderList: [String]?

    public init(
        format: ImportFormat, compression: ImportCompression = .none, csvDelimiter: String? = nil,
        csvHeaderList: [String]? = nil
    ) {
        self.format = format
        self.compression = compression
        self.csvDelimiter = csvDelimiter
        self.csvHeaderList = csvHeaderList
    }
}

/// What an import read and wrote.
public struct ImportResult: Sendable, Hashable, Codable {
    /// Records read, good and bad.
    public var processedItemCount: Int64 = 0
    /// Items in the new table afterwards (a key imported twice is one item).
    public var importedItemCount: Int64 = 0
    /// Records that could not be imported, each with its reason in `errors` (the first 100).
    public var errorCount: Int64 = 0
    public var errors: [String] = []
    /// The bytes of the source files, as stored (compressed).
    public var processedSizeBytes: Int64 = 0
    public var files = 0

    public init() {}
}

/// Imports into a new table: every file is read, each record checked on its own (a bad record
/// is counted and its reason kept, as DynamoDB counts and logs them), and the good ones loaded
/// as a bulk import does, every index kept in step, no stream records.
extension PartitionStore {
    public static let importErrorsKept = 100

    public func importTable(
        files: [String], source: ImportSource, creating table: TableCreationParameters,
        progress: (ImportResult) -> Void = { _ in }
    ) throws(StoreError) -> ImportResult {
        if source.format == .csv, let delimiter = source.csvDelimiter, delimiter.utf8.count != 1 {
            throw .validation("The CSV delimiter must be one character: \(delimiter)")
        }
        // A table that exists already is refused by CreateTable (ResourceInUseException).
        _ = try createTable(table.createTableInput)
        let schema = try cachedSchema(table.tableName)
        var result = ImportResult()
        var batch: [Item] = []
        let loader = BatchLoader(store: self, tableName: table.tableName)
        func fail(_ reason: String) {
            result.errorCount += 1
            if result.errors.count < Self.importErrorsKept { result.errors.append(reason) }
        }
        func flush() throws(StoreError) {
            guard !batch.isEmpty else { return }
            try loader.load(batch)
            batch = []
            batch.reserveCapacity(20_000)
            progress(result)
        }
        for path in files {
            result.files += 1
            result.processedSizeBytes += Self.fileSize(path)
            let bytes: [UInt8]
            do {
                bytes = try Decompression.contents(of: path, source.compression)
            } catch {
                fail(error.description)
                continue
            }
            let name = (path as NSString).lastPathComponent
            try Self.records(in: bytes, source: source, schema: schema) { (item, line) throws(StoreError) in
                result.processedItemCount += 1
                switch item {
                case .success(let item):
                    do throws(StoreError) {
                        try Self.check(item, against: schema)
                        batch.append(item)
                    } catch {
                        fail("\(name):\(line): \(error.message)")
                    }
                case .failure(let error): fail("\(name):\(line): \(error.description)")
                }
                if batch.count == 20_000 { try flush() }
            }
        }
        try flush()
        try loader.finish()
        result.importedItemCount = try describeTable(table.tableName).itemCount
        progress(result)
        return result
    }

    /// An item the table can hold: valid values, its key and every index key of the right type.
    static func check(_ item: Item, against schema: TableSchema) throws(StoreError) {
        try ItemValidation.check(item)
        _ = try schema.key.encodedKey(ofItem: item)
        for index in schema.indexes { _ = try index.encodedKey(ofItem: item) }
    }

    /// Calls `body` with each record of a file, read or failed, and its line number.
    static func records(
        in bytes: [UInt8], source: ImportSource, schema: TableSchema,
        _ body: (Result<Item, ImportLineError>, Int) throws(StoreError) -> Void
    ) throws(StoreError) {
        switch source.format {
        case .dynamodbJSON, .ion:
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                let line = Array(bytes[start..<end])
                start = end + 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
                let record: Result<Item, ImportLineError>
                do throws(ImportLineError) {
                    record = .success(
                        source.format == .ion ? try IonRecord.item(line) : try DynamoJSONRecord.item(line))
                } catch {
                    record = .failure(error)
                }
                try body(record, lineNumber)
            }
        case .csv:
            var reader = CSVRecords(bytes, delimiter: source.csvDelimiter?.utf8.first ?? UInt8(ascii: ","))
            var header = source.csvHeaderList
            let types = Dictionary(
                schema.attributeDefinitions.map { ($0.attributeName, $0.attributeType) },
                uniquingKeysWith: { a, _ in a })
            while true {
                let line = reader.line
                let next: Result<[String]?, ImportLineError>
                do throws(ImportLineError) { next = .success(try reader.next()) } catch { next = .failure(error) }
                guard case .success(let read) = next else {
                    if case .failure(let error) = next { try body(.failure(error), line) }
                    break
                }
                guard let fields = read else { break }
                guard let names = header else {
                    header = fields
                    continue
                }
                if fields == [""] { continue }
                guard fields.count <= names.count else {
                    try body(
                        .failure(ImportLineError("\(fields.count) fields, but the header names \(names.count)")), line)
                    continue
                }
                let record: Result<Item, ImportLineError>
                do throws(ImportLineError) {
                    record = .success(try csvItem(names: names, fields: fields, types: types))
                } catch {
                    record = .failure(error)
                }
                try body(record, line)
            }
        }
    }

    /// A CSV record as an item: key attributes (the table's and its indexes') of the type their
    /// definitions give, every other value a string; an empty field is no attribute.
    static func csvItem(
        names: [String], fields: [String], types: [String: ScalarAttributeType]
    ) throws(ImportLineError)
        -> Item
    {
        var item: Item = [:]
        for (name, field) in zip(names, fields) where !field.isEmpty {
            switch types[name] {
            case .n?:
                do { item[name] = .n(try DecimalNumber(field)) } catch {
                    throw ImportLineError("\(name): \"\(field)\" is not a number")
                }
            case .b?:
                guard let data = Data(base64Encoded: field) else { throw ImportLineError("\(name): not base64") }
                item[name] = .b(Array(data))
            default: item[name] = .s(field)
            }
        }
        return item
    }
}

/// Loads an import's batches on a thread of their own, one after another, while the caller reads
/// and checks the next: reading and writing each take a core. At most two batches wait; the
/// first failure stops the loading and is reported by the next call.
final class BatchLoader: Sendable {
    private let store: PartitionStore
    private let tableName: String
    private let queue = DispatchQueue(label: "vaultdesk.import.load")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<StoreError?>(nil)

    init(store: PartitionStore, tableName: String) {
        self.store = store
        self.tableName = tableName
    }

    func load(_ items: [Item]) throws(StoreError) {
        if let failed = failure.withLock({ $0 }) { throw failed }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 }) == nil else { return }
            do throws(StoreError) {
                _ = try store.importItems(items, into: tableName)
            } catch {
                failure.withLock { $0 = error }
            }
        }
    }

    /// Waits for every batch; the first failure, if any.
    func finish() throws(StoreError) {
        queue.sync {}
        if let failed = failure.withLock({ $0 }) { throw failed }
    }
}
