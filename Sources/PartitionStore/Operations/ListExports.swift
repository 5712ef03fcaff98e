/// ListExports: the exports made, oldest first, optionally of one table, a page at a time.

public struct ListExportsInput: Sendable, Hashable {
    public var tableArn: String?
    /// 1 to 25.
    public var maxResults: Int?
    public var nextToken: String?

    public init(tableArn: String? = nil, maxResults: Int? = nil, nextToken: String? = nil) {
        self.tableArn = tableArn
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct ListExportsOutput: Sendable, Hashable {
    public var exports: [ExportDescription]
    public var nextToken: String?

    public init(exports: [ExportDescription], nextToken: String? = nil) {
        self.exports = exports
        self.nextToken = nextToken
    }
}

extension ListExportsInput: StoreOperation {
    public typealias Output = ListExportsOutput
    public static let name = OperationName.listExports

    public var access: OperationAccess {
        guard let tableArn, let table = try? ExportTableToPointInTimeInput.tableName(ofArn: tableArn) else {
            return .account
        }
        return .table(table, .describe)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListExportsOutput {
        try store.listExports(self)
    }
}

extension OperationName {
    public static let listExports = OperationName("ListExports")
}
