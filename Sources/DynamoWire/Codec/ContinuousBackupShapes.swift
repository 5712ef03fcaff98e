import PartitionStore

/// `ContinuousBackupsDescription`, the answer of UpdateContinuousBackups and
/// DescribeContinuousBackups.
enum ContinuousBackupShapes {
    static func encode(_ description: ContinuousBackupsDescription) -> JSONValue {
        .object([
            "ContinuousBackupsDescription": .object([
                "ContinuousBackupsStatus": .string("ENABLED"),
                "PointInTimeRecoveryDescription": WireShapes.object([
                    "PointInTimeRecoveryStatus": .string(
                        description.pointInTimeRecoveryEnabled ? "ENABLED" : "DISABLED"),
                    "RecoveryPeriodInDays": description.recoveryPeriodInDays.map { .number($0) },
                    "EarliestRestorableDateTime": description.earliestRestorableDateTime.map { .number($0) },
                    "LatestRestorableDateTime": description.latestRestorableDateTime.map { .number($0) },
                ]),
            ])
        ])
    }

    static func decode(_ response: WireObject) throws(WireError) -> ContinuousBackupsDescription {
        let description = try response.requiredObject("ContinuousBackupsDescription")
        guard let recovery = try description.object("PointInTimeRecoveryDescription") else {
            return ContinuousBackupsDescription(pointInTimeRecoveryEnabled: false)
        }
        return ContinuousBackupsDescription(
            pointInTimeRecoveryEnabled: try recovery.string("PointInTimeRecoveryStatus") == "ENABLED",
            recoveryPeriodInDays: try recovery.int("RecoveryPeriodInDays"),
            earliestRestorableDateTime: try WireShapes.number(recovery, "EarliestRestorableDateTime"),
            latestRestorableDateTime: try WireShapes.number(recovery, "LatestRestorableDateTime"))
    }
}
