/// BatchExecuteStatement: up to 25 PartiQL statements, all reads of one item by its full key or
/// all writes, each run on its own; one statement's failure is reported in its place and does not
/// stop the others.

public struct BatchStatementRequest: Sendable {
    public var statement: String
    public var parameters: [AttributeValue]?
    public var consistentRead: Bool
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        statement: String, parameters: [AttributeValue]? = nil, consistentRead: Bool = false,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.statement = statement
        self.parameters = parameters
        self.consistentRead = consistentRead
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

public struct BatchExecuteStatementInput: Sendable {
    public static let maxStatements = 25

    public var statements: [BatchStatementRequest]
    public var returnConsumedCapacity: ReturnConsumedCapacity

    public init(statements: [BatchStatementRequest], returnConsumedCapacity: ReturnConsumedCapacity = .none) {
        self.statements = statements
        self.returnConsumedCapacity = returnConsumedCapacity
    }
}

/// One statement's outcome: the table and the item read, or the error in DynamoDB's batch terms.
public struct BatchStatementResponse: Sendable, Hashable {
    /// DynamoDB's BatchStatementErrorCodeEnum: the exception's name without "Exception",
    /// ValidationException as ValidationError.
    public struct Failure: Sendable, Hashable {
        public var code: String
        public var message: String
        /// The item, for a failed condition with ReturnValuesOnConditionCheckFailure ALL_OLD.
        public var item: Item?

        public init(code: String, message: String, item: Item? = nil) {
            self.code = code
            self.message = message
            self.item = item
        }

        init(_ error: StoreError) {
            let name = error.code.rawValue
            let code =
                switch error.code {
                case .validation: "ValidationError"
                case .throttled: "ThrottlingError"
                case .internalFailure, .storeBusy, .serviceUnavailable: "InternalServerError"
                default: name.hasSuffix("Exception") ? String(name.dropLast("Exception".count)) : name
                }
            self.init(code: code, message: error.message, item: error.item)
        }
    }

    public var tableName: String?
    public var item: Item?
    public var error: Failure?

    public init(tableName: String? = nil, item: Item? = nil, error: Failure? = nil) {
        self.tableName = tableName
        self.item = item
        self.error = error
    }
}

public struct BatchExecuteStatementOutput: Sendable, Hashable {
    /// One response per statement, in order.
    public var responses: [BatchStatementResponse]
    public var consumedCapacity: [ConsumedCapacity]?

    public init(responses: [BatchStatementResponse], consumedCapacity: [ConsumedCapacity]? = nil) {
        self.responses = responses
        self.consumedCapacity = consumedCapacity
    }
}

extension BatchExecuteStatementInput: StoreOperation {
    public typealias Output = BatchExecuteStatementOutput
    public static let name = OperationName.batchExecuteStatement

    public var access: OperationAccess {
        var targets: [OperationAccess.Target] = []
        for request in statements {
            targets += ExecuteStatementInput(statement: request.statement).access.targets
        }
        return OperationAccess(targets, returnConsumedCapacity: returnConsumedCapacity)
    }

    /// Every statement judged as the operation it is planned as; one that cannot be planned is
    /// judged by its table alone (it fails in its place when the batch runs).
    public func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        var targets: [OperationAccess.Target] = []
        for request in statements {
            if let planned = try? store.singleItemPlan(request.statement, parameters: request.parameters) {
                targets += try planned.plan.resolvedAccess(on: store).targets
            } else {
                targets += ExecuteStatementInput(statement: request.statement).access.targets
            }
        }
        return OperationAccess(targets, returnConsumedCapacity: returnConsumedCapacity)
    }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> BatchExecuteStatementOutput {
        try validate()
        var responses: [BatchStatementResponse] = []
        var capacity = CapacityTally(returnConsumedCapacity)
        var kind: Bool?
        for request in statements {
            do throws(StoreError) {
                var (statement, plan) = try store.singleItemPlan(request.statement, parameters: request.parameters)
                if let kind, kind != statement.isRead {
                    throw .validation("Batch statements must be all reads or all writes")
                }
                kind = statement.isRead
                try plan.apply(
                    ExecuteStatementInput(
                        statement: request.statement, consistentRead: request.consistentRead,
                        returnConsumedCapacity: returnConsumedCapacity,
                        returnValuesOnConditionCheckFailure: request.returnValuesOnConditionCheckFailure))
                let output = try plan.run(blockingOn: store)
                capacity.add(output.consumedCapacity)
                responses.append(BatchStatementResponse(tableName: statement.table, item: output.items.first))
            } catch {
                if error.code == .storeBusy || error.code == .internalFailure { throw error }
                responses.append(BatchStatementResponse(error: BatchStatementResponse.Failure(error)))
            }
        }
        return BatchExecuteStatementOutput(responses: responses, consumedCapacity: capacity.result)
    }

    private func validate() throws(StoreError) {
        guard (1...Self.maxStatements).contains(statements.count) else {
            throw .constraint(
                .unshown, at: "statements",
                "Member must have length less than or equal to \(Self.maxStatements) and greater than or equal to 1"
            )
        }
    }
}

/// Capacity of several operations, added up per table when the request asked for it.
struct CapacityTally {
    private let choice: ReturnConsumedCapacity
    private var byTable: [String: ConsumedCapacity] = [:]
    private var order: [String] = []

    init(_ choice: ReturnConsumedCapacity) {
        self.choice = choice
    }

    mutating func add(_ consumed: ConsumedCapacity?) {
        guard let consumed else { return }
        if let known = byTable[consumed.tableName] {
            byTable[consumed.tableName] = known.adding(consumed)
        } else {
            byTable[consumed.tableName] = consumed
            order.append(consumed.tableName)
        }
    }

    var result: [ConsumedCapacity]? {
        choice == .none ? nil : order.compactMap { byTable[$0] }
    }
}

extension BatchExecuteStatementInput: CapacityMetered {}

extension BatchExecuteStatementOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity ?? [] }
}

extension OperationName {
    public static let batchExecuteStatement = OperationName("BatchExecuteStatement")
}

extension ConsumedCapacity {
    /// The capacity of two operations on the same table, added up.
    func adding(_ other: ConsumedCapacity) -> ConsumedCapacity {
        func sum(_ a: Double?, _ b: Double?) -> Double? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        func merge(_ a: [String: Capacity]?, _ b: [String: Capacity]?) -> [String: Capacity]? {
            guard a != nil || b != nil else { return nil }
            return (a ?? [:]).merging(b ?? [:]) { Capacity(capacityUnits: $0.capacityUnits + $1.capacityUnits) }
        }
        var total = self
        total.capacityUnits += other.capacityUnits
        total.readCapacityUnits = sum(readCapacityUnits, other.readCapacityUnits)
        total.writeCapacityUnits = sum(writeCapacityUnits, other.writeCapacityUnits)
        if table != nil || other.table != nil {
            total.table = Capacity(capacityUnits: (table?.capacityUnits ?? 0) + (other.table?.capacityUnits ?? 0))
        }
        total.globalSecondaryIndexes = merge(globalSecondaryIndexes, other.globalSecondaryIndexes)
        total.localSecondaryIndexes = merge(localSecondaryIndexes, other.localSecondaryIndexes)
        return total
    }
}
