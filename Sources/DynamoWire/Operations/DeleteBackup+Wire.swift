import PartitionStore

extension DeleteBackupInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(backupArn: try request.requiredString("BackupArn"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["BackupArn": .string(backupArn)])
    }

    public func wireResponse(_ output: BackupDetails) -> JSONValue {
        .object(["BackupDescription": BackupShapes.description(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> BackupDetails {
        try BackupShapes.backup(description: response.requiredObject("BackupDescription"))
    }
}
