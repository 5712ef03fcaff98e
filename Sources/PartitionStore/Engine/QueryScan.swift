extension PartitionStore {
    // MARK: Query

    public func query(_ input: QueryInput) throws(StoreError) -> ItemPage {
        try queryStored(input).materialized()
    }

    /// Query, with the page's items left in their stored form: for callers that read a few
    /// attributes of each item, or pass the bytes on.
    public func queryStored(_ input: QueryInput) throws(StoreError) -> StoredPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        var expressions = try RequestExpressions(
            names: input.expressionAttributeNames, values: input.expressionAttributeValues,
            legacy: [
                "KeyConditions": input.keyConditions != nil, "QueryFilter": input.queryFilter != nil,
                "ConditionalOperator": input.conditionalOperator != nil,
                "AttributesToGet": input.attributesToGet != nil,
            ],
            expressions: [
                "KeyConditionExpression": input.keyConditionExpression != nil,
                "FilterExpression": input.filterExpression != nil,
                "ProjectionExpression": input.projectionExpression != nil,
            ]
        )
        let keyPredicate = try expressions.condition(input.keyConditionExpression, .keyCondition)
        let filter = try PageFilter(
            expressions: &expressions, input.filterExpression, legacy: input.queryFilter, input.conditionalOperator,
            parameter: "QueryFilter")
        let projection = try PageProjection(
            expressions: &expressions, input.projectionExpression, attributesToGet: input.attributesToGet)
        try expressions.finish()
        guard keyPredicate != nil || input.keyConditions != nil else {
            throw .validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }

        // Reading through a local index may fetch base items too: those reads share one snapshot.
        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(
                try schema(input.tableName, in: catalog), indexName: input.indexName,
                consistentRead: input.consistentRead)
            let condition =
                if let keyPredicate {
                    try KeyConditionCompiler.compile(keyPredicate, key: target.key)
                } else {
                    try KeyConditionCompiler.compile(input.keyConditions ?? [:], key: target.key)
                }
            try filter.checkNoKeyAttributes(target.key)
            let selection = try Selection(input.select, projection: projection, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: false)

            var query = SQLBuilder(target: target, operation: .query(forward: input.scanIndexForward))
            let partition = KeyCodec.encode(condition.partition)
            query.add(.partition, binds: [.integer(KeyCodec.partitionHash(partition)), .blob(partition)])
            let bounds = try SortBounds(condition.sort)
            if let start {
                guard start.partition == partition, bounds.contains(start.sort) else {
                    throw .validation(
                        "The provided starting key is outside query boundaries based on provided conditions")
                }
            }
            // The start key replaces the bound on its own side: SQLite can use only one bound per
            // side, and it must be the start key's, or every later page would re-read earlier rows.
            let forward = input.scanIndexForward
            if let lower = bounds.lower, start == nil || !forward {
                query.add(.sort(lower.inclusive ? ">=" : ">"), binds: [.blob(lower.bytes)])
            }
            if let upper = bounds.upper, start == nil || forward {
                query.add(.sort(upper.inclusive ? "<=" : "<"), binds: [.blob(upper.bytes)])
            }
            if let start { query.add(.after(includeHash: false), binds: start.values) }
            return try sql(connection) {
                try PageReader.read(
                    query, selection: selection, filter: filter.predicate, limit: input.limit,
                    capacity: input.returnConsumedCapacity, consistent: input.consistentRead, connection)
            }
        }
    }

    // MARK: Scan

    public func scan(_ input: ScanInput) throws(StoreError) -> ItemPage {
        try scanStored(input).materialized()
    }

    /// Scan, with the page's items left in their stored form.
    public func scanStored(_ input: ScanInput) throws(StoreError) -> StoredPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        let (low, high) = try PageLimits.segmentRange(segment: input.segment, totalSegments: input.totalSegments)
        var expressions = try RequestExpressions(
            names: input.expressionAttributeNames, values: input.expressionAttributeValues,
            legacy: [
                "ScanFilter": input.scanFilter != nil, "ConditionalOperator": input.conditionalOperator != nil,
                "AttributesToGet": input.attributesToGet != nil,
            ],
            expressions: [
                "FilterExpression": input.filterExpression != nil,
                "ProjectionExpression": input.projectionExpression != nil,
            ]
        )
        let filter = try PageFilter(
            expressions: &expressions, input.filterExpression, legacy: input.scanFilter, input.conditionalOperator,
            parameter: "ScanFilter")
        let projection = try PageProjection(
            expressions: &expressions, input.projectionExpression, attributesToGet: input.attributesToGet)
        try expressions.finish()

        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(
                try schema(input.tableName, in: catalog), indexName: input.indexName,
                consistentRead: input.consistentRead)
            let selection = try Selection(input.select, projection: projection, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: true)

            var query = SQLBuilder(target: target, operation: .scan)
            if let start {
                // As in Query, the start key is the lower bound, so each page starts where the last ended.
                guard start.hash >= low, start.hash < high else {
                    throw .validation(
                        "The provided starting key is invalid: it does not belong to segment \(input.segment ?? 0) of \(input.totalSegments ?? 1)"
                    )
                }
                query.add(.after(includeHash: true), binds: start.values)
                query.add(.segmentEnd, binds: [.integer(high)])
            } else {
                query.add(.segment, binds: [.integer(low), .integer(high)])
            }
            return try sql(connection) {
                try PageReader.read(
                    query, selection: selection, filter: filter.predicate, limit: input.limit,
                    capacity: input.returnConsumedCapacity, consistent: input.consistentRead, connection)
            }
        }
    }
}

/// What a Query or Scan reads: the base table or one of its indexes.
struct ReadTarget {
    let schema: TableSchema
    let index: IndexSchema?

    init(_ schema: TableSchema, indexName: String?, consistentRead: Bool) throws(StoreError) {
        self.schema = schema
        guard let indexName else {
            self.index = nil
            return
        }
        guard let index = schema.index(named: indexName) else {
            throw .validation("The table does not have the specified index: \(indexName)")
        }
        if index.isGlobal, consistentRead {
            throw .validation("Consistent reads are not supported on global secondary indexes")
        }
        self.index = index
    }

    var key: KeyShape { index?.key ?? schema.key }
    var sqlTable: String { index?.sqlTable ?? schema.sqlTable }
    /// Columns after the partition key, in row order.
    var orderColumns: [String] { index == nil ? ["sk"] : ["sk", "tpk", "tsk"] }
    /// The attributes a LastEvaluatedKey carries: the table's key, and the index's key on an index.
    var keyNames: [String] {
        var names = schema.key.attributeNames
        for name in index?.key.attributeNames ?? [] where !names.contains(name) { names.append(name) }
        return names
    }

    /// Where an ExclusiveStartKey points: its row position, (ph, pk,) sk (, tpk, tsk), and its key
    /// in the target (the index key when reading an index).
    struct StartPosition {
        var values: [SQLValue]
        var hash: Int64
        var partition: [UInt8]
        var sort: [UInt8]
    }

    func startPosition(_ startKey: Item?, includeHash: Bool) throws(StoreError) -> StartPosition? {
        guard let startKey else { return nil }
        let invalid = StoreError.validation(
            "The provided starting key is invalid: The provided key element does not match the schema")
        guard startKey.count == keyNames.count, keyNames.allSatisfy({ startKey[$0] != nil }) else { throw invalid }
        let tableKey: EncodedKey
        do {
            tableKey = try schema.key.encodedKey(ofKey: schema.key.keyAttributes(of: startKey))
        } catch {
            throw invalid
        }
        var position: [SQLValue] = []
        let targetKey: EncodedKey
        if let index {
            guard let indexKey = try? index.encodedKey(ofItem: startKey) else { throw invalid }
            targetKey = indexKey
            if includeHash { position += [.integer(indexKey.hash), .blob(indexKey.partition)] }
            position += [.blob(indexKey.sort), .blob(tableKey.partition), .blob(tableKey.sort)]
        } else {
            targetKey = tableKey
            if includeHash { position += [.integer(tableKey.hash), .blob(tableKey.partition)] }
            position.append(.blob(tableKey.sort))
        }
        return StartPosition(
            values: position, hash: targetKey.hash, partition: targetKey.partition, sort: targetKey.sort)
    }
}

/// The projection a Query or Scan asked for: ProjectionExpression or AttributesToGet.
struct PageProjection {
    var paths: [AttributePath]
    /// The parameter it came from, for messages.
    var parameter: String

    init?(expressions: inout RequestExpressions, _ expression: String?, attributesToGet: [String]?) throws(StoreError) {
        if let paths = try expressions.projection(expression) {
            self.paths = paths
            parameter = "ProjectionExpression"
        } else if let attributesToGet {
            paths = attributesToGet.map { AttributePath(attribute: $0) }
            parameter = "AttributesToGet"
        } else {
            return nil
        }
    }
}

/// The filter of a Query or Scan: FilterExpression, or QueryFilter / ScanFilter.
struct PageFilter {
    var predicate: Predicate?
    var parameter: String

    init(
        expressions: inout RequestExpressions, _ expression: String?, legacy: [String: Condition]?,
        _ conditionalOperator: ConditionalOperator?, parameter legacyParameter: String
    ) throws(StoreError) {
        if let predicate = try expressions.condition(expression, .filter) {
            self.predicate = predicate
            parameter = "FilterExpression"
        } else {
            predicate = try LegacyParameters.filter(legacy, conditionalOperator, parameter: legacyParameter)
            parameter = legacyParameter
        }
    }

    /// A Query's filter may not name the key attributes of what it reads.
    func checkNoKeyAttributes(_ key: KeyShape) throws(StoreError) {
        guard let predicate else { return }
        let names = predicate.attributes
        for name in key.attributeNames where names.contains(name) {
            if parameter == "FilterExpression" {
                throw .validation(
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(name)")
            }
            throw .validation("\(parameter) can only contain non-key attributes: Primary key attribute: \(name)")
        }
    }
}

/// Which attributes a page returns, resolved from Select and the projection.
enum Selection {
    case stored  // the stored row as is (base item, or the index's projection)
    case baseItem  // a local index's full base item
    case specific([AttributePath], fetchBase: Bool)
    case count

    init(_ select: Select?, projection: PageProjection?, target: ReadTarget) throws(StoreError) {
        let index = target.index
        switch select
            ?? (projection != nil ? .specificAttributes : (index == nil ? .allAttributes : .allProjectedAttributes))
        {
        case .allAttributes:
            if let projection {
                throw .validation("Cannot specify the \(projection.parameter) when choosing to get ALL_ATTRIBUTES")
            }
            guard let index, index.projection.projectionType != .all else {
                self = .stored
                return
            }
            guard !index.isGlobal else {
                throw .invalidParameter(
                    "Select type ALL_ATTRIBUTES is not supported for global secondary index \(index.name) because its projection type is not ALL"
                )
            }
            self = .baseItem
        case .allProjectedAttributes:
            guard index != nil else {
                throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
            }
            if let projection {
                throw .validation(
                    "Cannot specify the \(projection.parameter) when choosing to get ALL_PROJECTED_ATTRIBUTES")
            }
            self = .stored
        case .specificAttributes:
            guard let projection else {
                throw .validation(
                    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
            }
            var fetchBase = false
            if let index, !index.isGlobal, index.projection.projectionType != .all {
                let projected = Set(target.keyNames + (index.projection.nonKeyAttributes ?? []))
                fetchBase = !projection.paths.allSatisfy { projected.contains($0.attribute) }
            }
            self = .specific(projection.paths, fetchBase: fetchBase)
        case .count:
            if let projection {
                throw .validation("Cannot specify the \(projection.parameter) when choosing to get COUNT")
            }
            self = .count
        }
    }

    var needsBaseItem: Bool {
        switch self {
        case .baseItem: true
        case .specific(_, let fetchBase): fetchBase
        case .stored, .count: false
        }
    }
}

/// A value bound to a SQL parameter.
enum SQLValue {
    case integer(Int64)
    case blob([UInt8])
}

/// Builds the SELECT of a Query or Scan. Its text depends only on the request's shape, which is
/// also the statement's cache key, so the text is rendered only the first time a shape is seen.
struct SQLBuilder {
    enum Operation: Equatable {
        case query(forward: Bool)
        case scan
    }

    enum Clause: Equatable {
        case partition  // ph = ? AND pk = ?
        case segment  // ph >= ? AND ph < ?
        case sort(String)  // sk <op> ?
        case segmentEnd  // ph < ?
        case after(includeHash: Bool)  // (…key columns…) > (…) or < (…)
    }

    let target: ReadTarget
    let operation: Operation
    private(set) var binds: [SQLValue] = []
    private var clauses: [Clause] = []
    private var shape: UInt32

    init(target: ReadTarget, operation: Operation) {
        self.target = target
        self.operation = operation
        switch operation {
        case .query(let forward): shape = forward ? 1 : 2
        case .scan: shape = 3
        }
    }

    mutating func add(_ clause: Clause, binds values: [SQLValue]) {
        clauses.append(clause)
        binds += values
        // An exact encoding, not a hash: four bits per clause after two bits of operation, so two
        // different shapes can never share a statement. A request has at most four clauses.
        shape |= Self.code(clause) << (2 + 4 * UInt32(clauses.count - 1))
    }

    private static func code(_ clause: Clause) -> UInt32 {
        switch clause {
        case .partition: 1
        case .segment: 2
        case .sort("="): 3
        case .sort("<"): 4
        case .sort("<="): 5
        case .sort(">"): 6
        case .sort(">="): 7
        case .sort: 15
        case .segmentEnd: 8
        case .after(let includeHash): includeHash ? 9 : 10
        }
    }

    var cacheKey: StatementKey { StatementKey(table: target.sqlTable, shape: shape) }

    /// The statement text, with parameters numbered in the order their values were bound.
    func render() -> String {
        var parameter = 0
        func next() -> String {
            parameter += 1
            return "?\(parameter)"
        }
        let forward = operation != .query(forward: false)
        var conditions: [String] = []
        for clause in clauses {
            switch clause {
            case .partition: conditions.append("ph = \(next()) AND pk = \(next())")
            case .segment: conditions.append("ph >= \(next()) AND ph < \(next())")
            case .sort(let op): conditions.append("sk \(op) \(next())")
            case .segmentEnd: conditions.append("ph < \(next())")
            case .after(let includeHash):
                let columns = (includeHash ? ["ph", "pk"] : []) + target.orderColumns
                let values = columns.map { _ in next() }
                conditions.append(
                    "(\(columns.joined(separator: ", "))) \(forward ? ">" : "<") (\(values.joined(separator: ", ")))")
            }
        }
        let order = (operation == .scan ? ["ph", "pk"] : []) + target.orderColumns
        let columns = target.index == nil ? "item" : "item, tpk, tsk"
        return
            "SELECT \(columns) FROM \(target.sqlTable) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order.map { "\($0) \(forward ? "ASC" : "DESC")" }.joined(separator: ", "))"
    }
}

/// A sort-key condition as a byte range: begins_with, BETWEEN and the comparisons all become a
/// lower and an upper bound on the encoded sort key.
struct SortBounds {
    struct Bound {
        var bytes: [UInt8]
        var inclusive: Bool
    }

    var lower: Bound?
    var upper: Bound?

    init(_ sort: KeyCondition.Sort?) throws(StoreError) {
        switch sort {
        case nil: break
        case .eq(let value):
            let bytes = KeyCodec.encode(value)
            lower = Bound(bytes: bytes, inclusive: true)
            upper = Bound(bytes: bytes, inclusive: true)
        case .lt(let value): upper = Bound(bytes: KeyCodec.encode(value), inclusive: false)
        case .le(let value): upper = Bound(bytes: KeyCodec.encode(value), inclusive: true)
        case .gt(let value): lower = Bound(bytes: KeyCodec.encode(value), inclusive: false)
        case .ge(let value): lower = Bound(bytes: KeyCodec.encode(value), inclusive: true)
        case .between(let low, let high):
            let lowBytes = KeyCodec.encode(low)
            let highBytes = KeyCodec.encode(high)
            if highBytes.lexicographicallyPrecedes(lowBytes) {
                throw .validation(
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(low.typeName):\(low)}, upper bound operand: AttributeValue: {\(high.typeName):\(high)}"
                )
            }
            lower = Bound(bytes: lowBytes, inclusive: true)
            upper = Bound(bytes: highBytes, inclusive: true)
        case .beginsWith(let prefix):
            let bytes = KeyCodec.encode(prefix)
            lower = Bound(bytes: bytes, inclusive: true)
            upper = KeyCodec.prefixSuccessor(bytes).map { Bound(bytes: $0, inclusive: false) }
        }
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        if let lower {
            if bytes.lexicographicallyPrecedes(lower.bytes) || (!lower.inclusive && bytes == lower.bytes) {
                return false
            }
        }
        if let upper {
            if upper.bytes.lexicographicallyPrecedes(bytes) || (!upper.inclusive && bytes == upper.bytes) {
                return false
            }
        }
        return true
    }
}

/// A page of a Query or Scan with its items in stored form.
public struct StoredPage: Sendable, Hashable {
    public var items: [StoredItem]
    /// The items that passed the filter.
    public var count: Int
    /// The items read before the filter.
    public var scannedCount: Int
    public var lastEvaluatedKey: Item?
    public var consumedCapacity: ConsumedCapacity?
    /// The paths to return of each item: nil for all.
    var projection: [AttributePath]?

    /// The page with every item decoded (and narrowed to the projection).
    public func materialized() throws(StoreError) -> ItemPage {
        var decoded: [Item] = []
        decoded.reserveCapacity(items.count)
        for item in items {
            if let projection {
                decoded.append(try item.projected(projection))
            } else {
                decoded.append(try item.item())
            }
        }
        return ItemPage(
            items: decoded, count: count, scannedCount: scannedCount, lastEvaluatedKey: lastEvaluatedKey,
            consumedCapacity: consumedCapacity)
    }
}

/// Steps through rows and cuts a page at Limit or at 1 MB, as DynamoDB does; then filters, so
/// Count (items kept) and ScannedCount (items read) differ, and a page may be empty yet carry a
/// LastEvaluatedKey.
enum PageReader {
    static func read(
        _ query: SQLBuilder, selection: Selection, filter: Predicate?, limit: Int?,
        capacity: ReturnConsumedCapacity = .none, consistent: Bool = false, _ connection: SQLiteConnection
    ) throws -> StoredPage {
        let target = query.target
        let statement = try connection.statement(query.cacheKey, query.render)
        defer { statement.reset() }
        for (offset, value) in query.binds.enumerated() {
            switch value {
            case .integer(let number): statement.bind(Int32(offset + 1), number)
            case .blob(let bytes): statement.bind(Int32(offset + 1), bytes)
            }
        }
        var items: [StoredItem] = []
        var scanned = 0
        var matched = 0
        var bytes = 0
        var last: StoredItem?
        var pageFull = false
        while !pageFull, try statement.step() {
            scanned += 1
            bytes += try statement.withBlob(0) { raw throws(StoreError) in try ItemCodec.recordedSize(of: raw) }
            pageFull = scanned == limit || bytes >= ItemSize.maxPageBytes
            var item: StoredItem?
            if selection.needsBaseItem {
                let baseKey = EncodedKey(partition: statement.blob(1), sort: statement.blob(2))
                item = try ItemStorage.readStored(target.schema, baseKey, connection)
            }
            if let filter {
                // Read the filter's attributes in place: a rejected row is never copied or decoded.
                let kept =
                    if let item {
                        try item.satisfies(filter)
                    } else {
                        try statement.withBlob(0) { raw throws(StoreError) in
                            try filter.isSatisfied(by: EncodedItemSource(raw: raw))
                        }
                    }
                if !kept {
                    if pageFull { last = StoredItem(bytes: statement.blob(0)) }
                    continue
                }
            }
            let row = StoredItem(bytes: statement.blob(0))
            last = row
            matched += 1
            if case .count = selection { continue }  // COUNT returns no items
            items.append(item ?? row)
        }
        var lastEvaluatedKey: Item?
        if let last, pageFull {
            lastEvaluatedKey = try last.values(of: target.keyNames)
        }
        var projection: [AttributePath]?
        if case .specific(let paths, _) = selection { projection = paths }
        var meter = CapacityMeter(capacity)
        meter.readPage(target.schema, index: target.index, bytes: bytes, consistent: consistent)
        return StoredPage(
            items: items, count: matched, scannedCount: scanned, lastEvaluatedKey: lastEvaluatedKey,
            consumedCapacity: meter.single(), projection: projection)
    }
}

enum PageLimits {
    static func checkLimit(_ limit: Int?) throws(StoreError) {
        if let limit, limit < 1 {
            throw .constraint(.value("\(limit)"), at: "limit", "Member must have value greater than or equal to 1")
        }
    }

    /// The partition-hash range [low, high) of one parallel scan segment.
    static func segmentRange(segment: Int?, totalSegments: Int?) throws(StoreError) -> (Int64, Int64) {
        switch (segment, totalSegments) {
        case (nil, nil):
            return (0, KeyCodec.hashSpace)
        case (_?, nil):
            throw .validation(
                "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
            )
        case (nil, _?):
            throw .validation(
                "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
            )
        case (let segment?, let total?):
            guard (1...1_000_000).contains(total) else {
                throw .constraint(
                    .value("\(total)"), at: "totalSegments",
                    "Member must have value \(total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")"
                )
            }
            guard segment >= 0 else {
                throw .constraint(
                    .value("\(segment)"), at: "segment", "Member must have value greater than or equal to 0")
            }
            guard segment < total else {
                throw .validation(
                    "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is out of bounds for TotalSegments: \(total)"
                )
            }
            let space = KeyCodec.hashSpace
            return (space * Int64(segment) / Int64(total), space * Int64(segment + 1) / Int64(total))
        }
    }
}

/// Compiles legacy KeyConditions into a `KeyCondition`, with DynamoDB's errors.
enum KeyConditionCompiler {
    static func compile(_ conditions: [String: Condition], key: KeyShape) throws(StoreError) -> KeyCondition {
        guard let hashCondition = conditions[key.hash.attributeName] else {
            throw .validation("Query condition missed key schema element: \(key.hash.attributeName)")
        }
        for name in conditions.keys where key.type(of: name) == nil {
            throw .validation("Query condition missed key schema element: \(key.range?.attributeName ?? name)")
        }
        guard hashCondition.comparisonOperator == .eq else {
            throw .validation("Query key condition not supported")
        }
        let partition = try operands(hashCondition, count: 1, type: key.hash.attributeType)[0]
        guard let range = key.range, let sortCondition = conditions[range.attributeName] else {
            return KeyCondition(partition: partition, sort: nil)
        }
        let type = range.attributeType
        let sort: KeyCondition.Sort
        switch sortCondition.comparisonOperator {
        case .eq: sort = .eq(try operands(sortCondition, count: 1, type: type)[0])
        case .lt: sort = .lt(try operands(sortCondition, count: 1, type: type)[0])
        case .le: sort = .le(try operands(sortCondition, count: 1, type: type)[0])
        case .gt: sort = .gt(try operands(sortCondition, count: 1, type: type)[0])
        case .ge: sort = .ge(try operands(sortCondition, count: 1, type: type)[0])
        case .between:
            let values = try operands(sortCondition, count: 2, type: type)
            sort = .between(values[0], values[1])
        case .beginsWith:
            guard type != .n else { throw .validation("Query key condition not supported") }
            sort = .beginsWith(try operands(sortCondition, count: 1, type: type)[0])
        default:
            throw .validation("Query key condition not supported")
        }
        return KeyCondition(partition: partition, sort: sort)
    }

    private static func operands(
        _ condition: Condition, count: Int, type: ScalarAttributeType
    ) throws(StoreError) -> [AttributeValue] {
        guard condition.attributeValueList.count == count else {
            throw .invalidParameter(
                "Invalid number of argument(s) for the \(condition.comparisonOperator.rawValue) ComparisonOperator")
        }
        for value in condition.attributeValueList where value.scalarType != type {
            throw .invalidParameter("Condition parameter type does not match schema type")
        }
        return condition.attributeValueList
    }
}
