/// UpdateTable: billing, throughput, the stream, and global secondary indexes added or removed.

/// One change to a table's global secondary indexes in UpdateTable.
public enum GlobalSecondaryIndexUpdate: Sendable {
    case create(SecondaryIndex)
    case delete(indexName: String)
}

public struct UpdateTableInput: Sendable {
    public var tableName: String
    public var attributeDefinitions: [AttributeDefinition]
    public var globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate]
    public var billingMode: BillingMode?
    public var provisionedThroughput: ProvisionedThroughput?
    public var streamSpecification: StreamSpecification?

    public init(
        tableName: String,
        attributeDefinitions: [AttributeDefinition] = [],
        globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate] = [],
        billingMode: BillingMode? = nil,
        provisionedThroughput: ProvisionedThroughput? = nil,
        streamSpecification: StreamSpecification? = nil
    ) {
        self.streamSpecification = streamSpecification
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.globalSecondaryIndexUpdates = globalSecondaryIndexUpdates
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
    }
}

extension UpdateTableInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.updateTable

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.updateTable(self)
    }
}

extension OperationName {
    public static let updateTable = OperationName("UpdateTable")
}
