import PartitionStore

extension RestoreTableToPointInTimeInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        let overrides = try RestoreOverrides(wire: request)
        self.init(
            sourceTableName: try request.string("SourceTableName"),
            sourceTableArn: try request.string("SourceTableArn"),
            targetTableName: try request.requiredString("TargetTableName"),
            useLatestRestorableTime: try request.bool("UseLatestRestorableTime"),
            restoreDateTime: try WireShapes.number(request, "RestoreDateTime"),
            billingModeOverride: overrides.billingMode, provisionedThroughputOverride: overrides.provisionedThroughput,
            globalSecondaryIndexOverride: overrides.globalSecondaryIndexes,
            localSecondaryIndexOverride: overrides.localSecondaryIndexes)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        let overrides = RestoreOverrides(
            billingMode: billingModeOverride, provisionedThroughput: provisionedThroughputOverride,
            globalSecondaryIndexes: globalSecondaryIndexOverride, localSecondaryIndexes: localSecondaryIndexOverride)
        return WireShapes.object(
            overrides.wireMembers.merging([
                "SourceTableName": sourceTableName.map(JSONValue.string),
                "SourceTableArn": sourceTableArn.map(JSONValue.string),
                "TargetTableName": .string(targetTableName),
                "UseLatestRestorableTime": useLatestRestorableTime.map(JSONValue.bool),
                "RestoreDateTime": restoreDateTime.map { .number($0) },
            ]) { _, own in own })
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["TableDescription": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("TableDescription"))
    }
}
