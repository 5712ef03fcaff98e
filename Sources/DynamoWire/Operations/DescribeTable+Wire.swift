import PartitionStore

extension DescribeTableInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(tableName: try request.requiredString("TableName"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["TableName": .string(tableName)])
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["Table": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("Table"))
    }
}
