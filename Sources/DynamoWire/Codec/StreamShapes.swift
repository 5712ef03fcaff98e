import PartitionStore

/// The shapes of DynamoDB Streams, written once in both directions: stream descriptions with
/// their shards, and stream records.
enum StreamShapes {
    static func encode(_ description: StreamDescription) -> JSONValue {
        WireShapes.object([
            "StreamArn": .string(description.streamArn),
            "StreamLabel": .string(description.streamLabel),
            "StreamStatus": .string(description.streamStatus.rawValue),
            "StreamViewType": .string(description.streamViewType.rawValue),
            "CreationRequestDateTime": .number(description.creationRequestDateTime),
            "TableName": .string(description.tableName),
            "KeySchema": TableShapes.encode(description.keySchema),
            "Shards": .array(
                description.shards.map { shard in
                    WireShapes.object([
                        "ShardId": .string(shard.shardId),
                        "ParentShardId": shard.parentShardId.map(JSONValue.string),
                        "SequenceNumberRange": WireShapes.object([
                            "StartingSequenceNumber": shard.sequenceNumberRange.startingSequenceNumber.map(
                                JSONValue.string),
                            "EndingSequenceNumber": shard.sequenceNumberRange.endingSequenceNumber.map(
                                JSONValue.string),
                        ]),
                    ])
                }),
            "LastEvaluatedShardId": description.lastEvaluatedShardId.map(JSONValue.string),
        ])
    }

    static func streamDescription(_ description: WireObject) throws(WireError) -> StreamDescription {
        var shards: [Shard] = []
        for shard in try description.objects("Shards") ?? [] {
            let range = try shard.object("SequenceNumberRange")
            shards.append(
                Shard(
                    shardId: try shard.requiredString("ShardId"), parentShardId: try shard.string("ParentShardId"),
                    sequenceNumberRange: SequenceNumberRange(
                        startingSequenceNumber: try range?.string("StartingSequenceNumber"),
                        endingSequenceNumber: try range?.string("EndingSequenceNumber"))))
        }
        return StreamDescription(
            streamArn: try description.requiredString("StreamArn"),
            streamLabel: try description.string("StreamLabel") ?? "",
            streamStatus: try description.enumeration("StreamStatus", StreamStatus.self) ?? .enabled,
            streamViewType: try description.enumeration("StreamViewType", StreamViewType.self) ?? .newAndOldImages,
            creationRequestDateTime: try WireShapes.number(description, "CreationRequestDateTime") ?? 0,
            tableName: try description.string("TableName") ?? "",
            keySchema: try TableShapes.keySchema(description.objects("KeySchema") ?? []),
            shards: shards,
            lastEvaluatedShardId: try description.string("LastEvaluatedShardId"))
    }

    static func encode(_ record: StreamRecord) -> JSONValue {
        WireShapes.object([
            "eventID": .string(record.eventID),
            "eventName": .string(record.eventName.rawValue),
            "eventVersion": .string(record.eventVersion),
            "eventSource": .string(record.eventSource),
            "awsRegion": .string(record.awsRegion),
            "dynamodb": WireShapes.object([
                "ApproximateCreationDateTime": .number(record.approximateCreationDateTime.rounded(.down)),
                "Keys": AttributeJSON.encode(record.keys),
                "NewImage": record.newImage.map(AttributeJSON.encode),
                "OldImage": record.oldImage.map(AttributeJSON.encode),
                "SequenceNumber": .string(record.sequenceNumber),
                "SizeBytes": .number(record.sizeBytes),
                "StreamViewType": .string(record.streamViewType.rawValue),
            ]),
            "userIdentity": record.userIdentity.map {
                .object(["PrincipalId": .string($0.principalId), "Type": .string($0.type)])
            },
        ])
    }

    /// A record read back; the table is the reader's to name (records do not carry it).
    static func record(_ record: WireObject, tableName: String) throws(WireError) -> StreamRecord {
        let change = try record.requiredObject("dynamodb")
        let identity = try record.object("userIdentity")
        return StreamRecord(
            eventID: try record.string("eventID") ?? "",
            eventName: try record.requiredEnumeration("eventName", StreamEventName.self),
            tableName: tableName,
            approximateCreationDateTime: try WireShapes.number(change, "ApproximateCreationDateTime") ?? 0,
            keys: try change.item("Keys") ?? [:],
            newImage: try change.item("NewImage"),
            oldImage: try change.item("OldImage"),
            sequenceNumber: try change.requiredString("SequenceNumber"),
            sizeBytes: Int(try WireShapes.number(change, "SizeBytes") ?? 0),
            streamViewType: try change.enumeration("StreamViewType", StreamViewType.self) ?? .newAndOldImages,
            userIdentity: try identity.map { identity throws(WireError) in
                StreamUserIdentity(
                    type: try identity.string("Type") ?? "", principalId: try identity.string("PrincipalId") ?? "")
            }, awsRegion: try record.string("awsRegion") ?? StoreConfiguration.embeddedRegion)
    }
}
