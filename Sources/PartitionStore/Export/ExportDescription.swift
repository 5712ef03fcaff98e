import Foundation

/// An export as DescribeExport reports it. Kept in the store file (`vd_exports`), so every
/// process that opens the file can describe and list it.
public struct ExportDescription: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case inProgress = "IN_PROGRESS"
        case completed = "COMPLETED"
        case failed = "FAILED"
    }

    public var exportArn: String
    public var status: Status
    public var startTime: Double
    public var endTime: Double?
    /// The S3 key of `manifest-summary.json`.
    public var exportManifest: String?
    public var tableArn: String
    public var tableId: String
    public var exportTime: Double?
    public var clientToken: String?
    public var s3Bucket: String
    public var s3BucketOwner: String?
    public var s3Prefix: String?
    public var s3SseAlgorithm: String
    public var failureCode: String?
    public var failureMessage: String?
    public var exportFormat: ExportSpecification.Format
    public var billedSizeBytes: Int64?
    public var itemCount: Int64?
    public var exportType: String
    public var exportFromTime: Double?
    public var exportToTime: Double?
    public var exportViewType: ExportSpecification.ViewType?

    public init(
        exportArn: String, status: Status, startTime: Double, endTime: Double? = nil, exportManifest: String? = nil,
        tableArn: String, tableId: String, exportTime: Double? = nil, clientToken: String? = nil, s3Bucket: String,
        s3BucketOwner: String? = nil, s3Prefix: String? = nil, s3SseAlgorithm: String = "AES256",
        failureCode: String? = nil, failureMessage: String? = nil, exportFormat: ExportSpecification.Format,
        billedSizeBytes: Int64? = nil, itemCount: Int64? = nil, exportType: String = "FULL_EXPORT",
        exportFromTime: Double? = nil, exportToTime: Double? = nil, exportViewType: ExportSpecification.ViewType? = nil
    ) {
        self.exportArn = exportArn
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.exportManifest = exportManifest
        self.tableArn = tableArn
        self.tableId = tableId
        self.exportTime = exportTime
        self.clientToken = clientToken
        self.s3Bucket = s3Bucket
        self.s3BucketOwner = s3BucketOwner
        self.s3Prefix = s3Prefix
        self.s3SseAlgorithm = s3SseAlgorithm
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.exportFormat = exportFormat
        self.billedSizeBytes = billedSizeBytes
        self.itemCount = itemCount
        self.exportType = exportType
        self.exportFromTime = exportFromTime
        self.exportToTime = exportToTime
        self.exportViewType = exportViewType
    }
}
