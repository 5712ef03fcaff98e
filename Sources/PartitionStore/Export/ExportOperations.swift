import Foundation

/// ExportTableToPointInTime, DescribeExport and ListExports. The bucket is a folder: bucket B
/// and prefix P are `<s3Root>/B/P`. An export runs within the request and is COMPLETED (or
/// FAILED) when the answer comes back.
extension PartitionStore {
    /// Where buckets live: beside the store file, in `<store>.s3/`, unless configured.
    public var s3Root: String { configuration.s3Root ?? path + ".s3" }

    public func exportTableToPointInTime(
        _ input: ExportTableToPointInTimeInput
    ) throws(StoreError)
        -> ExportDescription
    {
        let tableName = try ExportTableToPointInTimeInput.tableName(ofArn: input.tableArn)
        let folder = try S3Folder.path(root: s3Root, bucket: input.s3Bucket, prefix: input.s3Prefix)
        let incremental: Bool
        switch input.exportType ?? "FULL_EXPORT" {
        case "FULL_EXPORT": incremental = false
        case "INCREMENTAL_EXPORT": incremental = true
        case let other:
            throw .constraint(
                .value(other), at: "exportType", "Member must satisfy enum value set: [FULL_EXPORT, INCREMENTAL_EXPORT]"
            )
        }
        if !incremental, input.exportFromTime != nil || input.exportToTime != nil || input.exportViewType != nil {
            throw .validation("IncrementalExportSpecification can only be given for an INCREMENTAL_EXPORT")
        }
        if incremental, input.exportTime != nil {
            throw .validation(
                "ExportTime cannot be given for an INCREMENTAL_EXPORT; give ExportFromTime and ExportToTime")
        }
        let (schema, existing) = try read { connection, _ throws(StoreError) in
            let catalog = try refreshedCatalog(connection)
            let known = try sql(connection) { try JobRecords.exports.all(connection) }
            return (catalog.tables[tableName], known)
        }
        // The same client token with the same request is the same export.
        if let token = input.clientToken, let earlier = existing.first(where: { $0.clientToken == token }) {
            guard earlier.tableArn.hasSuffix(":table/" + tableName), earlier.s3Bucket == input.s3Bucket,
                earlier.s3Prefix == input.s3Prefix,
                earlier.exportType == (incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT")
            else {
                throw StoreError(
                    .exportConflict, "The ClientToken \(token) was used for a different export request")
            }
            return earlier
        }
        guard let schema else { throw StoreError(.tableNotFound, "Table not found: \(tableName)") }
        guard schema.pointInTimeRecovery != nil else {
            throw StoreError(
                .pointInTimeRecoveryUnavailable, "Point in time recovery is not enabled for table '\(tableName)'")
        }
        let now = Date().timeIntervalSince1970
        let format = input.exportFormat ?? .dynamodbJSON
        var record = ExportDescription(
            exportArn: "", status: .inProgress, startTime: now, tableArn: schema.arn, tableId: schema.tableId,
            clientToken: input.clientToken, s3Bucket: input.s3Bucket, s3BucketOwner: input.s3BucketOwner,
            s3Prefix: input.s3Prefix, s3SseAlgorithm: input.s3SseAlgorithm ?? "AES256", exportFormat: format)
        // The instants are checked against the recovery window by the export itself.
        let specification: ExportSpecification
        if incremental {
            guard let from = input.exportFromTime else {
                throw .validation("ExportFromTime is required for an INCREMENTAL_EXPORT")
            }
            let to = input.exportToTime ?? now
            guard to - from <= 86_400 else {
                throw StoreError(.invalidExportTime, "The export period must be no more than 24 hours")
            }
            let view = input.exportViewType ?? .newAndOldImages
            specification = ExportSpecification(kind: .incremental(from: from, to: to, view: view), format: format)
            record.exportType = "INCREMENTAL_EXPORT"
            record.exportFromTime = from
            record.exportToTime = to
            record.exportViewType = view
        } else {
            specification = ExportSpecification(kind: .full(exportTime: input.exportTime), format: format)
            record.exportTime = input.exportTime ?? now
        }
        do {
            let summary = try exportTable(
                tableName, to: folder, bucket: input.s3Bucket, prefix: input.s3Prefix ?? "",
                specification: specification)
            record.exportArn = summary.exportArn
            record.status = .completed
            record.endTime = summary.endTime
            record.exportManifest = summary.manifestKey
            record.itemCount = summary.itemCount
            record.billedSizeBytes = summary.billedSizeBytes
        } catch let error where error.code == .internalFailure {
            record.exportArn = "\(schema.arn)/export/\(Self.exportId(now))"
            record.status = .failed
            record.endTime = Date().timeIntervalSince1970
            record.failureCode = "S3WriteFailed"
            record.failureMessage = error.message
        }
        try save(record, in: .exports)
        return record
    }

    public func describeExport(_ exportArn: String) throws(StoreError) -> ExportDescription {
        guard let found = try find(exportArn, in: .exports) else {
            throw StoreError(.exportNotFound, "Export not found: \(exportArn)")
        }
        return found
    }

    public func listExports(_ input: ListExportsInput) throws(StoreError) -> ListExportsOutput {
        try StoreError.checkRange(input.maxResults, 1...25, at: "maxResults")
        let exports = try all(in: .exports, tableArn: input.tableArn)
        let page = try JobRecords.exports.page(
            exports, after: input.nextToken, token: input.nextToken, limit: input.maxResults ?? 25)
        return ListExportsOutput(exports: page.records, nextToken: page.lastArn)
    }
}

/// Where a bucket and prefix live under the S3 root. Bucket names follow S3's rules and a
/// prefix may not climb out of its bucket, so a request can never write outside the root.
enum S3Folder {
    static func path(root: String, bucket: String, prefix: String?) throws(StoreError) -> String {
        let allowed = bucket.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "-")
        }
        guard (3...63).contains(bucket.utf8.count), allowed, !bucket.contains(".."),
            bucket.first.map({ $0.isLetter || $0.isNumber }) == true,
            bucket.last.map({ $0.isLetter || $0.isNumber }) == true
        else {
            throw .validation(
                "Invalid S3Bucket: \(bucket): 3 to 63 of a-z 0-9 . -, beginning and ending with a letter or digit")
        }
        guard let prefix, !prefix.isEmpty else { return root + "/" + bucket }
        let parts = prefix.split(separator: "/", omittingEmptySubsequences: false)
        guard prefix.utf8.count <= 1024, !prefix.hasPrefix("/"), !prefix.contains("\0"),
            !parts.contains(where: { $0 == ".." || $0 == "." })
        else {
            throw .validation("Invalid S3Prefix: \(prefix): it may not begin with / or hold . or .. as a part")
        }
        return root + "/" + bucket + "/" + prefix
    }
}
