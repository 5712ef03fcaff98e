import PartitionStore

extension CreateBackupInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"), backupName: try request.requiredString("BackupName"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["TableName": .string(tableName), "BackupName": .string(backupName)])
    }

    public func wireResponse(_ output: BackupDetails) -> JSONValue {
        .object(["BackupDetails": BackupShapes.details(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> BackupDetails {
        try BackupShapes.backup(details: response.requiredObject("BackupDetails"), source: nil, features: nil)
    }
}
