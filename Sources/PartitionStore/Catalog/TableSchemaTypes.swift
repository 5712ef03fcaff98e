/// DynamoDB's table-definition shapes, named as in its API reference.

public enum ScalarAttributeType: String, Sendable, Codable, CaseIterable {
    case s = "S"
    case n = "N"
    case b = "B"
}

public enum KeyType: String, Sendable, Codable, CaseIterable {
    case hash = "HASH"
    case range = "RANGE"
}

public struct KeySchemaElement: Sendable, Hashable, Codable {
    public var attributeName: String
    public var keyType: KeyType
    public init(_ attributeName: String, _ keyType: KeyType) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

public struct AttributeDefinition: Sendable, Hashable, Codable {
    public var attributeName: String
    public var attributeType: ScalarAttributeType
    public init(_ attributeName: String, _ attributeType: ScalarAttributeType) {
        self.attributeName = attributeName
        self.attributeType = attributeType
    }
}

public enum ProjectionType: String, Sendable, Codable, CaseIterable {
    case all = "ALL"
    case keysOnly = "KEYS_ONLY"
    case include = "INCLUDE"
}

public struct Projection: Sendable, Hashable, Codable {
    public var projectionType: ProjectionType
    public var nonKeyAttributes: [String]?
    public init(_ projectionType: ProjectionType, nonKeyAttributes: [String]? = nil) {
        self.projectionType = projectionType
        self.nonKeyAttributes = nonKeyAttributes
    }
    public static let all = Projection(.all)
    public static let keysOnly = Projection(.keysOnly)
}

public struct ProvisionedThroughput: Sendable, Hashable, Codable {
    public var readCapacityUnits: Int64
    public var writeCapacityUnits: Int64
    public init(readCapacityUnits: Int64, writeCapacityUnits: Int64) {
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
    }
}

public enum BillingMode: String, Sendable, Codable, CaseIterable {
    case provisioned = "PROVISIONED"
    case payPerRequest = "PAY_PER_REQUEST"
}

/// A secondary index as given to CreateTable or UpdateTable.
public struct SecondaryIndex: Sendable, Hashable, Codable {
    public var indexName: String
    public var keySchema: [KeySchemaElement]
    public var projection: Projection
    public var provisionedThroughput: ProvisionedThroughput?
    public init(
        indexName: String, keySchema: [KeySchemaElement], projection: Projection,
        provisionedThroughput: ProvisionedThroughput? = nil
    ) {
        self.indexName = indexName
        self.keySchema = keySchema
        self.projection = projection
        self.provisionedThroughput = provisionedThroughput
    }
}

public struct IndexDescription: Sendable, Hashable {
    public var indexName: String
    public var keySchema: [KeySchemaElement]
    public var projection: Projection
    public var indexStatus: String
    public var itemCount: Int64
    public var indexSizeBytes: Int64
    public var indexArn: String
    public var provisionedThroughput: ProvisionedThroughput?

    public init(
        indexName: String, keySchema: [KeySchemaElement], projection: Projection, indexStatus: String = "ACTIVE",
        itemCount: Int64 = 0,
        indexSizeBytes: Int64 = 0, indexArn: String = "", provisionedThroughput: ProvisionedThroughput? = nil
    ) {
        self.indexName = indexName
        self.keySchema = keySchema
        self.projection = projection
        self.indexStatus = indexStatus
        self.itemCount = itemCount
        self.indexSizeBytes = indexSizeBytes
        self.indexArn = indexArn
        self.provisionedThroughput = provisionedThroughput
    }
}

public struct TableDescription: Sendable, Hashable {
    public var tableName: String
    public var tableStatus: String
    public var keySchema: [KeySchemaElement]
    public var attributeDefinitions: [AttributeDefinition]
    public var creationDateTime: Double
    public var itemCount: Int64
    public var tableSizeBytes: Int64
    public var tableArn: String
    public var tableId: String
    public var billingMode: BillingMode
    /// When the table last became on-demand (its creation, if it was created so); nil while it
    /// is provisioned.
    public var lastUpdateToPayPerRequest: Double?
    public var provisionedThroughput: ProvisionedThroughput?
    public var globalSecondaryIndexes: [IndexDescription]
    public var localSecondaryIndexes: [IndexDescription]
    /// Present while a stream is enabled.
    public var streamSpecification: StreamSpecification?
    /// The newest stream of the table, enabled or not.
    public var latestStreamArn: String?
    public var latestStreamLabel: String?

    public init(
        tableName: String, tableStatus: String, keySchema: [KeySchemaElement],
        attributeDefinitions: [AttributeDefinition],
        creationDateTime: Double = 0, itemCount: Int64 = 0, tableSizeBytes: Int64 = 0, tableArn: String = "",
        tableId: String = "",
        billingMode: BillingMode = .payPerRequest, lastUpdateToPayPerRequest: Double? = nil,
        provisionedThroughput: ProvisionedThroughput? = nil,
        globalSecondaryIndexes: [IndexDescription] = [], localSecondaryIndexes: [IndexDescription] = [],
        streamSpecification: StreamSpecification? = nil, latestStreamArn: String? = nil,
        latestStreamLabel: String? = nil
    ) {
        self.tableName = tableName
        self.tableStatus = tableStatus
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.creationDateTime = creationDateTime
        self.itemCount = itemCount
        self.tableSizeBytes = tableSizeBytes
        self.tableArn = tableArn
        self.tableId = tableId
        self.billingMode = billingMode
        self.lastUpdateToPayPerRequest = lastUpdateToPayPerRequest
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.streamSpecification = streamSpecification
        self.latestStreamArn = latestStreamArn
        self.latestStreamLabel = latestStreamLabel
    }
}
