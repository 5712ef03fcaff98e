/// ListImports: the imports made, oldest first, optionally into one table, a page at a time.

public struct ListImportsInput: Sendable, Hashable {
    public var tableArn: String?
    /// 1 to 25.
    public var pageSize: Int?
    public var nextToken: String?

    public init(tableArn: String? = nil, pageSize: Int? = nil, nextToken: String? = nil) {
        self.tableArn = tableArn
        self.pageSize = pageSize
        self.nextToken = nextToken
    }
}

public struct ListImportsOutput: Sendable, Hashable {
    public var imports: [ImportDescription]
    public var nextToken: String?

    public init(imports: [ImportDescription], nextToken: String? = nil) {
        self.imports = imports
        self.nextToken = nextToken
    }
}

extension ListImportsInput: StoreOperation {
    public typealias Output = ListImportsOutput
    public static let name = OperationName.listImports

    public var access: OperationAccess {
        guard let tableArn, let table = try? ExportTableToPointInTimeInput.tableName(ofArn: tableArn) else {
            return .account
        }
        return .table(table, .describe)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListImportsOutput {
        try store.listImports(self)
    }
}

extension OperationName {
    public static let listImports = OperationName("ListImports")
}
