import PartitionStore

extension GetRecordsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            shardIterator: try request.requiredString("ShardIterator"), limit: try request.int("Limit", atLeast: 1))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object(["ShardIterator": .string(shardIterator), "Limit": limit.map { .number($0) }])
    }

    public func wireResponse(_ output: GetRecordsOutput) -> JSONValue {
        WireShapes.object([
            "Records": .array(output.records.map(StreamShapes.encode)),
            "NextShardIterator": output.nextShardIterator.map(JSONValue.string),
        ])
    }

    /// Records read back name no table; the reader that knows it fills it in.
    public static func output(wire response: WireObject) throws(WireError) -> GetRecordsOutput {
        var records: [StreamRecord] = []
        for record in try response.objects("Records") ?? [] {
            records.append(try StreamShapes.record(record, tableName: ""))
        }
        return GetRecordsOutput(records: records, nextShardIterator: try response.string("NextShardIterator"))
    }
}
