import Foundation

/// An import as DescribeImport reports it, kept in the store file (`vd_imports`).
public struct ImportDescription: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case inProgress = "IN_PROGRESS"
        case completed = "COMPLETED"
        case cancelling = "CANCELLING"
        case cancelled = "CANCELLED"
        case failed = "FAILED"
    }

    public var importArn: String
    public var status: Status
    public var tableArn: String?
    public var tableId: String?
    public var clientToken: String?
    public var s3Bucket: String
    public var s3BucketOwner: String?
    public var s3KeyPrefix: String?
    public var source: ImportSource
    public var tableCreation: TableCreationParameters
    public var startTime: Double
    public var endTime: Double?
    public var result: ImportResult
    public var failureCode: String?
    public var failureMessage: String?

    public init(
        importArn: String, status: Status, tableArn: String? = nil, tableId: String? = nil, clientToken: String? = nil,
        s3Bucket: String, s3BucketOwner: String? = nil, s3KeyPrefix: String? = nil, source: ImportSource,
        tableCreation: TableCreationParameters, startTime: Double, endTime: Double? = nil,
        result: ImportResult = ImportResult(), failureCode: String? = nil, failureMessage: String? = nil
    ) {
        self.importArn = importArn
        self.status = status
        self.tableArn = tableArn
        self.tableId = tableId
        self.clientToken = clientToken
        self.s3Bucket = s3Bucket
        self.s3BucketOwner = s3BucketOwner
        self.s3KeyPrefix = s3KeyPrefix
        self.source = source
        self.tableCreation = tableCreation
        self.startTime = startTime
        self.endTime = endTime
        self.result = result
        self.failureCode = failureCode
        self.failureMessage = failureMessage
    }
}

/// `vd_imports`: every import made through ImportTable, by ARN.
enum ImportRecords {
    static func save(_ record: ImportDescription, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO vd_imports(arn, created_ms, description) VALUES (?1, ?2, ?3)")
        statement.bind(1, record.importArn)
        statement.bind(2, Int64(record.startTime * 1000))
        statement.bind(3, Array(try JSONEncoder().encode(record)))
        try statement.run()
    }

    /// Every import, oldest first.
    static func all(_ connection: SQLiteConnection) throws -> [ImportDescription] {
        let statement = try connection.statement("SELECT description FROM vd_imports ORDER BY created_ms, arn")
        defer { statement.reset() }
        var imports: [ImportDescription] = []
        let decoder = JSONDecoder()
        while try statement.step() {
            imports.append(try decoder.decode(ImportDescription.self, from: Data(statement.blob(0))))
        }
        return imports
    }
}

/// ImportTable, DescribeImport and ListImports. The bucket is a folder under the S3 root, and
/// the files imported are those whose key (path under the bucket) begins with the key prefix,
/// as S3 lists them. An import runs within the request.
extension PartitionStore {
    public func importTable(
        _ input: ImportTableInput, progress: (ImportResult) -> Void = { _ in }
    ) throws(StoreError)
        -> ImportDescription
    {
        let bucket = try S3Folder.path(root: s3Root, bucket: input.s3Bucket, prefix: nil)
        if let prefix = input.s3KeyPrefix {
            _ = try S3Folder.path(root: s3Root, bucket: input.s3Bucket, prefix: prefix)
        }
        let existing = try read { connection, _ throws(StoreError) in
            try sql(connection) { try ImportRecords.all(connection) }
        }
        if let token = input.clientToken, let earlier = existing.first(where: { $0.clientToken == token }) {
            guard earlier.tableCreation == input.tableCreation, earlier.s3Bucket == input.s3Bucket,
                earlier.s3KeyPrefix == input.s3KeyPrefix, earlier.source == input.source
            else {
                throw StoreError(.importConflict, "The ClientToken \(token) was used for a different import request")
            }
            return earlier
        }
        let start = Date().timeIntervalSince1970
        let arn =
            "arn:aws:dynamodb:local:000000000000:table/\(input.tableCreation.tableName)/import/\(Self.exportId(start))"
        var record = ImportDescription(
            importArn: arn, status: .inProgress, clientToken: input.clientToken, s3Bucket: input.s3Bucket,
            s3BucketOwner: input.s3BucketOwner, s3KeyPrefix: input.s3KeyPrefix, source: input.source,
            tableCreation: input.tableCreation, startTime: start)
        let files = S3Folder.files(in: bucket, keyPrefix: input.s3KeyPrefix ?? "")
        if files.isEmpty {
            record.status = .failed
            record.failureCode = "NoSourceFiles"
            record.failureMessage = "No files under s3://\(input.s3Bucket)/\(input.s3KeyPrefix ?? "")"
        } else {
            let result = try importTable(files: files, source: input.source, creating: input.tableCreation) {
                progress($0)
            }
            let table = try describeTable(input.tableCreation.tableName)
            record.status = .completed
            record.result = result
            record.tableArn = table.tableArn
            record.tableId = table.tableId
        }
        record.endTime = Date().timeIntervalSince1970
        let finished = record
        try exclusiveWrite { connection, _ throws(StoreError) in
            try sql(connection) { try ImportRecords.save(finished, connection) }
        }
        return finished
    }

    public func describeImport(_ importArn: String) throws(StoreError) -> ImportDescription {
        let all = try read { connection, _ throws(StoreError) in
            try sql(connection) { try ImportRecords.all(connection) }
        }
        guard let found = all.first(where: { $0.importArn == importArn }) else {
            throw StoreError(.importNotFound, "Import not found: \(importArn)")
        }
        return found
    }

    public func listImports(_ input: ListImportsInput) throws(StoreError) -> ListImportsOutput {
        if let size = input.pageSize, !(1...25).contains(size) {
            throw .constraint(
                .value("\(size)"), at: "pageSize",
                size < 1
                    ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to 25")
        }
        var imports = try read { connection, _ throws(StoreError) in
            try sql(connection) { try ImportRecords.all(connection) }
        }
        if let table = input.tableArn { imports = imports.filter { $0.tableArn == table } }
        if let token = input.nextToken {
            guard let arn = Self.importArn(ofToken: token),
                let index = imports.firstIndex(where: { $0.importArn == arn })
            else {
                throw .validation("Invalid NextToken: \(token)")
            }
            imports.removeSubrange(...index)
        }
        let size = input.pageSize ?? 25
        let page = Array(imports.prefix(size))
        return ListImportsOutput(
            imports: page,
            nextToken: imports.count > size ? page.last.map { Self.token(ofImportArn: $0.importArn) } : nil)
    }

    /// DynamoDB's ListImports tokens are hex in groups of 16, at least 112 characters: the last
    /// ARN's bytes in hex, padded with zeros.
    static func token(ofImportArn arn: String) -> String {
        var hex = arn.utf8.map { String(format: "%02x", $0) }.joined()
        while hex.count < 112 || hex.count % 16 != 0 { hex += "0" }
        return hex
    }

    static func importArn(ofToken token: String) -> String? {
        let digits = Array(token.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        while bytes.last == 0 { bytes.removeLast() }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension S3Folder {
    /// Every regular file under a bucket's folder whose key begins with `keyPrefix`, in key order.
    static func files(in bucket: String, keyPrefix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: bucket) else { return [] }
        var keys: [String] = []
        while let key = walker.nextObject() as? String {
            guard key.hasPrefix(keyPrefix) else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: bucket + "/" + key, isDirectory: &isFolder),
                !isFolder.boolValue
            else { continue }
            keys.append(key)
        }
        return keys.sorted().map { bucket + "/" + $0 }
    }
}
