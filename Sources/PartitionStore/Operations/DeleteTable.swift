/// DeleteTable: a table and everything in it.

public struct DeleteTableInput: Sendable, Hashable {
    public var tableName: String

    public init(tableName: String) {
        self.tableName = tableName
    }
}

extension DeleteTableInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.deleteTable

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.deleteTable(tableName)
    }
}

extension OperationName {
    public static let deleteTable = OperationName("DeleteTable")
}
