/// DescribeExport: an export's status, where it was written and what it holds.

public struct DescribeExportInput: Sendable, Hashable {
    public var exportArn: String

    public init(exportArn: String) {
        self.exportArn = exportArn
    }
}

extension DescribeExportInput: StoreOperation {
    public typealias Output = ExportDescription
    public static let name = OperationName.describeExport

    public var access: OperationAccess { .table(BackupDetails.tableName(ofBackupArn: exportArn), .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ExportDescription {
        try store.describeExport(exportArn)
    }
}

extension OperationName {
    public static let describeExport = OperationName("DescribeExport")
}
