import PartitionStore

extension UpdateContinuousBackupsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        let specification = try request.requiredObject("PointInTimeRecoverySpecification")
        self.init(
            tableName: try request.requiredString("TableName"),
            pointInTimeRecoveryEnabled: try specification.requiredBool("PointInTimeRecoveryEnabled"),
            recoveryPeriodInDays: try specification.int("RecoveryPeriodInDays"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object([
            "TableName": .string(tableName),
            "PointInTimeRecoverySpecification": WireShapes.object([
                "PointInTimeRecoveryEnabled": .bool(pointInTimeRecoveryEnabled),
                "RecoveryPeriodInDays": recoveryPeriodInDays.map { .number($0) },
            ]),
        ])
    }

    public func wireResponse(_ output: ContinuousBackupsDescription) -> JSONValue {
        ContinuousBackupShapes.encode(output)
    }

    public static func output(wire response: WireObject) throws(WireError) -> ContinuousBackupsDescription {
        try ContinuousBackupShapes.decode(response)
    }
}
