import PartitionStore

extension ListStreamsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.string("TableName"), limit: try request.int("Limit", atLeast: 1),
            exclusiveStartStreamArn: try request.string("ExclusiveStartStreamArn"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableName": tableName.map(JSONValue.string), "Limit": limit.map { .number($0) },
            "ExclusiveStartStreamArn": exclusiveStartStreamArn.map(JSONValue.string),
        ])
    }

    public func wireResponse(_ output: ListStreamsOutput) -> JSONValue {
        WireShapes.object([
            "Streams": .array(
                output.streams.map { stream in
                    .object([
                        "StreamArn": .string(stream.streamArn), "TableName": .string(stream.tableName),
                        "StreamLabel": .string(stream.streamLabel),
                    ])
                }),
            "LastEvaluatedStreamArn": output.lastEvaluatedStreamArn.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListStreamsOutput {
        var streams: [StreamSummary] = []
        for stream in try response.objects("Streams") ?? [] {
            streams.append(
                StreamSummary(
                    streamArn: try stream.requiredString("StreamArn"), tableName: try stream.string("TableName") ?? "",
                    streamLabel: try stream.string("StreamLabel") ?? ""))
        }
        return ListStreamsOutput(
            streams: streams, lastEvaluatedStreamArn: try response.string("LastEvaluatedStreamArn"))
    }
}
