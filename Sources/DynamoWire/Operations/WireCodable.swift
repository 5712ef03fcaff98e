import PartitionStore

/// One operation's wire form in the DynamoDB JSON 1.0 protocol, written once and used by both
/// sides: the endpoint decodes requests and encodes responses, the remote client encodes
/// requests and decodes responses. Each operation's conformance is one file of this folder.
public protocol WireCodable: StoreOperation {
    /// The endpoint's side: a request body as the operation.
    init(wire request: WireObject) throws(WireError)
    /// The client's side: the operation as its request body.
    func wireRequest() throws(WireError) -> JSONValue
    /// The endpoint's side: the operation's output as its response body.
    func wireResponse(_ output: Output) -> JSONValue
    /// The client's side: a response body as the operation's output.
    static func output(wire response: WireObject) throws(WireError) -> Output
    /// The endpoint's side: runs the operation and gives its response body. By default its
    /// output as `wireResponse` encodes it; a page of items is answered from the stored form.
    func wireAnswer(blockingOn store: PartitionStore) throws(StoreError) -> JSONValue
}

extension WireCodable {
    public func wireAnswer(blockingOn store: PartitionStore) throws(StoreError) -> JSONValue {
        wireResponse(try run(blockingOn: store))
    }
}

/// Every operation the endpoint answers and the client sends, by name.
public enum WireOperations {
    public static let all: [any WireCodable.Type] = [
        CreateTableInput.self, DescribeTableInput.self, UpdateTableInput.self, DeleteTableInput.self,
        ListTablesInput.self,
        PutItemInput.self, GetItemInput.self, UpdateItemInput.self, DeleteItemInput.self, QueryInput.self,
        ScanInput.self,
        BatchWriteItemInput.self, BatchGetItemInput.self, TransactWriteItemsInput.self, TransactGetItemsInput.self,
        UpdateTimeToLiveInput.self, DescribeTimeToLiveInput.self, DescribeLimitsInput.self,
        ListStreamsInput.self, DescribeStreamInput.self, GetShardIteratorInput.self, GetRecordsInput.self,
        TagResourceInput.self, UntagResourceInput.self, ListTagsOfResourceInput.self,
        ExecuteStatementInput.self, BatchExecuteStatementInput.self, ExecuteTransactionInput.self,
        CreateBackupInput.self, DescribeBackupInput.self, ListBackupsInput.self, DeleteBackupInput.self,
        RestoreTableFromBackupInput.self,
        UpdateContinuousBackupsInput.self, DescribeContinuousBackupsInput.self, RestoreTableToPointInTimeInput.self,
        ExportTableToPointInTimeInput.self, DescribeExportInput.self, ListExportsInput.self,
        ImportTableInput.self, DescribeImportInput.self, ListImportsInput.self,
    ]

    public static let byName: [OperationName: any WireCodable.Type] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Every operation the endpoint answers, by the name a target carries: the codecs' and the
    /// endpoint's own.
    public static let served: [String: OperationName] = Dictionary(
        uniqueKeysWithValues: (all.map { $0.name } + [.describeEndpoints]).map { ($0.rawValue, $0) })
}
