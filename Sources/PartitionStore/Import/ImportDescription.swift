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
