import PartitionStore

extension DescribeContinuousBackupsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(tableName: try request.requiredString("TableName"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["TableName": .string(tableName)])
    }

    public func wireResponse(_ output: ContinuousBackupsDescription) -> JSONValue {
        ContinuousBackupShapes.encode(output)
    }

    public static func output(wire response: WireObject) throws(WireError) -> ContinuousBackupsDescription {
        try ContinuousBackupShapes.decode(response)
    }
}
