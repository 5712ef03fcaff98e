/// ImportTable: a new table filled from files in DYNAMODB_JSON, ION or CSV under a bucket and
/// key prefix (a folder under the S3 root).

public struct ImportTableInput: Sendable, Hashable {
    public var clientToken: String?
    public var s3Bucket: String
    public var s3BucketOwner: String?
    public var s3KeyPrefix: String?
    public var source: ImportSource
    public var tableCreation: TableCreationParameters

    public init(
        clientToken: String? = nil, s3Bucket: String, s3BucketOwner: String? = nil, s3KeyPrefix: String? = nil,
        source: ImportSource, tableCreation: TableCreationParameters
    ) {
        self.clientToken = clientToken
        self.s3Bucket = s3Bucket
        self.s3BucketOwner = s3BucketOwner
        self.s3KeyPrefix = s3KeyPrefix
        self.source = source
        self.tableCreation = tableCreation
    }
}

extension ImportTableInput: StoreOperation {
    public typealias Output = ImportDescription
    public static let name = OperationName.importTable

    public var access: OperationAccess { .table(tableCreation.tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ImportDescription {
        try store.importTable(self)
    }
}

extension OperationName {
    public static let importTable = OperationName("ImportTable")
}
