/// ListBackups: backups, oldest first, by table, creation time and type, a page at a time.

public struct ListBackupsInput: Sendable, Hashable {
    public var tableName: String?
    /// Created at or after (TimeRangeLowerBound), in seconds since 1970.
    public var createdAfter: Double?
    /// Created before (TimeRangeUpperBound).
    public var createdBefore: Double?
    /// USER, SYSTEM, AWS_BACKUP or ALL; this store makes USER backups only.
    public var backupType: String?
    public var limit: Int?
    public var exclusiveStartBackupArn: String?

    public init(
        tableName: String? = nil, createdAfter: Double? = nil, createdBefore: Double? = nil, backupType: String? = nil,
        limit: Int? = nil, exclusiveStartBackupArn: String? = nil
    ) {
        self.tableName = tableName
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.backupType = backupType
        self.limit = limit
        self.exclusiveStartBackupArn = exclusiveStartBackupArn
    }
}

public struct ListBackupsOutput: Sendable, Hashable {
    public var backups: [BackupDetails]
    /// Present when more remain: pass it as the next request's ExclusiveStartBackupArn.
    public var lastEvaluatedBackupArn: String?

    public init(backups: [BackupDetails], lastEvaluatedBackupArn: String? = nil) {
        self.backups = backups
        self.lastEvaluatedBackupArn = lastEvaluatedBackupArn
    }
}

extension ListBackupsInput: StoreOperation {
    public typealias Output = ListBackupsOutput
    public static let name = OperationName.listBackups

    public var access: OperationAccess { tableName.map { .table($0, .describe) } ?? .account }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListBackupsOutput {
        try store.listBackups(self)
    }
}

extension OperationName {
    public static let listBackups = OperationName("ListBackups")
}
