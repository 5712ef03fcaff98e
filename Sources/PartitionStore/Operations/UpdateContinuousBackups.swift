/// UpdateContinuousBackups: turns a table's point-in-time recovery on or off, or changes how
/// many days back a restore may go.

public struct UpdateContinuousBackupsInput: Sendable, Hashable {
    public var tableName: String
    public var pointInTimeRecoveryEnabled: Bool
    /// 1 to 35; 35 when recovery is turned on without it.
    public var recoveryPeriodInDays: Int?

    public init(tableName: String, pointInTimeRecoveryEnabled: Bool, recoveryPeriodInDays: Int? = nil) {
        self.tableName = tableName
        self.pointInTimeRecoveryEnabled = pointInTimeRecoveryEnabled
        self.recoveryPeriodInDays = recoveryPeriodInDays
    }
}

extension UpdateContinuousBackupsInput: StoreOperation {
    public typealias Output = ContinuousBackupsDescription
    public static let name = OperationName.updateContinuousBackups

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ContinuousBackupsDescription {
        try store.updateContinuousBackups(self)
    }
}

extension OperationName {
    public static let updateContinuousBackups = OperationName("UpdateContinuousBackups")
}

/// A table's continuous backups, as DescribeContinuousBackups reports them. Continuous backups
/// are always available; point-in-time recovery is what a table turns on.
public struct ContinuousBackupsDescription: Sendable, Hashable {
    public var pointInTimeRecoveryEnabled: Bool
    public var recoveryPeriodInDays: Int?
    /// Seconds since 1970; present while recovery is enabled.
    public var earliestRestorableDateTime: Double?
    public var latestRestorableDateTime: Double?

    public init(
        pointInTimeRecoveryEnabled: Bool, recoveryPeriodInDays: Int? = nil, earliestRestorableDateTime: Double? = nil,
        latestRestorableDateTime: Double? = nil
    ) {
        self.pointInTimeRecoveryEnabled = pointInTimeRecoveryEnabled
        self.recoveryPeriodInDays = recoveryPeriodInDays
        self.earliestRestorableDateTime = earliestRestorableDateTime
        self.latestRestorableDateTime = latestRestorableDateTime
    }
}
