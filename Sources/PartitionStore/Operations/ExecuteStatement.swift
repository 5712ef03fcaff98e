import Foundation

/// ExecuteStatement: one PartiQL statement (SELECT, INSERT, UPDATE or DELETE), planned as the
/// Query, Scan or item write that does its work (see `PartiQLPlanner`).

public struct ExecuteStatementInput: Sendable {
    public var statement: String
    /// The values of the statement's `?`, in order.
    public var parameters: [AttributeValue]?
    public var consistentRead: Bool
    /// From the previous page's output, to read the next page of a SELECT.
    public var nextToken: String?
    /// The most items a SELECT evaluates for this page, as a Query's or Scan's Limit.
    public var limit: Int?
    public var returnConsumedCapacity: ReturnConsumedCapacity
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        statement: String, parameters: [AttributeValue]? = nil, consistentRead: Bool = false,
        nextToken: String? = nil, limit: Int? = nil, returnConsumedCapacity: ReturnConsumedCapacity = .none,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.statement = statement
        self.parameters = parameters
        self.consistentRead = consistentRead
        self.nextToken = nextToken
        self.limit = limit
        self.returnConsumedCapacity = returnConsumedCapacity
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }
}

public struct ExecuteStatementOutput: Sendable, Hashable {
    /// A SELECT's items, or the item a write's RETURNING asked for.
    public var items: [Item]
    /// Present when a SELECT may have more: pass it back for the next page.
    public var nextToken: String?
    /// The key the page stopped at, as a Query or Scan reports it.
    public var lastEvaluatedKey: Item?
    public var consumedCapacity: ConsumedCapacity?

    public init(
        items: [Item] = [], nextToken: String? = nil, lastEvaluatedKey: Item? = nil,
        consumedCapacity: ConsumedCapacity? = nil
    ) {
        self.items = items
        self.nextToken = nextToken
        self.lastEvaluatedKey = lastEvaluatedKey
        self.consumedCapacity = consumedCapacity
    }
}

extension ExecuteStatementInput: StoreOperation {
    public typealias Output = ExecuteStatementOutput
    public static let name = OperationName.executeStatement

    /// The table and whether the statement reads or writes; the engine resolves the rest by
    /// planning it (`resolvedAccess(on:)`).
    public var access: OperationAccess {
        guard let parsed = try? ExpressionCache.shared.statement(statement) else { return OperationAccess([]) }
        return OperationAccess(
            [OperationAccess.Target(table: parsed.statement.table, kind: parsed.statement.isRead ? .read : .write)],
            returnConsumedCapacity: returnConsumedCapacity)
    }

    /// Judged as the operation it is planned as, under IAM's PartiQL actions.
    public func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        try store.partiQLPlan(self).resolvedAccess(on: store)
    }

    public static var waitsForCommit: Bool { true }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ExecuteStatementOutput {
        try store.partiQLPlan(self).run(blockingOn: store)
    }

    public func run(on store: PartitionStore) async throws(StoreError) -> ExecuteStatementOutput {
        try await store.partiQLPlan(self).run(on: store)
    }
}

extension ExecuteStatementInput: CapacityMetered {}

extension ExecuteStatementOutput: CapacityReport {
    public var consumedCapacities: [ConsumedCapacity] { consumedCapacity.map { [$0] } ?? [] }
}

extension OperationName {
    public static let executeStatement = OperationName("ExecuteStatement")
    /// The IAM actions a statement is judged as.
    public static let partiQLSelect = OperationName("PartiQLSelect")
    public static let partiQLInsert = OperationName("PartiQLInsert")
    public static let partiQLUpdate = OperationName("PartiQLUpdate")
    public static let partiQLDelete = OperationName("PartiQLDelete")
}

// MARK: - Running a plan

extension PartitionStore {
    /// The statement parsed (once per text), bound and planned against its table's schema, with
    /// the request's paging, consistency and capacity options applied.
    func partiQLPlan(_ input: ExecuteStatementInput) throws(StoreError) -> PartiQLPlan {
        var plan = try partiQLPlan(input.statement, parameters: input.parameters)
        try plan.apply(input)
        return plan
    }

    func partiQLPlan(_ statement: String, parameters: [AttributeValue]?) throws(StoreError) -> PartiQLPlan {
        let parsed = try ExpressionCache.shared.statement(statement)
        return try PartiQLPlanner.plan(parsed, parameters: parameters, schema: try cachedSchema(parsed.statement.table))
    }

    /// A statement of a batch or a transaction: a SELECT as the GetItem of the one item its full
    /// key names, anything else as ExecuteStatement plans it.
    func singleItemPlan(
        _ statement: String, parameters: [AttributeValue]?
    ) throws(StoreError) -> (statement: PartiQLStatement, plan: PartiQLPlan) {
        let parsed = try ExpressionCache.shared.statement(statement)
        let schema = try cachedSchema(parsed.statement.table)
        if parsed.statement.isRead {
            return (parsed.statement, .get(try PartiQLPlanner.planGet(parsed, parameters: parameters, schema: schema)))
        }
        return (parsed.statement, try PartiQLPlanner.plan(parsed, parameters: parameters, schema: schema))
    }

    /// A table's schema from the cached catalog, or a fresh one when another process made the
    /// table since; ResourceNotFoundException when there is none.
    func cachedSchema(_ table: String) throws(StoreError) -> TableSchema {
        if let known = catalog.withLock({ $0.tables[table] }) { return known }
        return try read { _, catalog throws(StoreError) in try schema(table, in: catalog) }
    }
}

extension PartiQLPlan {
    mutating func apply(_ input: ExecuteStatementInput) throws(StoreError) {
        if let limit = input.limit, limit < 1 {
            throw .constraint(.value("\(limit)"), at: "limit", "Member must have value greater than or equal to 1")
        }
        let start = try input.nextToken.map { token throws(StoreError) in try PartiQLPageToken.key(of: token) }
        // Query and Scan share their page members (PagedRead), the writes theirs (ConditionalWrite).
        func paged<Read: PagedRead>(_ read: Read) -> Read {
            var read = read
            read.limit = input.limit
            read.consistentRead = input.consistentRead
            read.exclusiveStartKey = start
            read.returnConsumedCapacity = input.returnConsumedCapacity
            return read
        }
        func conditional<Write: ConditionalWrite>(_ write: Write) -> Write {
            var write = write
            write.returnConsumedCapacity = input.returnConsumedCapacity
            write.returnValuesOnConditionCheckFailure = input.returnValuesOnConditionCheckFailure
            return write
        }
        switch self {
        case .query(let query): self = .query(paged(query))
        case .scan(let scan): self = .scan(paged(scan))
        case .get(var get):
            get.consistentRead = input.consistentRead
            get.returnConsumedCapacity = input.returnConsumedCapacity
            self = .get(get)
        case .conditionCheck:
            throw .validation("EXISTS can only be used in a transaction (ExecuteTransaction)")
        case .put(let put): self = .put(conditional(put))
        case .update(let update): self = .update(conditional(update))
        case .delete(let delete): self = .delete(conditional(delete))
        }
        if case .get = self, input.nextToken != nil {
            throw .validation("Invalid NextToken")
        }
        if !isRead, input.nextToken != nil || input.limit != nil {
            throw .validation("NextToken and Limit apply to SELECT statements only")
        }
    }

    /// Judged exactly as the operation the statement is planned as (the same keys, attributes
    /// and Select), under IAM's PartiQL action: PartiQLSelect, PartiQLInsert, PartiQLUpdate or
    /// PartiQLDelete.
    func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        var access = try operationAccess(on: store)
        access.targets = access.targets.map { $0.judged(as: partiQLAction) }
        return access
    }

    var partiQLAction: OperationName {
        switch self {
        case .query, .scan, .get, .conditionCheck: .partiQLSelect
        case .put: .partiQLInsert
        case .update: .partiQLUpdate
        case .delete: .partiQLDelete
        }
    }

    private func operationAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        switch self {
        case .query(let query): try query.resolvedAccess(on: store)
        case .scan(let scan): try scan.resolvedAccess(on: store)
        case .get(let get): try get.resolvedAccess(on: store)
        case .put(let put): try put.resolvedAccess(on: store)
        case .update(let update): try update.resolvedAccess(on: store)
        case .delete(let delete): try delete.resolvedAccess(on: store)
        case .conditionCheck(let check):
            try TransactWriteItemsInput(transactItems: [.conditionCheck(check)]).resolvedAccess(on: store)
        }
    }

    func run(blockingOn store: PartitionStore) throws(StoreError) -> ExecuteStatementOutput {
        switch self {
        case .query(let query): return Self.output(try query.run(blockingOn: store))
        case .scan(let scan): return Self.output(try scan.run(blockingOn: store))
        case .put(let put):
            return try Self.output(inserting: { () throws(StoreError) in try put.run(blockingOn: store) })
        case .update(let update): return Self.output(try update.run(blockingOn: store))
        case .delete(let delete): return Self.output(try delete.run(blockingOn: store))
        case .get(let get):
            let output = try get.run(blockingOn: store)
            return ExecuteStatementOutput(
                items: output.item.map { [$0] } ?? [], consumedCapacity: output.consumedCapacity)
        case .conditionCheck: throw .validation("EXISTS can only be used in a transaction (ExecuteTransaction)")
        }
    }

    fileprivate func run(on store: PartitionStore) async throws(StoreError) -> ExecuteStatementOutput {
        switch self {
        case .query, .scan, .get, .conditionCheck:
            return try run(blockingOn: store)
        case .put(let put):
            do {
                return Self.output(try await put.run(on: store))
            } catch {
                throw Self.duplicate(error)
            }
        case .update(let update): return Self.output(try await update.run(on: store))
        case .delete(let delete): return Self.output(try await delete.run(on: store))
        }
    }

    private static func output(_ page: ItemPage) -> ExecuteStatementOutput {
        ExecuteStatementOutput(
            items: page.items, nextToken: page.lastEvaluatedKey.map(PartiQLPageToken.token),
            lastEvaluatedKey: page.lastEvaluatedKey, consumedCapacity: page.consumedCapacity)
    }

    private static func output(_ write: WriteItemOutput) -> ExecuteStatementOutput {
        ExecuteStatementOutput(items: write.attributes.map { [$0] } ?? [], consumedCapacity: write.consumedCapacity)
    }

    private static func output(
        inserting body: () throws(StoreError) -> WriteItemOutput
    ) throws(StoreError) -> ExecuteStatementOutput {
        do {
            return output(try body())
        } catch {
            throw duplicate(error)
        }
    }

    /// An INSERT's failed "no such key yet" condition is DynamoDB's DuplicateItemException.
    static func duplicate(_ error: StoreError) -> StoreError {
        guard error.code == .conditionalCheckFailed else { return error }
        return StoreError(.duplicateItem, "Duplicate primary key exists in table")
    }
}

/// A SELECT's NextToken: the key its page stopped at, in a compact, self-checking text form.
enum PartiQLPageToken {
    static func token(_ key: Item) -> String {
        var bytes: [UInt8] = [1]
        for (name, value) in key.sorted(by: { $0.key < $1.key }) {
            let payload: (UInt8, [UInt8])
            switch value {
            case .s(let text): payload = (UInt8(ascii: "S"), Array(text.utf8))
            case .n(let number): payload = (UInt8(ascii: "N"), Array(number.description.utf8))
            case .b(let data): payload = (UInt8(ascii: "B"), data)
            default: continue
            }
            append(Array(name.utf8), to: &bytes)
            bytes.append(payload.0)
            append(payload.1, to: &bytes)
        }
        return Data(bytes).base64EncodedString()
    }

    static func key(of token: String) throws(StoreError) -> Item {
        let invalid = StoreError.validation("Invalid NextToken")
        guard token.utf8.count <= 16_384, let data = Data(base64Encoded: token), data.first == 1 else { throw invalid }
        let bytes = Array(data)
        var key = Item()
        var index = 1
        func field() throws(StoreError) -> [UInt8] {
            guard index + 4 <= bytes.count else { throw invalid }
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            index += 4
            guard length <= bytes.count - index else { throw invalid }
            defer { index += length }
            return Array(bytes[index..<index + length])
        }
        while index < bytes.count {
            let name = String(decoding: try field(), as: UTF8.self)
            guard index < bytes.count else { throw invalid }
            let type = bytes[index]
            index += 1
            let payload = try field()
            switch type {
            case UInt8(ascii: "S"): key[name] = .s(String(decoding: payload, as: UTF8.self))
            case UInt8(ascii: "N"):
                guard let number = try? DecimalNumber(String(decoding: payload, as: UTF8.self)) else { throw invalid }
                key[name] = .n(number)
            case UInt8(ascii: "B"): key[name] = .b(payload)
            default: throw invalid
            }
        }
        guard !key.isEmpty else { throw invalid }
        return key
    }

    private static func append(_ field: [UInt8], to bytes: inout [UInt8]) {
        let length = field.count
        bytes += [
            UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
        bytes += field
    }
}
