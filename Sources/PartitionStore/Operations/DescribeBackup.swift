/// DescribeBackup: a backup's details and the table it was taken of.

public struct DescribeBackupInput: Sendable, Hashable {
    public var backupArn: String

    public init(backupArn: String) {
        self.backupArn = backupArn
    }
}

extension DescribeBackupInput: StoreOperation {
    public typealias Output = BackupDetails
    public static let name = OperationName.describeBackup

    public var access: OperationAccess { .table(BackupDetails.tableName(ofBackupArn: backupArn), .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BackupDetails {
        try store.describeBackup(backupArn)
    }
}

extension OperationName {
    public static let describeBackup = OperationName("DescribeBackup")
}

extension BackupDetails {
    /// The table a backup ARN names (`…:table/NAME/backup/ID`), for access checks.
    public static func tableName(ofBackupArn arn: String) -> String {
        StreamDescription.tableName(ofStreamArn: arn)
    }
}
