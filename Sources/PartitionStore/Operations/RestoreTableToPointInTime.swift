/// RestoreTableToPointInTime: a new table holding what a table with point-in-time recovery held
/// at one instant of its window.

public struct RestoreTableToPointInTimeInput: Sendable, Hashable {
    /// The source, by name or by ARN: exactly one of the two.
    public var sourceTableName: String?
    public var sourceTableArn: String?
    public var targetTableName: String
    /// Restore to the latest restorable moment instead of `restoreDateTime`.
    public var useLatestRestorableTime: Bool?
    /// Seconds since 1970.
    public var restoreDateTime: Double?
    public var billingModeOverride: BillingMode?
    public var provisionedThroughputOverride: ProvisionedThroughput?
    /// The indexes of the new table instead of the source's (an empty list drops them).
    public var globalSecondaryIndexOverride: [SecondaryIndex]?
    public var localSecondaryIndexOverride: [SecondaryIndex]?

    public init(
        sourceTableName: String? = nil, sourceTableArn: String? = nil, targetTableName: String,
        useLatestRestorableTime: Bool? = nil, restoreDateTime: Double? = nil, billingModeOverride: BillingMode? = nil,
        provisionedThroughputOverride: ProvisionedThroughput? = nil,
        globalSecondaryIndexOverride: [SecondaryIndex]? = nil, localSecondaryIndexOverride: [SecondaryIndex]? = nil
    ) {
        self.sourceTableName = sourceTableName
        self.sourceTableArn = sourceTableArn
        self.targetTableName = targetTableName
        self.useLatestRestorableTime = useLatestRestorableTime
        self.restoreDateTime = restoreDateTime
        self.billingModeOverride = billingModeOverride
        self.provisionedThroughputOverride = provisionedThroughputOverride
        self.globalSecondaryIndexOverride = globalSecondaryIndexOverride
        self.localSecondaryIndexOverride = localSecondaryIndexOverride
    }

    /// The source table's name, from its name or its ARN (`…:table/NAME`).
    func resolvedSourceTableName() throws(StoreError) -> String {
        switch (sourceTableName, sourceTableArn) {
        case (let name?, nil): return name
        case (nil, let arn?):
            guard let range = arn.range(of: ":table/"), !arn[range.upperBound...].contains("/") else {
                throw .validation("Invalid TableArn: \(arn)")
            }
            return String(arn[range.upperBound...])
        case (nil, nil):
            throw .validation("Either SourceTableName or SourceTableArn must be specified")
        case (_?, _?):
            throw .validation("Only one of SourceTableName or SourceTableArn can be specified")
        }
    }
}

extension RestoreTableToPointInTimeInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.restoreTableToPointInTime

    public var access: OperationAccess {
        OperationAccess([
            OperationAccess.Target(table: targetTableName, kind: .manage),
            OperationAccess.Target(table: (try? resolvedSourceTableName()) ?? "", kind: .describe),
        ])
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.restoreTableToPointInTime(self)
    }
}

extension OperationName {
    public static let restoreTableToPointInTime = OperationName("RestoreTableToPointInTime")
}
