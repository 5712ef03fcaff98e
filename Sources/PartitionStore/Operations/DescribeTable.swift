/// DescribeTable: a table's schema, indexes, stream and counts.

public struct DescribeTableInput: Sendable, Hashable {
    public var tableName: String

    public init(tableName: String) {
        self.tableName = tableName
    }
}

extension DescribeTableInput: StoreOperation {
    public typealias Output = TableDescription
    public static let name = OperationName.describeTable

    public var access: OperationAccess { .table(tableName, .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TableDescription {
        try store.describeTable(tableName)
    }
}

extension OperationName {
    public static let describeTable = OperationName("DescribeTable")
}
