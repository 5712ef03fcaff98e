/// TransactWriteItems: up to 100 puts, updates, deletes and condition checks that all happen or none does.

/// A condition on an item that a transaction checks without writing it.
public struct ConditionCheck: Sendable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: [String: AttributeValue]?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, key: Item, conditionExpression: String, expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

/// One action of a TransactWriteItems. ReturnValues is not used inside a transaction.
public enum TransactWriteItem: Sendable {
    case put(PutItemInput)
    case update(UpdateItemInput)
    case delete(DeleteItemInput)
    case conditionCheck(ConditionCheck)

    var tableName: String {
        switch self {
        case .put(let input): input.tableName
        case .update(let input): input.tableName
        case .delete(let input): input.tableName
        case .conditionCheck(let input): input.tableName
        }
    }
}

public struct TransactWriteItemsInput: Sendable {
    public var transactItems: [TransactWriteItem]
    /// Makes a repeat of the same request within 10 minutes a no-op that succeeds again.
    public var clientRequestToken: String?
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        transactItems: [TransactWriteItem], clientRequestToken: String? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.transactItems = transactItems
        self.clientRequestToken = clientRequestToken
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct TransactWriteItemsOutput: Sendable, Hashable {
    public var consumedCapacity: [ConsumedCapacity]?

    public init(consumedCapacity: [ConsumedCapacity]? = nil) {
        self.consumedCapacity = consumedCapacity
    }
}

extension TransactWriteItemsInput: StoreOperation {
    public typealias Output = TransactWriteItemsOutput
    public static let name = OperationName.transactWriteItems

    /// Each element is judged as the item operation it is, as DynamoDB does.
    public var access: OperationAccess {
        OperationAccess(
            transactItems.flatMap { action -> [OperationAccess.Target] in
                switch action {
                case .put(let put): put.access.targets.map { $0.judged(as: .putItem) }
                case .update(let update): update.access.targets.map { $0.judged(as: .updateItem) }
                case .delete(let delete): delete.access.targets.map { $0.judged(as: .deleteItem) }
                case .conditionCheck(let check):
                    [
                        OperationAccess.Target(
                            table: check.tableName, kind: .read, action: .conditionCheckItem, keys: [check.key]
                        ).naming(
                            [.condition: check.conditionExpression], names: check.expressionAttributeNames,
                            values: check.expressionAttributeValues)
                    ]
                }
            }, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// An item write: from async code it waits for its group commit without holding a thread.
    public static var waitsForCommit: Bool { true }
    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TransactWriteItemsOutput {
        try store.write(store.prepareTransactWrite(self))
    }
    public func run(on store: PartitionStore) async throws(StoreError) -> TransactWriteItemsOutput {
        try await store.writeAsync(store.prepareTransactWrite(self))
    }
    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<TransactWriteItemsOutput, StoreError>) -> Void
    ) {
        store.submitWrite(
            preparing: { () throws(StoreError) in try store.prepareTransactWrite(self) }, completion: completion)
    }
}

extension TransactWriteItemsInput: CapacityMetered {}

extension TransactWriteItemsOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let transactWriteItems = OperationName("TransactWriteItems")
}

extension OperationName {
    /// What a transaction's condition check is judged as: it reads the item it checks.
    public static let conditionCheckItem = OperationName("ConditionCheckItem")
}

extension OperationAccess.Target {
    /// The same target, judged as another action.
    func judged(as action: OperationName) -> Self {
        var copy = self
        copy.action = action
        return copy
    }
}
