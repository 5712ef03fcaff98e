/// ExecuteTransaction: up to 100 PartiQL statements that happen together or not at all. Reads
/// (SELECTs of one item by its full key) run as a TransactGetItems; writes (INSERT, UPDATE,
/// DELETE, with EXISTS as a condition check) as a TransactWriteItems, with its cancellation
/// reasons and ClientRequestToken idempotency. Reads and writes cannot be mixed.

public struct ParameterizedStatement: Sendable {
    public var statement: String
    public var parameters: [AttributeValue]?
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        statement: String, parameters: [AttributeValue]? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.statement = statement
        self.parameters = parameters
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

public struct ExecuteTransactionInput: Sendable {
    public static let maxStatements = 100

    public var transactStatements: [ParameterizedStatement]
    public var clientRequestToken: String?
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(
        transactStatements: [ParameterizedStatement], clientRequestToken: String? = nil,
        returnConsumedCapacity: ReturnConsumedCapacity = .none
    ) {
        self.transactStatements = transactStatements
        self.clientRequestToken = clientRequestToken
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

public struct ExecuteTransactionOutput: Sendable, Hashable {
    /// For reads, one entry per statement, nil where the item does not exist; nil for writes.
    public var responses: [Item?]?
    public var consumedCapacity: [ConsumedCapacity]?

    public init(responses: [Item?]? = nil, consumedCapacity: [ConsumedCapacity]? = nil) {
        self.responses = responses
        self.consumedCapacity = consumedCapacity
    }
}

/// A transaction's statements planned: all reads or all writes.
enum PlannedTransaction {
    case reads(TransactGetItemsInput)
    case writes(TransactWriteItemsInput, inserts: Set<Int>)
}

extension ExecuteTransactionInput: StoreOperation {
    public typealias Output = ExecuteTransactionOutput
    public static let name = OperationName.executeTransaction

    public var access: OperationAccess {
        var targets: [OperationAccess.Target] = []
        for request in transactStatements {
            targets += ExecuteStatementInput(statement: request.statement).access.targets
        }
        return OperationAccess(targets, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// Each statement judged as the operation it is planned as, under IAM's PartiQL actions.
    public func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        var targets: [OperationAccess.Target] = []
        for request in transactStatements {
            targets += try store.singleItemPlan(request.statement, parameters: request.parameters).plan
                .resolvedAccess(on: store).targets
        }
        return OperationAccess(targets, returnConsumedCapacity: returnConsumedCapacity)
    }

    public static var waitsForCommit: Bool { true }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ExecuteTransactionOutput {
        switch try plan(on: store) {
        case .reads(let reads):
            let output = try reads.run(blockingOn: store)
            return ExecuteTransactionOutput(responses: output.responses, consumedCapacity: output.consumedCapacity)
        case .writes(let writes, let inserts):
            do {
                return ExecuteTransactionOutput(consumedCapacity: try writes.run(blockingOn: store).consumedCapacity)
            } catch {
                throw Self.naming(error, inserts: inserts)
            }
        }
    }

    public func run(on store: PartitionStore) async throws(StoreError) -> ExecuteTransactionOutput {
        switch try plan(on: store) {
        case .reads:
            return try run(blockingOn: store)
        case .writes(let writes, let inserts):
            do {
                return ExecuteTransactionOutput(consumedCapacity: try await writes.run(on: store).consumedCapacity)
            } catch {
                throw Self.naming(error, inserts: inserts)
            }
        }
    }

    func plan(on store: PartitionStore) throws(StoreError) -> PlannedTransaction {
        guard (1...Self.maxStatements).contains(transactStatements.count) else {
            throw .constraint(
                .unshown, at: "transactStatements",
                "Member must have length less than or equal to \(Self.maxStatements) and greater than or equal to 1")
        }
        var gets: [TransactGetItem] = []
        var writes: [TransactWriteItem] = []
        var inserts: Set<Int> = []
        for (position, request) in transactStatements.enumerated() {
            switch try store.singleItemPlan(request.statement, parameters: request.parameters).plan {
            case .get(let get):
                gets.append(
                    TransactGetItem(
                        tableName: get.tableName, key: get.key, projectionExpression: get.projectionExpression,
                        expressionAttributeNames: get.expressionAttributeNames))
            case .put(var put):
                put.returnValuesOnConditionCheckFailure = request.returnValuesOnConditionCheckFailure
                writes.append(.put(put))
                inserts.insert(position)
            case .update(var update):
                update.returnValues = .none
                update.returnValuesOnConditionCheckFailure = request.returnValuesOnConditionCheckFailure
                writes.append(.update(update))
            case .delete(var delete):
                delete.returnValues = .none
                delete.returnValuesOnConditionCheckFailure = request.returnValuesOnConditionCheckFailure
                writes.append(.delete(delete))
            case .conditionCheck(var check):
                check.returnValuesOnConditionCheckFailure = request.returnValuesOnConditionCheckFailure
                writes.append(.conditionCheck(check))
            case .query, .scan:
                throw .validation("Only SELECTs of one item by its full primary key can run in a transaction")
            }
        }
        guard gets.isEmpty || writes.isEmpty else {
            throw .validation("A transaction must contain either only read statements or only write statements")
        }
        if !gets.isEmpty {
            // A token on reads (SDKs fill one in) has nothing to make idempotent.
            return .reads(TransactGetItemsInput(transactItems: gets, returnConsumedCapacity: returnConsumedCapacity))
        }
        return .writes(
            TransactWriteItemsInput(
                transactItems: writes, clientRequestToken: clientRequestToken,
                returnConsumedCapacity: returnConsumedCapacity),
            inserts: inserts)
    }

    /// An INSERT cancelled because its key exists reports DuplicateItem, as DynamoDB does.
    private static func naming(_ error: StoreError, inserts: Set<Int>) -> StoreError {
        guard error.code == .transactionCanceled, var reasons = error.cancellationReasons else { return error }
        for position in inserts where position < reasons.count && reasons[position].code == "ConditionalCheckFailed" {
            reasons[position] = CancellationReason(
                code: "DuplicateItem", message: "Duplicate primary key exists in table", item: reasons[position].item)
        }
        return StoreError.cancelled(reasons)
    }
}

extension ExecuteTransactionInput: CapacityMetered {}

extension ExecuteTransactionOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let executeTransaction = OperationName("ExecuteTransaction")
}
