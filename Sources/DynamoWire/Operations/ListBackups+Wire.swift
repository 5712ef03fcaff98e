import PartitionStore

extension ListBackupsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.string("TableName"),
            createdAfter: try WireShapes.number(request, "TimeRangeLowerBound"),
            createdBefore: try WireShapes.number(request, "TimeRangeUpperBound"),
            backupType: try request.string("BackupType"), limit: try request.int("Limit"),
            exclusiveStartBackupArn: try request.string("ExclusiveStartBackupArn"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableName": tableName.map(JSONValue.string),
            "TimeRangeLowerBound": createdAfter.map { .number($0) },
            "TimeRangeUpperBound": createdBefore.map { .number($0) },
            "BackupType": backupType.map(JSONValue.string),
            "Limit": limit.map { .number($0) },
            "ExclusiveStartBackupArn": exclusiveStartBackupArn.map(JSONValue.string),
        ])
    }

    public func wireResponse(_ output: ListBackupsOutput) -> JSONValue {
        WireShapes.object([
            "BackupSummaries": .array(output.backups.map(BackupShapes.summary)),
            "LastEvaluatedBackupArn": output.lastEvaluatedBackupArn.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListBackupsOutput {
        var backups: [BackupDetails] = []
        for summary in try response.objects("BackupSummaries") ?? [] {
            var backup = try BackupShapes.backup(details: summary, source: summary, features: nil)
            backup.itemCount = 0
            backups.append(backup)
        }
        return ListBackupsOutput(
            backups: backups, lastEvaluatedBackupArn: try response.string("LastEvaluatedBackupArn"))
    }
}
