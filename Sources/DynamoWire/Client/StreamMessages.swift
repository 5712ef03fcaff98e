import PartitionStore

/// The client's side of the DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator
/// and GetRecords, which the remote change source reads the console's live view from.
extension RequestEncoder {
    /// The `X-Amz-Target` of a Streams operation.
    public static func streamsTarget(_ operation: String) -> String { "DynamoDBStreams_20120810.\(operation)" }

    public static func listStreams(tableName: String, exclusiveStartStreamArn: String? = nil) -> JSONValue {
        object(["TableName": .string(tableName), "ExclusiveStartStreamArn": exclusiveStartStreamArn.map(JSONValue.string)])
    }

    public static func describeStream(streamArn: String, exclusiveStartShardId: String? = nil) -> JSONValue {
        object(["StreamArn": .string(streamArn), "ExclusiveStartShardId": exclusiveStartShardId.map(JSONValue.string)])
    }

    public static func getShardIterator(streamArn: String, shardId: String, type: ShardIteratorType, sequenceNumber: String? = nil) -> JSONValue {
        object([
            "StreamArn": .string(streamArn), "ShardId": .string(shardId), "ShardIteratorType": .string(type.rawValue),
            "SequenceNumber": sequenceNumber.map(JSONValue.string),
        ])
    }

    public static func getRecords(shardIterator: String, limit: Int? = nil) -> JSONValue {
        object(["ShardIterator": .string(shardIterator), "Limit": limit.map(JSONValue.number)])
    }
}

extension ResponseDecoder {
    public static func listStreams(_ body: JSONValue) throws(WireError) -> ListStreamsOutput {
        let response = try WireObject(body)
        var streams: [StreamSummary] = []
        for stream in try response.objects("Streams") ?? [] {
            streams.append(StreamSummary(streamArn: try stream.requiredString("StreamArn"), tableName: try stream.string("TableName") ?? "",
                                         streamLabel: try stream.string("StreamLabel") ?? ""))
        }
        return ListStreamsOutput(streams: streams, lastEvaluatedStreamArn: try response.string("LastEvaluatedStreamArn"))
    }

    public static func streamDescription(_ body: JSONValue) throws(WireError) -> StreamDescription {
        let description = try WireObject(body).requiredObject("StreamDescription")
        var shards: [Shard] = []
        for shard in try description.objects("Shards") ?? [] {
            let range = try shard.object("SequenceNumberRange")
            shards.append(Shard(
                shardId: try shard.requiredString("ShardId"), parentShardId: try shard.string("ParentShardId"),
                sequenceNumberRange: SequenceNumberRange(startingSequenceNumber: try range?.string("StartingSequenceNumber"),
                                                         endingSequenceNumber: try range?.string("EndingSequenceNumber"))))
        }
        return StreamDescription(
            streamArn: try description.requiredString("StreamArn"),
            streamLabel: try description.string("StreamLabel") ?? "",
            streamStatus: try description.enumeration("StreamStatus", StreamStatus.self) ?? .enabled,
            streamViewType: try description.enumeration("StreamViewType", StreamViewType.self) ?? .newAndOldImages,
            creationRequestDateTime: try number(description, "CreationRequestDateTime") ?? 0,
            tableName: try description.string("TableName") ?? "",
            keySchema: try TableCodec.keySchema(description.objects("KeySchema") ?? []),
            shards: shards,
            lastEvaluatedShardId: try description.string("LastEvaluatedShardId"))
    }

    public static func shardIterator(_ body: JSONValue) throws(WireError) -> String? {
        try WireObject(body).string("ShardIterator")
    }

    public static func records(_ body: JSONValue, tableName: String) throws(WireError) -> GetRecordsOutput {
        let response = try WireObject(body)
        var records: [StreamRecord] = []
        for record in try response.objects("Records") ?? [] {
            let change = try record.requiredObject("dynamodb")
            let identity = try record.object("userIdentity")
            records.append(StreamRecord(
                eventID: try record.string("eventID") ?? "",
                eventName: try record.requiredEnumeration("eventName", StreamEventName.self),
                tableName: tableName,
                approximateCreationDateTime: try number(change, "ApproximateCreationDateTime") ?? 0,
                keys: try change.item("Keys") ?? [:],
                newImage: try change.item("NewImage"),
                oldImage: try change.item("OldImage"),
                sequenceNumber: try change.requiredString("SequenceNumber"),
                sizeBytes: Int(try number(change, "SizeBytes") ?? 0),
                streamViewType: try change.enumeration("StreamViewType", StreamViewType.self) ?? .newAndOldImages,
                userIdentity: try identity.map { identity throws(WireError) in
                    StreamUserIdentity(type: try identity.string("Type") ?? "", principalId: try identity.string("PrincipalId") ?? "")
                }))
        }
        return GetRecordsOutput(records: records, nextShardIterator: try response.string("NextShardIterator"))
    }
}
