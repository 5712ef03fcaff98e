import PartitionStore

extension RestoreTableToPointInTimeInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            sourceTableName: try request.string("SourceTableName"),
            sourceTableArn: try request.string("SourceTableArn"),
            targetTableName: try request.requiredString("TargetTableName"),
            useLatestRestorableTime: try request.bool("UseLatestRestorableTime"),
            restoreDateTime: try WireShapes.number(request, "RestoreDateTime"),
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
            "SourceTableName": sourceTableName.map(JSONValue.string),
            "SourceTableArn": sourceTableArn.map(JSONValue.string),
            "TargetTableName": .string(targetTableName),
            "UseLatestRestorableTime": useLatestRestorableTime.map(JSONValue.bool),
            "RestoreDateTime": restoreDateTime.map { .number($0) },
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
