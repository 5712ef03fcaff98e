/// CreateTable: a table with its key schema, secondary indexes, billing and stream.

public struct CreateTableInput: Sendable {
    public var tableName: String
    public var keySchema: [KeySchemaElement]
    public var attributeDefinitions: [AttributeDefinition]
    public var globalSecondaryIndexes: [SecondaryIndex]
    public var localSecondaryIndexes: [SecondaryIndex]
    public var billingMode: BillingMode
    public var provisionedThroughput: ProvisionedThroughput?
    public var streamSpecification: StreamSpecification?
    /// Tags the table is created with.
    public var tags: [ResourceTag]

    public init(
        tableName: String,
        keySchema: [KeySchemaElement],
        attributeDefinitions: [AttributeDefinition],
        globalSecondaryIndexes: [SecondaryIndex] = [],
        localSecondaryIndexes: [SecondaryIndex] = [],
        billingMode: BillingMode = .payPerRequest,
        provisionedThroughput: ProvisionedThroughput? = nil,
        streamSpecification: StreamSpecification? = nil,
        tags: [ResourceTag] = []
    ) {
        self.streamSpecification = streamSpecification
        self.tags = tags
        self.tableName = tableName
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
    }
}

extension CreateTableInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.createTable

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.createTable(self)
    }
}

extension OperationName {
    public static let createTable = OperationName("CreateTable")
}
