import PartitionStore

extension RestoreTableFromBackupInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        let overrides = try RestoreOverrides(wire: request)
        self.init(
            targetTableName: try request.requiredString("TargetTableName"),
            backupArn: try request.requiredString("BackupArn"), billingModeOverride: overrides.billingMode,
            provisionedThroughputOverride: overrides.provisionedThroughput,
            globalSecondaryIndexOverride: overrides.globalSecondaryIndexes,
            localSecondaryIndexOverride: overrides.localSecondaryIndexes)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        let overrides = RestoreOverrides(
            billingMode: billingModeOverride, provisionedThroughput: provisionedThroughputOverride,
            globalSecondaryIndexes: globalSecondaryIndexOverride, localSecondaryIndexes: localSecondaryIndexOverride)
        return WireShapes.object(
            overrides.wireMembers.merging([
                "TargetTableName": .string(targetTableName), "BackupArn": .string(backupArn),
            ]) { _, own in own })
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["TableDescription": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("TableDescription"))
    }
}
