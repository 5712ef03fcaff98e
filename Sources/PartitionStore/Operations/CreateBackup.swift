/// CreateBackup: an on-demand backup of a table, consistent as of one moment.

public struct CreateBackupInput: Sendable, Hashable {
    public var tableName: String
    public var backupName: String

    public init(tableName: String, backupName: String) {
        self.tableName = tableName
        self.backupName = backupName
    }
}

extension CreateBackupInput: StoreOperation {
    public typealias Output = BackupDetails
    public static let name = OperationName.createBackup

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BackupDetails {
        try store.createBackup(tableName: tableName, backupName: backupName)
    }
}

extension OperationName {
    public static let createBackup = OperationName("CreateBackup")
}
