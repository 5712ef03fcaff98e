/// DescribeImport: an import's status, source, table and counts.

public struct DescribeImportInput: Sendable, Hashable {
    public var importArn: String

    public init(importArn: String) {
        self.importArn = importArn
    }
}

extension DescribeImportInput: StoreOperation {
    public typealias Output = ImportDescription
    public static let name = OperationName.describeImport

    public var access: OperationAccess { .table(BackupDetails.tableName(ofBackupArn: importArn), .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ImportDescription {
        try store.describeImport(importArn)
    }
}

extension OperationName {
    public static let describeImport = OperationName("DescribeImport")
}
