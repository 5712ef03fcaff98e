/// ListTables: the tables' names in order, a page at a time.

public struct ListTablesOutput: Sendable, Hashable {
    public var tableNames: [String]
    public var lastEvaluatedTableName: String?

    public init(tableNames: [String], lastEvaluatedTableName: String? = nil) {
        self.tableNames = tableNames
        self.lastEvaluatedTableName = lastEvaluatedTableName
    }
}

public struct ListTablesInput: Sendable, Hashable {
    public var exclusiveStartTableName: String?
    public var limit: Int?

    public init(exclusiveStartTableName: String? = nil, limit: Int? = nil) {
        self.exclusiveStartTableName = exclusiveStartTableName
        self.limit = limit
    }
}

extension ListTablesInput: StoreOperation {
    public typealias Output = ListTablesOutput
    public static let name = OperationName.listTables

    public var access: OperationAccess { .account }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListTablesOutput {
        try store.listTables(exclusiveStartTableName: exclusiveStartTableName, limit: limit)
    }
}

extension OperationName {
    public static let listTables = OperationName("ListTables")
}
