import PartitionStore

extension ListTablesInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            exclusiveStartTableName: try request.string("ExclusiveStartTableName"),
            limit: try request.int("Limit", atLeast: 1))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "ExclusiveStartTableName": exclusiveStartTableName.map(JSONValue.string),
            "Limit": limit.map { .number($0) },
        ])
    }

    public func wireResponse(_ output: ListTablesOutput) -> JSONValue {
        WireShapes.object([
            "TableNames": .array(output.tableNames.map(JSONValue.string)),
            "LastEvaluatedTableName": output.lastEvaluatedTableName.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListTablesOutput {
        ListTablesOutput(
            tableNames: try response.strings("TableNames") ?? [],
            lastEvaluatedTableName: try response.string("LastEvaluatedTableName"))
    }
}
