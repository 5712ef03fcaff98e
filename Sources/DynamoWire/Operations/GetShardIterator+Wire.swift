import PartitionStore

extension GetShardIteratorInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            streamArn: try request.requiredString("StreamArn"), shardId: try request.requiredString("ShardId"),
            shardIteratorType: try request.requiredEnumeration("ShardIteratorType", ShardIteratorType.self),
            sequenceNumber: try request.string("SequenceNumber"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "StreamArn": .string(streamArn), "ShardId": .string(shardId),
            "ShardIteratorType": .string(shardIteratorType.rawValue),
            "SequenceNumber": sequenceNumber.map(JSONValue.string),
        ])
    }

    public func wireResponse(_ output: GetShardIteratorOutput) -> JSONValue {
        .object(["ShardIterator": .string(output.shardIterator)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> GetShardIteratorOutput {
        GetShardIteratorOutput(shardIterator: try response.requiredString("ShardIterator"))
    }
}
