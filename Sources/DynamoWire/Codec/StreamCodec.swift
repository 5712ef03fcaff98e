import PartitionStore

/// The DynamoDB Streams operations: ListStreams, DescribeStream, GetShardIterator, GetRecords.
enum StreamCodec {
    static func encode(_ output: ListStreamsOutput) -> JSONValue {
        var object: [String: JSONValue] = ["Streams": .array(output.streams.map { stream in
            .object([
                "StreamArn": .string(stream.streamArn),
                "TableName": .string(stream.tableName),
                "StreamLabel": .string(stream.streamLabel),
            ])
        })]
        if let last = output.lastEvaluatedStreamArn { object["LastEvaluatedStreamArn"] = .string(last) }
        return .object(object)
    }

    static func encode(_ description: StreamDescription) -> JSONValue {
        var object: [String: JSONValue] = [
            "StreamArn": .string(description.streamArn),
            "StreamLabel": .string(description.streamLabel),
            "StreamStatus": .string(description.streamStatus.rawValue),
            "StreamViewType": .string(description.streamViewType.rawValue),
            "CreationRequestDateTime": .number(description.creationRequestDateTime),
            "TableName": .string(description.tableName),
            "KeySchema": TableCodec.encode(description.keySchema),
            "Shards": .array(description.shards.map { shard in
                var range: [String: JSONValue] = [:]
                if let start = shard.sequenceNumberRange.startingSequenceNumber { range["StartingSequenceNumber"] = .string(start) }
                if let end = shard.sequenceNumberRange.endingSequenceNumber { range["EndingSequenceNumber"] = .string(end) }
                var entry: [String: JSONValue] = ["ShardId": .string(shard.shardId), "SequenceNumberRange": .object(range)]
                if let parent = shard.parentShardId { entry["ParentShardId"] = .string(parent) }
                return .object(entry)
            }),
        ]
        if let last = description.lastEvaluatedShardId { object["LastEvaluatedShardId"] = .string(last) }
        return .object(["StreamDescription": .object(object)])
    }

    static func encode(_ output: GetRecordsOutput) -> JSONValue {
        var object: [String: JSONValue] = ["Records": .array(output.records.map(encode))]
        if let next = output.nextShardIterator { object["NextShardIterator"] = .string(next) }
        return .object(object)
    }

    static func encode(_ record: StreamRecord) -> JSONValue {
        var change: [String: JSONValue] = [
            "ApproximateCreationDateTime": .number(record.approximateCreationDateTime.rounded(.down)),
            "Keys": AttributeJSON.encode(record.keys),
            "SequenceNumber": .string(record.sequenceNumber),
            "SizeBytes": .number(record.sizeBytes),
            "StreamViewType": .string(record.streamViewType.rawValue),
        ]
        if let image = record.newImage { change["NewImage"] = AttributeJSON.encode(image) }
        if let image = record.oldImage { change["OldImage"] = AttributeJSON.encode(image) }
        var object: [String: JSONValue] = [
            "eventID": .string(record.eventID),
            "eventName": .string(record.eventName.rawValue),
            "eventVersion": .string(record.eventVersion),
            "eventSource": .string(record.eventSource),
            "awsRegion": .string(record.awsRegion),
            "dynamodb": .object(change),
        ]
        if let identity = record.userIdentity {
            object["userIdentity"] = .object(["PrincipalId": .string(identity.principalId), "Type": .string(identity.type)])
        }
        return .object(object)
    }
}
