import PartitionStore

extension UpdateTimeToLiveInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            timeToLiveSpecification: try TableShapes.timeToLiveSpecification(
                request.requiredObject("TimeToLiveSpecification")))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object([
            "TableName": .string(tableName), "TimeToLiveSpecification": TableShapes.encode(timeToLiveSpecification),
        ])
    }

    public func wireResponse(_ output: TimeToLiveSpecification) -> JSONValue {
        .object(["TimeToLiveSpecification": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TimeToLiveSpecification {
        try TableShapes.timeToLiveSpecification(response.requiredObject("TimeToLiveSpecification"))
    }
}
