/// Request and response shapes of change streams, named as in the DynamoDB Streams API reference.

/// What each stream record carries besides the keys.
public enum StreamViewType: String, Sendable, Codable, CaseIterable {
    case keysOnly = "KEYS_ONLY"
    case newImage = "NEW_IMAGE"
    case oldImage = "OLD_IMAGE"
    case newAndOldImages = "NEW_AND_OLD_IMAGES"

    var keepsOld: Bool { self == .oldImage || self == .newAndOldImages }
    var keepsNew: Bool { self == .newImage || self == .newAndOldImages }
}

/// A table's stream setting, as given to CreateTable and UpdateTable.
public struct StreamSpecification: Sendable, Hashable {
    public var streamEnabled: Bool
    public var streamViewType: StreamViewType?

    public init(streamEnabled: Bool, streamViewType: StreamViewType? = nil) {
        self.streamEnabled = streamEnabled
        self.streamViewType = streamViewType
    }
}

/// INSERT, MODIFY or REMOVE.
public enum StreamEventName: String, Sendable, CaseIterable {
    case insert = "INSERT"
    case modify = "MODIFY"
    case remove = "REMOVE"

    var code: Int64 {
        switch self {
        case .insert: 1
        case .modify: 2
        case .remove: 3
        }
    }

    init?(code: Int64) {
        switch code {
        case 1: self = .insert
        case 2: self = .modify
        case 3: self = .remove
        default: return nil
        }
    }
}

/// Who made a change that was not a request: TTL deletions are made by the service.
public struct StreamUserIdentity: Sendable, Hashable {
    public var type: String
    public var principalId: String

    public init(type: String, principalId: String) {
        self.type = type
        self.principalId = principalId
    }

    public static let timeToLive = StreamUserIdentity(type: "Service", principalId: "dynamodb.amazonaws.com")
}

/// One change to one item.
public struct StreamRecord: Sendable, Hashable {
    public var eventID: String
    public var eventName: StreamEventName
    public var eventVersion: String { "1.1" }
    public var eventSource: String { "aws:dynamodb" }
    /// The region of the store that wrote the record (`StoreConfiguration.region`).
    public var awsRegion: String
    public var tableName: String
    /// Seconds since 1970, when the change was committed.
    public var approximateCreationDateTime: Double
    public var keys: Item
    public var newImage: Item?
    public var oldImage: Item?
    /// The record's position: a decimal number, strictly increasing within a stream.
    public var sequenceNumber: String
    public var sizeBytes: Int
    public var streamViewType: StreamViewType
    public var userIdentity: StreamUserIdentity?

    /// The sequence number as an integer, for callers that keep positions.
    public var sequence: Int64 { Int64(sequenceNumber) ?? 0 }

    public init(
        eventID: String, eventName: StreamEventName, tableName: String, approximateCreationDateTime: Double, keys: Item,
        newImage: Item?, oldImage: Item?, sequenceNumber: String, sizeBytes: Int, streamViewType: StreamViewType,
        userIdentity: StreamUserIdentity?, awsRegion: String = StoreConfiguration.embeddedRegion
    ) {
        self.awsRegion = awsRegion
        self.eventID = eventID
        self.eventName = eventName
        self.tableName = tableName
        self.approximateCreationDateTime = approximateCreationDateTime
        self.keys = keys
        self.newImage = newImage
        self.oldImage = oldImage
        self.sequenceNumber = sequenceNumber
        self.sizeBytes = sizeBytes
        self.streamViewType = streamViewType
        self.userIdentity = userIdentity
    }
}

public enum StreamStatus: String, Sendable, CaseIterable {
    case enabled = "ENABLED"
    case disabled = "DISABLED"
    /// DynamoDB's states while a stream is switched; the embedded store switches at once.
    case enabling = "ENABLING"
    case disabling = "DISABLING"
}

public struct SequenceNumberRange: Sendable, Hashable {
    public var startingSequenceNumber: String?
    public var endingSequenceNumber: String?

    public init(startingSequenceNumber: String? = nil, endingSequenceNumber: String? = nil) {
        self.startingSequenceNumber = startingSequenceNumber
        self.endingSequenceNumber = endingSequenceNumber
    }
}

public struct Shard: Sendable, Hashable {
    public var shardId: String
    public var parentShardId: String?
    public var sequenceNumberRange: SequenceNumberRange

    public init(shardId: String, parentShardId: String? = nil, sequenceNumberRange: SequenceNumberRange) {
        self.shardId = shardId
        self.parentShardId = parentShardId
        self.sequenceNumberRange = sequenceNumberRange
    }
}

public struct StreamDescription: Sendable, Hashable {
    public var streamArn: String
    public var streamLabel: String
    public var streamStatus: StreamStatus
    public var streamViewType: StreamViewType
    public var creationRequestDateTime: Double
    public var tableName: String
    public var keySchema: [KeySchemaElement]
    public var shards: [Shard]
    public var lastEvaluatedShardId: String?

    public init(
        streamArn: String, streamLabel: String, streamStatus: StreamStatus, streamViewType: StreamViewType,
        creationRequestDateTime: Double, tableName: String, keySchema: [KeySchemaElement], shards: [Shard],
        lastEvaluatedShardId: String? = nil
    ) {
        self.streamArn = streamArn
        self.streamLabel = streamLabel
        self.streamStatus = streamStatus
        self.streamViewType = streamViewType
        self.creationRequestDateTime = creationRequestDateTime
        self.tableName = tableName
        self.keySchema = keySchema
        self.shards = shards
        self.lastEvaluatedShardId = lastEvaluatedShardId
    }
}

/// One stream in a ListStreams answer.
public struct StreamSummary: Sendable, Hashable {
    public var streamArn: String
    public var tableName: String
    public var streamLabel: String

    public init(streamArn: String, tableName: String, streamLabel: String) {
        self.streamArn = streamArn
        self.tableName = tableName
        self.streamLabel = streamLabel
    }
}

public enum ShardIteratorType: String, Sendable, CaseIterable {
    case trimHorizon = "TRIM_HORIZON"
    case latest = "LATEST"
    case atSequenceNumber = "AT_SEQUENCE_NUMBER"
    case afterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
}

/// Where an in-process tail starts.
public enum StreamPosition: Sendable, Hashable {
    /// The oldest record still kept.
    case trimHorizon
    /// Only records committed from now on.
    case latest
    /// The records after this sequence number.
    case after(Int64)
}
