/// DeleteBackup: removes a backup's file; answers its details with status DELETED.

public struct DeleteBackupInput: Sendable, Hashable {
    public var backupArn: String

    public init(backupArn: String) {
        self.backupArn = backupArn
    }
}

extension DeleteBackupInput: StoreOperation {
    public typealias Output = BackupDetails
    public static let name = OperationName.deleteBackup

    public var access: OperationAccess { .table(BackupDetails.tableName(ofBackupArn: backupArn), .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BackupDetails {
        try store.deleteBackup(backupArn)
    }
}

extension OperationName {
    public static let deleteBackup = OperationName("DeleteBackup")
}
