/// ExportTableToPointInTime: a table with point-in-time recovery exported, in DynamoDB's S3
/// export layout, to the folder that stands for the bucket (`s3Root/<bucket>/<prefix>`).

public struct ExportTableToPointInTimeInput: Sendable, Hashable {
    public var tableArn: String
    /// The instant a full export reads the table at (seconds since 1970); now when absent.
    public var exportTime: Double?
    public var clientToken: String?
    public var s3Bucket: String
    public var s3BucketOwner: String?
    public var s3Prefix: String?
    public var s3SseAlgorithm: String?
    public var exportFormat: ExportSpecification.Format?
    /// `FULL_EXPORT` (the default) or `INCREMENTAL_EXPORT`.
    public var exportType: String?
    public var exportFromTime: Double?
    public var exportToTime: Double?
    public var exportViewType: ExportSpecification.ViewType?

    public init(
        tableArn: String, exportTime: Double? = nil, clientToken: String? = nil, s3Bucket: String,
        s3BucketOwner: String? = nil, s3Prefix: String? = nil, s3SseAlgorithm: String? = nil,
        exportFormat: ExportSpecification.Format? = nil, exportType: String? = nil, exportFromTime: Double? = nil,
        exportToTime: Double? = nil, exportViewType: ExportSpecification.ViewType? = nil
    ) {
        self.tableArn = tableArn
        self.exportTime = exportTime
        self.clientToken = clientToken
        self.s3Bucket = s3Bucket
        self.s3BucketOwner = s3BucketOwner
        self.s3Prefix = s3Prefix
        self.s3SseAlgorithm = s3SseAlgorithm
        self.exportFormat = exportFormat
        self.exportType = exportType
        self.exportFromTime = exportFromTime
        self.exportToTime = exportToTime
        self.exportViewType = exportViewType
    }

    /// The table an ARN names (`…:table/NAME`).
    static func tableName(ofArn arn: String) throws(StoreError) -> String {
        guard let range = arn.range(of: ":table/"), !arn[range.upperBound...].isEmpty,
            !arn[range.upperBound...].contains("/")
        else { throw .validation("Invalid TableArn: \(arn)") }
        return String(arn[range.upperBound...])
    }
}

extension ExportTableToPointInTimeInput: StoreOperation {
    public typealias Output = ExportDescription
    public static let name = OperationName.exportTableToPointInTime

    public var access: OperationAccess { .table((try? Self.tableName(ofArn: tableArn)) ?? tableArn, .read) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ExportDescription {
        try store.exportTableToPointInTime(self)
    }
}

extension OperationName {
    public static let exportTableToPointInTime = OperationName("ExportTableToPointInTime")
}
