import Foundation

extension PartitionStore {
    static let maxTransactionItems = 100
    static let maxTransactionBytes = 4 * 1024 * 1024
    /// How long a ClientRequestToken makes a repeat idempotent.
    static let requestTokenLifetime: Double = 10 * 60

    // MARK: TransactWriteItems

    /// Up to 100 puts, updates, deletes and condition checks that all happen or none does, in
    /// one SQLite transaction. When a condition fails, nothing is written and the error carries
    /// one CancellationReason per action.
    @discardableResult
    public func transactWriteItems(_ input: TransactWriteItemsInput) throws(StoreError) -> TransactWriteItemsOutput {
        try write(prepareTransactWrite(input))
    }

    func prepareTransactWrite(
        _ input: TransactWriteItemsInput
    ) throws(StoreError) -> WriteBody<TransactWriteItemsOutput> {
        guard (1...Self.maxTransactionItems).contains(input.transactItems.count) else {
            throw .constraint(
                .unshown, at: "transactItems",
                "Member must have length less than or equal to \(Self.maxTransactionItems) and greater than or equal to 1"
            )
        }
        if let token = input.clientRequestToken, !(1...36).contains(token.count) {
            throw .constraint(
                .value("\(token)"), at: "clientRequestToken",
                "Member must have length less than or equal to 36 and greater than or equal to 1")
        }
        let actions = try input.transactItems.map { action throws(StoreError) in try PreparedAction(action) }
        let bytes = actions.reduce(0) { $0 + $1.requestBytes }
        guard bytes <= Self.maxTransactionBytes else {
            throw .validation("Transaction request size exceeds the maximum of 4 MB: \(bytes) bytes")
        }
        let fingerprint = input.clientRequestToken.map { _ in RequestFingerprint.of(input) }
        var emptyMeter = CapacityMeter(input.returnConsumedCapacity)
        emptyMeter.multiplier = 2
        let initialMeter = emptyMeter

        return { [self] connection, catalog throws(StoreError) in
            var meter = initialMeter
            if let token = input.clientRequestToken, let fingerprint {
                if try sql(connection, { try RequestTokens.seen(token, fingerprint: fingerprint, connection) }) {
                    return TransactWriteItemsOutput(consumedCapacity: meter.report())
                }
            }
            // Resolve tables and keys; a bad key or a repeated item fails the request outright.
            var targets: [(TableSchema, EncodedKey)] = []
            var seen: Set<ItemIdentity> = []
            for action in actions {
                let schema = try schema(action.tableName, in: catalog)
                let key = try action.key(in: schema)
                guard seen.insert(ItemIdentity(table: schema.id, key: key)).inserted else {
                    throw .validation("Transaction request cannot include multiple operations on one item")
                }
                if case .update(_, let plan) = action.kind {
                    for path in plan.targets where schema.key.type(of: path.attribute) != nil {
                        throw .invalidParameter(
                            "Cannot update attribute \(path.attribute). This attribute is part of the key")
                    }
                }
                targets.append((schema, key))
            }
            // Check every condition and compute every new item before writing anything.
            var reasons: [CancellationReason] = []
            var changes: [(TableSchema, EncodedKey, old: Item?, new: Item?)] = []
            var cancelled = false
            for (action, (schema, key)) in zip(actions, targets) {
                let old = try sql(connection) { try ItemStorage.read(schema, key, connection) }
                do throws(StoreError) {
                    try action.condition.check(old)
                    let new: Item?
                    switch action.kind {
                    case .put(let item): new = item
                    case .update(let keyItem, let plan):
                        let updated = try plan.apply(to: old ?? keyItem)
                        try ItemValidation.checkSize(updated)
                        _ = try schema.indexes.map { index throws(StoreError) in try index.encodedKey(ofItem: updated) }
                        new = updated
                    case .delete: new = nil
                    case .check:
                        meter.read(schema, bytes: old.map(ItemSize.of) ?? 0, consistent: true)
                        reasons.append(.none)
                        continue
                    }
                    changes.append((schema, key, old, new))
                    reasons.append(.none)
                } catch let error where error.code == .conditionalCheckFailed {
                    cancelled = true
                    reasons.append(
                        CancellationReason(code: "ConditionalCheckFailed", message: error.message, item: error.item))
                } catch {
                    cancelled = true
                    reasons.append(CancellationReason(code: "ValidationError", message: error.message, item: nil))
                }
            }
            if cancelled { throw StoreError.cancelled(reasons) }
            try sql(connection) {
                for (schema, key, old, new) in changes {
                    meter.write(schema, old: old, new: new)
                    if let new {
                        try ItemStorage.write(schema, key, old: old, new: new, connection)
                    } else if let old {
                        try ItemStorage.delete(schema, key, old: old, connection)
                    }
                }
                if let token = input.clientRequestToken, let fingerprint {
                    try RequestTokens.remember(token, fingerprint: fingerprint, connection)
                }
            }
            return TransactWriteItemsOutput(consumedCapacity: meter.report())
        }
    }

    // MARK: TransactGetItems

    /// Up to 100 gets read from one consistent snapshot.
    public func transactGetItems(_ input: TransactGetItemsInput) throws(StoreError) -> TransactGetItemsOutput {
        guard (1...Self.maxTransactionItems).contains(input.transactItems.count) else {
            throw .constraint(
                .unshown, at: "transactItems",
                "Member must have length less than or equal to \(Self.maxTransactionItems) and greater than or equal to 1"
            )
        }
        var projections: [[AttributePath]?] = []
        for get in input.transactItems {
            var expressions = try RequestExpressions(
                names: get.expressionAttributeNames, values: nil, legacy: [:],
                expressions: ["ProjectionExpression": get.projectionExpression != nil])
            projections.append(try expressions.projection(get.projectionExpression))
            try expressions.finish()
        }
        var meter = CapacityMeter(input.returnConsumedCapacity)
        meter.multiplier = 2
        return try read(snapshot: true) { connection, catalog throws(StoreError) in
            var seen: Set<ItemIdentity> = []
            var responses: [Item?] = []
            for (get, projection) in zip(input.transactItems, projections) {
                let schema = try schema(get.tableName, in: catalog)
                let key = try schema.key.encodedKey(ofKey: get.key)
                guard seen.insert(ItemIdentity(table: schema.id, key: key)).inserted else {
                    throw .validation("Transaction request cannot include multiple operations on one item")
                }
                let item = try sql(connection) { try ItemStorage.read(schema, key, connection) }
                meter.read(schema, bytes: item.map(ItemSize.of) ?? 0, consistent: true)
                if let item, let projection {
                    responses.append(try ItemProjection.project(item, projection))
                } else {
                    responses.append(item)
                }
            }
            return TransactGetItemsOutput(responses: responses, consumedCapacity: meter.report())
        }
    }
}

/// One item of one table: what a transaction may touch only once.
struct ItemIdentity: Hashable {
    var table: Int64
    var key: EncodedKey
}

/// One action of a transaction with its expressions compiled.
struct PreparedAction {
    enum Kind {
        case put(Item)
        case update(key: Item, UpdatePlan)
        case delete(Item)
        case check(Item)
    }

    var kind: Kind
    var tableName: String
    var condition: WriteCondition
    var requestBytes: Int

    init(_ action: TransactWriteItem) throws(StoreError) {
        tableName = action.tableName
        switch action {
        case .put(let input):
            try ItemValidation.check(input.item)
            condition = try WriteCondition(of: input)
            kind = .put(input.item)
            requestBytes = ItemSize.of(input.item)
        case .update(let input):
            var expressions = try RequestExpressions(
                names: input.expressionAttributeNames, values: input.expressionAttributeValues,
                legacy: ["AttributeUpdates": input.attributeUpdates != nil, "Expected": input.expected != nil],
                expressions: [
                    "UpdateExpression": input.updateExpression != nil,
                    "ConditionExpression": input.conditionExpression != nil,
                ])
            guard let plan = try expressions.update(input.updateExpression) else {
                throw .constraint(.null, at: "transactItems.update.updateExpression", "Member must not be null")
            }
            let predicate = try expressions.condition(input.conditionExpression, .condition)
            try expressions.finish()
            condition = WriteCondition(predicate: predicate, onFailure: input.returnValuesOnConditionCheckFailure)
            kind = .update(key: input.key, plan)
            requestBytes = ItemSize.of(input.key) + (input.expressionAttributeValues.map(ItemSize.of) ?? 0)
        case .delete(let input):
            condition = try WriteCondition(of: input)
            kind = .delete(input.key)
            requestBytes = ItemSize.of(input.key)
        case .conditionCheck(let input):
            condition = try WriteCondition(
                input.conditionExpression, expected: nil, conditionalOperator: nil,
                names: input.expressionAttributeNames, values: input.expressionAttributeValues,
                onFailure: input.returnValuesOnConditionCheckFailure)
            kind = .check(input.key)
            requestBytes = ItemSize.of(input.key)
        }
    }

    func key(in schema: TableSchema) throws(StoreError) -> EncodedKey {
        switch kind {
        case .put(let item): try schema.key.encodedKey(ofItem: item)
        case .update(let key, _), .delete(let key), .check(let key): try schema.key.encodedKey(ofKey: key)
        }
    }
}

/// ClientRequestTokens of recent transactions, kept in the file so a repeat from any process is
/// recognised.
enum RequestTokens {
    /// True when `token` was used within the last 10 minutes with the same request; throws
    /// IdempotentParameterMismatch when it was used with a different one.
    static func seen(_ token: String, fingerprint: String, _ connection: SQLiteConnection) throws -> Bool {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let statement = try connection.statement("DELETE FROM vd_request_tokens WHERE created_ms < ?1")
        statement.bind(1, now - Int64(PartitionStore.requestTokenLifetime * 1000))
        try statement.run()
        let lookup = try connection.statement("SELECT fingerprint FROM vd_request_tokens WHERE token = ?1")
        defer { lookup.reset() }
        lookup.bind(1, token)
        guard try lookup.step() else { return false }
        guard lookup.text(0) == fingerprint else {
            throw StoreError(
                .idempotentParameterMismatch, "Specified ClientRequestToken is already in use with different parameters"
            )
        }
        return true
    }

    static func remember(_ token: String, fingerprint: String, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO vd_request_tokens(token, fingerprint, created_ms) VALUES (?1, ?2, ?3)")
        statement.bind(1, token)
        statement.bind(2, fingerprint)
        statement.bind(3, Int64(Date().timeIntervalSince1970 * 1000))
        try statement.run()
    }
}

/// A digest of a transaction's parameters that is the same in every process: maps and sets are
/// written in sorted order before hashing.
enum RequestFingerprint {
    static func of(_ input: TransactWriteItemsInput) -> String {
        var text = ""
        for action in input.transactItems {
            switch action {
            case .put(let put):
                text +=
                    "P|\(put.tableName)|\(canonical(put.item))|\(put.conditionExpression ?? "")|\(canonical(put.expressionAttributeNames))|\(canonical(put.expressionAttributeValues))|\(put.returnValuesOnConditionCheckFailure.rawValue)\n"
            case .update(let update):
                text +=
                    "U|\(update.tableName)|\(canonical(update.key))|\(update.updateExpression ?? "")|\(update.conditionExpression ?? "")|\(canonical(update.expressionAttributeNames))|\(canonical(update.expressionAttributeValues))|\(update.returnValuesOnConditionCheckFailure.rawValue)\n"
            case .delete(let delete):
                text +=
                    "D|\(delete.tableName)|\(canonical(delete.key))|\(delete.conditionExpression ?? "")|\(canonical(delete.expressionAttributeNames))|\(canonical(delete.expressionAttributeValues))|\(delete.returnValuesOnConditionCheckFailure.rawValue)\n"
            case .conditionCheck(let check):
                text +=
                    "C|\(check.tableName)|\(canonical(check.key))|\(check.conditionExpression)|\(canonical(check.expressionAttributeNames))|\(canonical(check.expressionAttributeValues))|\(check.returnValuesOnConditionCheckFailure.rawValue)\n"
            }
        }
        // Two independent 64-bit FNV-1a digests: a collision between different requests would
        // need both to collide.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x84222325_cbf29ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 0x9e37_79b9
        }
        return String(first, radix: 16) + String(second, radix: 16) + ":\(text.utf8.count)"
    }

    static func canonical(_ item: Item?) -> String {
        guard let item else { return "-" }
        return canonical(.m(item))
    }

    static func canonical(_ names: [String: String]?) -> String {
        guard let names else { return "-" }
        return names.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func canonical(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): "S\(text.utf8.count):\(text)"
        case .n(let number): "N\(number)"
        case .b(let bytes): "B\(bytes.map { String($0) }.joined(separator: "."))"
        case .bool(let flag): "BOOL\(flag)"
        case .null: "NULL"
        case .m(let map):
            "M{"
                + map.sorted { $0.key < $1.key }.map { "\($0.key.utf8.count):\($0.key)=\(canonical($0.value))" }.joined(
                    separator: ",") + "}"
        case .l(let list): "L[" + list.map(canonical).joined(separator: ",") + "]"
        case .ss(let set): "SS[" + set.map { canonical(.s($0)) }.sorted().joined(separator: ",") + "]"
        case .ns(let set): "NS[" + set.map { canonical(.n($0)) }.sorted().joined(separator: ",") + "]"
        case .bs(let set): "BS[" + set.map { canonical(.b($0)) }.sorted().joined(separator: ",") + "]"
        }
    }
}
