import PartitionStore

extension DescribeStreamInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            streamArn: try request.requiredString("StreamArn"), limit: try request.int("Limit", atLeast: 1),
            exclusiveStartShardId: try request.string("ExclusiveStartShardId"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "StreamArn": .string(streamArn), "Limit": limit.map { .number($0) },
            "ExclusiveStartShardId": exclusiveStartShardId.map(JSONValue.string),
        ])
    }

    public func wireResponse(_ output: StreamDescription) -> JSONValue {
        .object(["StreamDescription": StreamShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> StreamDescription {
        try StreamShapes.streamDescription(response.requiredObject("StreamDescription"))
    }
}
