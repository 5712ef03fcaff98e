import Foundation

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
        let existing = try all(in: .imports)
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
            "arn:aws:dynamodb:\(configuration.region):000000000000:table/\(input.tableCreation.tableName)/import/\(Self.exportId(start))"
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
        try save(record, in: .imports)
        return record
    }

    public func describeImport(_ importArn: String) throws(StoreError) -> ImportDescription {
        guard let found = try find(importArn, in: .imports) else {
            throw StoreError(.importNotFound, "Import not found: \(importArn)")
        }
        return found
    }

    public func listImports(_ input: ListImportsInput) throws(StoreError) -> ListImportsOutput {
        try StoreError.checkRange(input.pageSize, 1...25, at: "pageSize")
        let imports = try all(in: .imports, tableArn: input.tableArn)
        let start = input.nextToken.map { Self.importArn(ofToken: $0) ?? $0 }
        let page = try JobRecords.imports.page(
            imports, after: start, token: input.nextToken, limit: input.pageSize ?? 25)
        return ListImportsOutput(imports: page.records, nextToken: page.lastArn.map(Self.token(ofImportArn:)))
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
