/// DescribeContinuousBackups: whether a table has point-in-time recovery, and the window a
/// restore may choose from.

public struct DescribeContinuousBackupsInput: Sendable, Hashable {
    public var tableName: String

    public init(tableName: String) {
        self.tableName = tableName
    }
}

extension DescribeContinuousBackupsInput: StoreOperation {
    public typealias Output = ContinuousBackupsDescription
    public static let name = OperationName.describeContinuousBackups

    public var access: OperationAccess { .table(tableName, .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ContinuousBackupsDescription {
        try store.describeContinuousBackups(tableName: tableName)
    }
}

extension OperationName {
    public static let describeContinuousBackups = OperationName("DescribeContinuousBackups")
}
