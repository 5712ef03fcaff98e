/// BatchGetItem: up to 100 items by key, across tables.

public struct BatchGetItemInput: Sendable {
    /// Table name to its keys; at most 100 keys in all.
    public var requestItems: [String: KeysAndAttributes]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(requestItems: [String: KeysAndAttributes], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.requestItems = requestItems
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct BatchGetItemOutput: Sendable, Hashable {
    public var responses: [String: [Item]]
    /// Keys not read because the answer reached 16 MB; send them again.
    public var unprocessedKeys: [String: KeysAndAttributes]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(
        responses: [String: [Item]], unprocessedKeys: [String: KeysAndAttributes],
        consumedCapacity: [ConsumedCapacity]? = nil
    ) {
        self.responses = responses
        self.unprocessedKeys = unprocessedKeys
        self.consumedCapacity = consumedCapacity
    }
}

extension BatchGetItemInput: StoreOperation {
    public typealias Output = BatchGetItemOutput
    public static let name = OperationName.batchGetItem

    public var access: OperationAccess {
        OperationAccess(
            requestItems.keys.sorted().map { table in
                let request = requestItems[table]
                let projects = request?.projectionExpression != nil || request?.attributesToGet != nil
                return OperationAccess.Target(
                    table: table, kind: .read, keys: request?.keys, attributes: request?.attributesToGet.map(Set.init),
                    select: OperationAccess.select(nil, projects: projects, index: nil)
                ).naming(
                    [.projection: request?.projectionExpression], names: request?.expressionAttributeNames, values: nil)
            }, returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BatchGetItemOutput {
        try store.batchGetItem(self)
    }
}

extension BatchGetItemInput: CapacityMetered {}

extension BatchGetItemOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let batchGetItem = OperationName("BatchGetItem")
}
