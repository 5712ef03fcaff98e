/// DescribeTimeToLive: whether a table expires items, and by which attribute.

public struct DescribeTimeToLiveInput: Sendable, Hashable {
    public var tableName: String

    public init(tableName: String) {
        self.tableName = tableName
    }
}

extension DescribeTimeToLiveInput: StoreOperation {
    public typealias Output = TimeToLiveDescription
    public static let name = OperationName.describeTimeToLive

    public var access: OperationAccess { .table(tableName, .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TimeToLiveDescription {
        try store.describeTimeToLive(tableName: tableName)
    }
}

extension OperationName {
    public static let describeTimeToLive = OperationName("DescribeTimeToLive")
}
