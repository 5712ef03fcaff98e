import PartitionStore

extension DescribeTimeToLiveInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(tableName: try request.requiredString("TableName"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["TableName": .string(tableName)])
    }

    public func wireResponse(_ output: TimeToLiveDescription) -> JSONValue {
        .object([
            "TimeToLiveDescription": WireShapes.object([
                "TimeToLiveStatus": .string(output.timeToLiveStatus.rawValue),
                "AttributeName": output.attributeName.map(JSONValue.string),
            ])
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TimeToLiveDescription {
        let description = try response.requiredObject("TimeToLiveDescription")
        return TimeToLiveDescription(
            timeToLiveStatus: try description.enumeration("TimeToLiveStatus", TimeToLiveStatus.self) ?? .disabled,
            attributeName: try description.string("AttributeName"))
    }
}
