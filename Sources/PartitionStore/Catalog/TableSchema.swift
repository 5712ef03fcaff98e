/// A partition key and optional sort key, with their types.
struct KeyShape: Codable, Hashable, Sendable {
    var hash: AttributeDefinition
    var range: AttributeDefinition?

    var attributeNames: [String] { [hash.attributeName] + (range.map { [$0.attributeName] } ?? []) }

    var keySchema: [KeySchemaElement] {
        [KeySchemaElement(hash.attributeName, .hash)]
            + (range.map { [KeySchemaElement($0.attributeName, .range)] } ?? [])
    }

    func type(of attribute: String) -> ScalarAttributeType? {
        if hash.attributeName == attribute { return hash.attributeType }
        if range?.attributeName == attribute { return range?.attributeType }
        return nil
    }
}

/// The stored form of one key: the partition hash, the partition key and the sort key bytes
/// (empty when the schema has no sort key).
struct EncodedKey: Hashable, Sendable {
    var hash: Int64
    var partition: [UInt8]
    var sort: [UInt8]

    init(partition: [UInt8], sort: [UInt8]) {
        self.hash = KeyCodec.partitionHash(partition)
        self.partition = partition
        self.sort = sort
    }
}

/// A secondary index as the engine keeps it.
struct IndexSchema: Codable, Hashable, Sendable {
    var name: String
    var isGlobal: Bool
    var key: KeyShape
    var projection: Projection
    var sqlTable: String
    var provisionedThroughput: ProvisionedThroughput?
}

/// A table as the engine keeps it in the catalog.
struct TableSchema: Codable, Hashable, Sendable {
    var name: String
    var id: Int64
    var tableId: String
    var key: KeyShape
    var attributeDefinitions: [AttributeDefinition]
    var globalIndexes: [IndexSchema]
    var localIndexes: [IndexSchema]
    var createdAt: Double
    var billingMode: BillingMode
    var provisionedThroughput: ProvisionedThroughput?
    var nextIndexNumber: Int
    /// The table's change stream, enabled or (after UpdateTable) disabled; nil when it never had one.
    var stream: StreamSettings? = nil
    /// The attribute whose number is each item's expiry, while TTL is enabled.
    var timeToLive: String? = nil
    /// The table's tags by key; nil when it has none (and in files written before tags).
    var tags: [String: String]? = nil
    /// When UpdateTable last changed the billing mode; nil when it never did.
    var billingModeChangedAt: Double? = nil
    /// Point-in-time recovery, while it is enabled: every write is kept in the change history.
    var pointInTimeRecovery: PointInTimeRecoverySettings? = nil
    /// The region the table's ARNs name: the store's (`StoreConfiguration.region`), given when
    /// the catalog is read and not kept in the file, since one file may be served in any region.
    var region: String? = nil
    /// The region its ARNs and stream records name.
    var regionName: String { region ?? StoreConfiguration.embeddedRegion }

    var sqlTable: String { "items_\(id)" }
    var indexes: [IndexSchema] { localIndexes + globalIndexes }
    var arn: String { "arn:aws:dynamodb:\(regionName):000000000000:table/\(name)" }

    func index(named name: String) -> IndexSchema? { indexes.first { $0.name == name } }
}

/// A table's point-in-time recovery as the catalog keeps it.
struct PointInTimeRecoverySettings: Codable, Hashable, Sendable {
    /// When recovery was enabled, in seconds since 1970: the earliest restorable moment at first.
    var enabledAt: Double
    /// How far back a restore may go, 1 to 35 days.
    var recoveryPeriodInDays: Int
}

/// A table's stream as the catalog keeps it. Each enabling starts a new stream with its own label.
struct StreamSettings: Codable, Hashable, Sendable {
    var enabled: Bool
    var viewType: StreamViewType
    var label: String
    var createdAt: Double
}

extension TableSchema {
    /// The stream whose records writes produce now: nil when none is enabled.
    var activeStream: StreamSettings? { stream?.enabled == true ? stream : nil }

    func streamArn(_ settings: StreamSettings) -> String { "\(arn)/stream/\(settings.label)" }
}

// MARK: - Keys from items and requests

enum KeyLimits {
    static let maxPartitionKeyBytes = 2048
    static let maxSortKeyBytes = 1024

    /// DynamoDB's limits on a key value, in the table or in an index. The messages are DynamoDB's
    /// to the letter, the missing space in the first included.
    static func checkSize(of value: AttributeValue, isPartition: Bool) throws(StoreError) {
        let size = ItemSize.of(value)
        if isPartition, size > maxPartitionKeyBytes {
            throw .invalidParameter(
                "Size of hashkey has exceeded the maximum size limit of\(maxPartitionKeyBytes) bytes")
        }
        if !isPartition, size > maxSortKeyBytes {
            throw .invalidParameter(
                "Aggregated size of all range keys has exceeded the size limit of \(maxSortKeyBytes) bytes")
        }
    }
}

extension KeyShape {
    /// The key of an item being written, with DynamoDB's messages for a missing, mistyped,
    /// empty or oversized key attribute.
    func encodedKey(ofItem item: Item) throws(StoreError) -> EncodedKey {
        let partition = try Self.keyBytes(item, hash, isPartition: true)
        let sort =
            try range.map { definition throws(StoreError) in
                try Self.keyBytes(item, definition, isPartition: false)
            } ?? []
        return EncodedKey(partition: partition, sort: sort)
    }

    private static func keyBytes(
        _ item: Item, _ definition: AttributeDefinition, isPartition: Bool
    ) throws(StoreError) -> [UInt8] {
        let name = definition.attributeName
        guard let value = item[name] else {
            throw .invalidParameter("Missing the key \(name) in the item")
        }
        guard value.scalarType == definition.attributeType else {
            throw .invalidParameter(
                "Type mismatch for key \(name) expected: \(definition.attributeType.rawValue) actual: \(value.typeName)"
            )
        }
        try checkNotEmpty(value, name: name)
        let bytes = KeyCodec.encode(value)
        try KeyLimits.checkSize(of: value, isPartition: isPartition)
        return bytes
    }

    static func checkNotEmpty(_ value: AttributeValue, name: String) throws(StoreError) {
        switch value {
        case .s(let string) where string.isEmpty:
            throw .validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(name)"
            )
        case .b(let bytes) where bytes.isEmpty:
            throw .validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: \(name)"
            )
        default:
            break
        }
    }

    /// The key named in a GetItem, DeleteItem or UpdateItem request: exactly the key attributes,
    /// with the schema's types.
    func encodedKey(ofKey key: Item) throws(StoreError) -> EncodedKey {
        let mismatch = StoreError.validation("The provided key element does not match the schema")
        guard key.count == (range == nil ? 1 : 2) else { throw mismatch }
        guard let hashValue = key[hash.attributeName], hashValue.scalarType == hash.attributeType else {
            throw mismatch
        }
        if let range {
            guard let rangeValue = key[range.attributeName], rangeValue.scalarType == range.attributeType else {
                throw mismatch
            }
        }
        return try encodedKey(ofItem: key)
    }

    /// Only the key attributes of an item.
    func keyAttributes(of item: Item) -> Item {
        var key = Item(minimumCapacity: 2)
        for name in attributeNames { key[name] = item[name] }
        return key
    }
}

extension IndexSchema {
    /// The item's key in this index, or nil when the item lacks an index key attribute (sparse).
    /// A present attribute of the wrong type, or an empty one, is an error, as in DynamoDB.
    func encodedKey(ofItem item: Item) throws(StoreError) -> EncodedKey? {
        guard let partition = try keyBytes(item, key.hash) else { return nil }
        guard let range = key.range else { return EncodedKey(partition: partition, sort: []) }
        guard let sort = try keyBytes(item, range) else { return nil }
        return EncodedKey(partition: partition, sort: sort)
    }

    private func keyBytes(_ item: Item, _ definition: AttributeDefinition) throws(StoreError) -> [UInt8]? {
        guard let value = item[definition.attributeName] else { return nil }
        guard value.scalarType == definition.attributeType else {
            throw .invalidParameter(
                "Type mismatch for Index Key \(definition.attributeName) Expected: \(definition.attributeType.rawValue) Actual: \(value.typeName) IndexName: \(name)"
            )
        }
        let bytes = KeyCodec.encode(value)
        if bytes.isEmpty {
            throw .validation(
                "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty \(value.typeName == "S" ? "string" : "binary") value. IndexName: \(name), IndexKey: \(definition.attributeName)"
            )
        }
        try KeyLimits.checkSize(of: value, isPartition: definition.attributeName == key.hash.attributeName)
        return bytes
    }

    /// The attributes this index keeps of an item, by its projection.
    func project(_ item: Item, tableKey: KeyShape) -> Item {
        switch projection.projectionType {
        case .all:
            return item
        case .keysOnly, .include:
            var projected = Item(minimumCapacity: 4)
            for name in tableKey.attributeNames + key.attributeNames { projected[name] = item[name] }
            for name in projection.nonKeyAttributes ?? [] { projected[name] = item[name] }
            return projected
        }
    }
}
