/// RestoreTableFromBackup: a new table with a backup's definition and items.

public struct RestoreTableFromBackupInput: Sendable, Hashable {
    public var targetTableName: String
    public var backupArn: String
    public var billingModeOverride: BillingMode?
    public var provisionedThroughputOverride: ProvisionedThroughput?
    /// The indexes of the new table instead of the backup's (an empty list drops them).
    public var globalSecondaryIndexOverride: [SecondaryIndex]?
    public var localSecondaryIndexOverride: [SecondaryIndex]?

    public init(
        targetTableName: String, backupArn: String, billingModeOverride: BillingMode? = nil,
        provisionedThroughputOverride: ProvisionedThroughput? = nil,
        globalSecondaryIndexOverride: [SecondaryIndex]? = nil, localSecondaryIndexOverride: [SecondaryIndex]? = nil
    ) {
        self.targetTableName = targetTableName
        self.backupArn = backupArn
        self.billingModeOverride = billingModeOverride
        self.provisionedThroughputOverride = provisionedThroughputOverride
        self.globalSecondaryIndexOverride = globalSecondaryIndexOverride
        self.localSecondaryIndexOverride = localSecondaryIndexOverride
    }
}

extension RestoreTableFromBackupInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.restoreTableFromBackup

    public var access: OperationAccess {
        OperationAccess([
            OperationAccess.Target(table: targetTableName, kind: .manage),
            OperationAccess.Target(table: BackupDetails.tableName(ofBackupArn: backupArn), kind: .describe),
        ])
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.restoreTableFromBackup(self)
    }
}

extension OperationName {
    public static let restoreTableFromBackup = OperationName("RestoreTableFromBackup")
}
