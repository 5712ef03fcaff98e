import Foundation
import PartitionStore

/// One row of an ad-hoc query's results: each top-level attribute on one line, and the whole
/// item for the inspector. Secrets are already hidden.
public struct QueryRow: Sendable, Hashable {
    public var cells: [String: String]
    public var item: InspectedItem
}

/// One page of an admin's ad-hoc SELECT.
public struct QueryResultPage: Sendable, Hashable {
    public var statement: String
    public var rows: [QueryRow]
    /// Pass back for the next page; nil on the last.
    public var next: String?
    /// The read capacity the page consumed.
    public var capacityUnits: Double
    /// How the store runs it: "GetItem", "Query" or "Scan".
    public var plannedAs: String?
}

/// How large the table is, as the store reports it (DynamoDB refreshes these figures about every
/// six hours), so the query screen asks before a Scan reads a large table.
public struct TableSize: Sendable, Hashable {
    public var items: Int64
    public var bytes: Int64

    /// More than one Scan page (1 MB): a filtered scan may read many pages to fill one screen.
    public var isLarge: Bool { bytes > 1_048_576 }
}

/// Why a statement cannot run, and where (1-based character position) when the parser knows.
public struct StatementProblem: Sendable, Hashable {
    public var message: String
    public var position: Int?
}

extension VaultRepository {
    /// How many statements the query history keeps per operator.
    public static let queryHistoryLimit = 100
    /// How many pages in a row may come back empty before a query's page is shown empty.
    static let emptyPagesReadOn = 20

    /// Runs one page of a PartiQL SELECT for an admin whose scope is every tenant, and records
    /// it in the audit log (who, the statement, how many items, the capacity). Anything but a
    /// SELECT is refused, as is a statement that names a secret attribute: a WHERE on a secret
    /// would reveal it one guess at a time even though results hide it.
    public func runQuery(
        _ statement: String, nextToken: String? = nil, scope: AccessScope, limit: Int = 50
    ) async throws -> QueryResultPage {
        try await checkQuery(statement, scope: scope)
        let items: [Item]
        let token: String?
        let capacity: Double
        do {
            (items, token, capacity) = try await readQueryPage(statement, nextToken: nextToken, limit: limit)
        } catch {
            try await auditQuery(
                scope, statement, outcome: .rejected, detail: (error as? StoreError)?.message ?? "\(error)")
            throw error
        }
        let rows = items.map { item in
            let shown = Redaction.redacted(item)
            return QueryRow(
                cells: shown.mapValues(Self.cellText),
                item: InspectedItem(
                    key: Self.keyText(shown), attributes: shown, readCapacityUnits: 0, sizeBytes: ItemSize.of(item)))
        }
        try await auditQuery(
            scope, statement, outcome: .done, detail: "\(rows.count) items, \(Self.units(capacity)) RCU")
        if nextToken == nil { try await remember(statement, scope: scope) }
        return QueryResultPage(
            statement: statement, rows: rows, next: token, capacityUnits: capacity, plannedAs: Self.plannedAs(statement)
        )
    }

    /// What is wrong with a statement before it is sent, for checking as it is typed: nil when
    /// it would run. Parsing only; the table and its key are the store's to judge.
    public static func statementProblem(in statement: String) -> StatementProblem? {
        if let refusal = refusal(of: statement) { return refusal }
        if let failure = PartiQLCheck.problem(in: statement) {
            return StatementProblem(message: failure.message, position: failure.position)
        }
        return nil
    }

    /// The table's size, for an admin about to scan it.
    public func tableSize(scope: AccessScope) async throws -> TableSize {
        guard scope.role == .admin, scope.tenants == nil else {
            throw RepositoryError.invalidArgument("Only admins whose scope is every tenant can run queries")
        }
        let table = try await store.describeTable(tableName)
        return TableSize(items: table.itemCount, bytes: table.tableSizeBytes)
    }

    /// The operator's statements, oldest first, as kept in the store across runs.
    public func queryHistory(scope: AccessScope) async throws -> [String] {
        let output = try await store.getItem(GetItemInput(tableName: tableName, key: Self.historyKey(scope)))
        guard case .l(let entries)? = output.item?[Self.historyAttribute] else { return [] }
        return entries.compactMap { if case .s(let text) = $0 { text } else { nil } }
    }

    /// One page of a statement's items, raw; a filtered scan's empty pages are read on (up to a
    /// bound) so a page has something to show, their capacity added up.
    func readQueryPage(
        _ statement: String, nextToken: String?, limit: Int
    ) async throws -> (items: [Item], next: String?, capacity: Double) {
        var items: [Item] = []
        var token = nextToken
        var capacity = 0.0
        var reads = 0
        repeat {
            let output = try await store.send(
                ExecuteStatementInput(
                    statement: statement, nextToken: token, limit: limit, returnConsumedCapacity: .total))
            items += output.items
            token = output.nextToken
            capacity += output.consumedCapacity?.capacityUnits ?? 0
            reads += 1
        } while items.isEmpty && token != nil && reads < Self.emptyPagesReadOn
        return (items, token, capacity)
    }

    /// Refuses what `runQuery` refuses, audited the same way.
    func checkQuery(_ statement: String, scope: AccessScope) async throws {
        if let problem = Self.refusal(of: statement, scope: scope) {
            try await auditQuery(scope, statement, outcome: .refused, detail: problem.message)
            throw RepositoryError.invalidArgument(problem.message)
        }
    }

    // MARK: Rules

    private static func refusal(of statement: String, scope: AccessScope) -> StatementProblem? {
        guard scope.role == .admin, scope.tenants == nil else {
            return StatementProblem(message: "Only admins whose scope is every tenant can run queries", position: nil)
        }
        return refusal(of: statement)
    }

    private static func refusal(of statement: String) -> StatementProblem? {
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return StatementProblem(message: "Type a SELECT statement", position: nil) }
        guard PartiQLCheck.isSelect(text) else {
            return StatementProblem(
                message: "Only SELECT runs here: the console reads and never writes", position: nil)
        }
        let lowered = statement.lowercased()
        for secret in KeyDesign.secretAttributes.sorted() {
            guard let found = lowered.range(of: secret) else { continue }
            return StatementProblem(
                message: "\(secret) is a secret: a statement may not name it (SELECT * shows it hidden)",
                position: lowered.distance(from: lowered.startIndex, to: found.lowerBound) + 1)
        }
        return nil
    }

    // MARK: Audit and history

    private func auditQuery(
        _ scope: AccessScope, _ statement: String, outcome: AuditOutcome, detail: String
    ) async throws {
        try await audit(
            scope, tenantId: KeyDesign.platformTenant, action: .runQuery, entityType: "QUERY", entityId: statement,
            via: "console", outcome: outcome, detail: detail)
    }

    private func remember(_ statement: String, scope: AccessScope) async throws {
        var history = try await queryHistory(scope: scope)
        history.removeAll { $0 == statement }
        history.append(statement)
        if history.count > Self.queryHistoryLimit { history.removeFirst(history.count - Self.queryHistoryLimit) }
        var item = Self.historyKey(scope)
        item[Self.historyAttribute] = .l(history.map { .s($0) })
        _ = try await store.putItem(PutItemInput(tableName: tableName, item: item))
    }

    static let historyAttribute = "statements"

    static func historyKey(_ scope: AccessScope) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.operatorLogins),
            KeyDesign.sortKey: .s("QUERIES#\(scope.operatorName)"),
        ]
    }

    private static func keyText(_ item: Item) -> String {
        let pk = item[KeyDesign.partitionKey].map(ItemJSON.inline) ?? "?"
        let sk = item[KeyDesign.sortKey].map(ItemJSON.inline) ?? "?"
        return "\(pk) / \(sk)"
    }

    /// A value on one line: a string as its text, anything else as JSON.
    static func cellText(_ value: AttributeValue) -> String {
        if case .s(let text) = value { return text }
        return ItemJSON.inline(value)
    }

    static func units(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension VaultRepository {
    /// How a SELECT on this table runs: "GetItem", "Query" or "Scan" (nil when it does not
    /// parse), by the key design's keys, as the store plans it.
    public static func plannedAs(_ statement: String) -> String? {
        var indexes: [String: PartiQLCheck.Key] = [:]
        for index in KeyDesign.Index.allCases {
            indexes[index.rawValue] = PartiQLCheck.Key(partition: index.partitionKey, sort: index.sortKey)
        }
        return PartiQLCheck.plannedAs(
            statement, table: PartiQLCheck.Key(partition: KeyDesign.partitionKey, sort: KeyDesign.sortKey),
            indexes: indexes)
    }

    /// What the query screen's Tab completes: the table and its indexes as a statement names
    /// them, the key design's attributes, PartiQL's keywords and functions.
    public var queryVocabulary: [String] {
        let table = "\"\(tableName)\""
        let indexes = KeyDesign.Index.allCases.map { "\(table).\"\($0.rawValue)\"" }
        let attributes =
            [KeyDesign.partitionKey, KeyDesign.sortKey, KeyDesign.entityAttribute, KeyDesign.expiryAttribute]
            + KeyDesign.Index.allCases.flatMap { [$0.partitionKey, $0.sortKey] }
        let words = [
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "BETWEEN", "IN", "IS", "MISSING", "NULL", "ORDER", "BY",
            "ASC", "DESC", "begins_with", "contains", "attribute_type", "size",
        ]
        return [table] + indexes + attributes + words
    }
}
