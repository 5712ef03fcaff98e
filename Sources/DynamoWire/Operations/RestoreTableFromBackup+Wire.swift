import PartitionStore

extension RestoreTableFromBackupInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            targetTableName: try request.requiredString("TargetTableName"),
            backupArn: try request.requiredString("BackupArn"),
            billingModeOverride: try request.enumeration("BillingModeOverride", BillingMode.self),
            provisionedThroughputOverride: try TableShapes.provisionedThroughput(
                request.object("ProvisionedThroughputOverride")),
            globalSecondaryIndexOverride: try request.objects("GlobalSecondaryIndexOverride")?.map(
                TableShapes.secondaryIndex),
            localSecondaryIndexOverride: try request.objects("LocalSecondaryIndexOverride")?.map(
                TableShapes.secondaryIndex))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TargetTableName": .string(targetTableName),
            "BackupArn": .string(backupArn),
            "BillingModeOverride": billingModeOverride.map { .string($0.rawValue) },
            "ProvisionedThroughputOverride": provisionedThroughputOverride.map(TableShapes.encodeRequested),
            "GlobalSecondaryIndexOverride": globalSecondaryIndexOverride.map { .array($0.map(TableShapes.encode)) },
            "LocalSecondaryIndexOverride": localSecondaryIndexOverride.map { .array($0.map(TableShapes.encode)) },
        ])
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["TableDescription": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("TableDescription"))
    }
}
