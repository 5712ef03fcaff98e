import PartitionStore

/// What a restore may change about the table it makes, as RestoreTableFromBackup and
/// RestoreTableToPointInTime both carry it.
struct RestoreOverrides {
    var billingMode: BillingMode?
    var provisionedThroughput: ProvisionedThroughput?
    var globalSecondaryIndexes: [SecondaryIndex]?
    var localSecondaryIndexes: [SecondaryIndex]?

    init(
        billingMode: BillingMode?, provisionedThroughput: ProvisionedThroughput?,
        globalSecondaryIndexes: [SecondaryIndex]?, localSecondaryIndexes: [SecondaryIndex]?
    ) {
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
    }

    init(wire request: WireObject) throws(WireError) {
        self.init(
            billingMode: try request.enumeration("BillingModeOverride", BillingMode.self),
            provisionedThroughput: try TableShapes.provisionedThroughput(
                request.object("ProvisionedThroughputOverride")),
            globalSecondaryIndexes: try request.objects("GlobalSecondaryIndexOverride")?.map(
                TableShapes.secondaryIndex),
            localSecondaryIndexes: try request.objects("LocalSecondaryIndexOverride")?.map(TableShapes.secondaryIndex))
    }

    /// The request members, to merge with the operation's own.
    var wireMembers: [String: JSONValue?] {
        [
            "BillingModeOverride": billingMode.map { .string($0.rawValue) },
            "ProvisionedThroughputOverride": provisionedThroughput.map(TableShapes.encodeRequested),
            "GlobalSecondaryIndexOverride": globalSecondaryIndexes.map { .array($0.map(TableShapes.encode)) },
            "LocalSecondaryIndexOverride": localSecondaryIndexes.map { .array($0.map(TableShapes.encode)) },
        ]
    }
}
