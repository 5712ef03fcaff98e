extension PartitionStore {
    // MARK: Query

    public func query(_ input: QueryInput) throws(StoreError) -> ItemPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        // Reading through a local index may fetch base items too: those reads share one snapshot.
        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(try schema(input.tableName, in: catalog), indexName: input.indexName, consistentRead: input.consistentRead)
            let condition = try KeyConditionCompiler.compile(input.keyConditions, key: target.key)
            let selection = try Selection(input.select, attributesToGet: input.attributesToGet, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: false)

            var query = SQLBuilder()
            let partition = KeyCodec.encode(condition.partition)
            query.where("ph = \(query.bind(KeyCodec.partitionHash(partition)))")
            query.where("pk = \(query.bind(partition))")
            if let sort = condition.sort { try query.addSortCondition(sort, keyType: target.key.range?.attributeType) }
            if let start {
                let placeholders = start.map { query.bind($0) }.joined(separator: ", ")
                query.where("(\(target.orderColumns.joined(separator: ", "))) \(input.scanIndexForward ? ">" : "<") (\(placeholders))")
            }
            let order = target.orderColumns.map { "\($0) \(input.scanIndexForward ? "ASC" : "DESC")" }.joined(separator: ", ")
            return try sql(connection) {
                try PageReader.read(query.select(target, orderBy: order), binds: query.binds, target: target, selection: selection, limit: input.limit, connection)
            }
        }
    }

    // MARK: Scan

    public func scan(_ input: ScanInput) throws(StoreError) -> ItemPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        let (low, high) = try PageLimits.segmentRange(segment: input.segment, totalSegments: input.totalSegments)
        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(try schema(input.tableName, in: catalog), indexName: input.indexName, consistentRead: input.consistentRead)
            let selection = try Selection(input.select, attributesToGet: input.attributesToGet, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: true)

            var query = SQLBuilder()
            query.where("ph >= \(query.bind(low)) AND ph < \(query.bind(high))")
            if let start {
                let placeholders = start.map { query.bind($0) }.joined(separator: ", ")
                query.where("(\((["ph", "pk"] + target.orderColumns).joined(separator: ", "))) > (\(placeholders))")
            }
            let order = (["ph", "pk"] + target.orderColumns).joined(separator: ", ")
            return try sql(connection) {
                try PageReader.read(query.select(target, orderBy: order), binds: query.binds, target: target, selection: selection, limit: input.limit, connection)
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

    /// The row position of an ExclusiveStartKey: (ph, pk,) sk (, tpk, tsk).
    func startPosition(_ startKey: Item?, includeHash: Bool) throws(StoreError) -> [SQLValue]? {
        guard let startKey else { return nil }
        let invalid = StoreError.validation("The provided starting key is invalid: The provided key element does not match the schema")
        guard startKey.count == keyNames.count, keyNames.allSatisfy({ startKey[$0] != nil }) else { throw invalid }
        let tableKey: EncodedKey
        do {
            tableKey = try schema.key.encodedKey(ofKey: schema.key.keyAttributes(of: startKey))
        } catch {
            throw invalid
        }
        var position: [SQLValue] = []
        if let index {
            guard let indexKey = try? index.encodedKey(ofItem: startKey) else { throw invalid }
            if includeHash { position += [.integer(indexKey.hash), .blob(indexKey.partition)] }
            position += [.blob(indexKey.sort), .blob(tableKey.partition), .blob(tableKey.sort)]
        } else {
            if includeHash { position += [.integer(tableKey.hash), .blob(tableKey.partition)] }
            position.append(.blob(tableKey.sort))
        }
        return position
    }
}

/// Which attributes a page returns, resolved from Select and AttributesToGet.
enum Selection {
    case stored                // the stored row as is (base item, or the index's projection)
    case baseItem              // a local index's full base item
    case specific([String], fetchBase: Bool)
    case count

    init(_ select: Select?, attributesToGet: [String]?, target: ReadTarget) throws(StoreError) {
        let index = target.index
        switch select ?? (attributesToGet != nil ? .specificAttributes : (index == nil ? .allAttributes : .allProjectedAttributes)) {
        case .allAttributes:
            guard attributesToGet == nil else {
                throw .validation("Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES")
            }
            guard let index, index.projection.projectionType != .all else {
                self = .stored
                return
            }
            guard !index.isGlobal else {
                throw .invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary index \(index.name) because its projection type is not ALL")
            }
            self = .baseItem
        case .allProjectedAttributes:
            guard index != nil else {
                throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
            }
            guard attributesToGet == nil else {
                throw .validation("Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES")
            }
            self = .stored
        case .specificAttributes:
            guard let names = attributesToGet else {
                throw .validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
            }
            var fetchBase = false
            if let index, !index.isGlobal, index.projection.projectionType != .all {
                let projected = Set(target.keyNames + (index.projection.nonKeyAttributes ?? []))
                fetchBase = !names.allSatisfy(projected.contains)
            }
            self = .specific(names, fetchBase: fetchBase)
        case .count:
            guard attributesToGet == nil else {
                throw .validation("Cannot specify the AttributesToGet when choosing to get COUNT")
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

/// Builds a SELECT with numbered parameters. Statements are cached by their text, and the text
/// depends only on the shape of the request, so the cache stays small.
struct SQLBuilder {
    private(set) var binds: [SQLValue] = []
    private var conditions: [String] = []

    mutating func bind(_ value: SQLValue) -> String {
        binds.append(value)
        return "?\(binds.count)"
    }

    mutating func bind(_ value: Int64) -> String { bind(.integer(value)) }
    mutating func bind(_ value: [UInt8]) -> String { bind(.blob(value)) }

    mutating func `where`(_ condition: String) { conditions.append(condition) }

    mutating func addSortCondition(_ sort: KeyCondition.Sort, keyType: ScalarAttributeType?) throws(StoreError) {
        switch sort {
        case .eq(let value): `where`("sk = \(bind(KeyCodec.encode(value)))")
        case .lt(let value): `where`("sk < \(bind(KeyCodec.encode(value)))")
        case .le(let value): `where`("sk <= \(bind(KeyCodec.encode(value)))")
        case .gt(let value): `where`("sk > \(bind(KeyCodec.encode(value)))")
        case .ge(let value): `where`("sk >= \(bind(KeyCodec.encode(value)))")
        case .between(let low, let high):
            let lowBytes = KeyCodec.encode(low), highBytes = KeyCodec.encode(high)
            if highBytes.lexicographicallyPrecedes(lowBytes) {
                throw .validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(low.typeName):\(low)}, upper bound operand: AttributeValue: {\(high.typeName):\(high)}")
            }
            `where`("sk >= \(bind(lowBytes)) AND sk <= \(bind(highBytes))")
        case .beginsWith(let prefix):
            let bytes = KeyCodec.encode(prefix)
            `where`("sk >= \(bind(bytes))")
            if let successor = KeyCodec.prefixSuccessor(bytes) { `where`("sk < \(bind(successor))") }
        }
    }

    func select(_ target: ReadTarget, orderBy: String) -> String {
        let columns = target.index == nil ? "item" : "item, tpk, tsk"
        return "SELECT \(columns) FROM \(target.sqlTable) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(orderBy)"
    }
}

/// Steps through rows and cuts a page at Limit or at 1 MB, as DynamoDB does.
enum PageReader {
    static func read(_ sql: String, binds: [SQLValue], target: ReadTarget, selection: Selection, limit: Int?, _ connection: SQLiteConnection) throws -> ItemPage {
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        for (offset, value) in binds.enumerated() {
            switch value {
            case .integer(let number): statement.bind(Int32(offset + 1), number)
            case .blob(let bytes): statement.bind(Int32(offset + 1), bytes)
            }
        }
        var items: [Item] = []
        var scanned = 0
        var bytes = 0
        var lastEvaluatedKey: Item?
        while try statement.step() {
            let stored = try statement.withBlob(0) { raw throws(StoreError) in try ItemCodec.decode(raw) }
            scanned += 1
            bytes += ItemSize.of(stored)
            var returned = stored
            if selection.needsBaseItem {
                let baseKey = EncodedKey(partition: statement.blob(1), sort: statement.blob(2))
                returned = try ItemStorage.read(target.schema, baseKey, connection) ?? stored
            }
            switch selection {
            case .count: break
            case .specific(let names, _): items.append(ItemValidation.select(returned, names))
            case .stored, .baseItem: items.append(returned)
            }
            if scanned == limit || bytes >= ItemSize.maxPageBytes {
                lastEvaluatedKey = ItemValidation.select(stored, target.keyNames)
                break
            }
        }
        return ItemPage(items: items, count: scanned, scannedCount: scanned, lastEvaluatedKey: lastEvaluatedKey)
    }
}

enum PageLimits {
    static func checkLimit(_ limit: Int?) throws(StoreError) {
        if let limit, limit < 1 {
            throw .validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
    }

    /// The partition-hash range [low, high) of one parallel scan segment.
    static func segmentRange(segment: Int?, totalSegments: Int?) throws(StoreError) -> (Int64, Int64) {
        switch (segment, totalSegments) {
        case (nil, nil):
            return (0, KeyCodec.hashSpace)
        case (_?, nil):
            throw .validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        case (nil, _?):
            throw .validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
        case (let segment?, let total?):
            guard (1...1_000_000).contains(total) else {
                throw .validation("1 validation error detected: Value '\(total)' at 'totalSegments' failed to satisfy constraint: Member must have value \(total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")")
            }
            guard segment >= 0 else {
                throw .validation("1 validation error detected: Value '\(segment)' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0")
            }
            guard segment < total else {
                throw .validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is out of bounds for TotalSegments: \(total)")
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

    private static func operands(_ condition: Condition, count: Int, type: ScalarAttributeType) throws(StoreError) -> [AttributeValue] {
        guard condition.attributeValueList.count == count else {
            throw .invalidParameter("Invalid number of argument(s) for the \(condition.comparisonOperator.rawValue) ComparisonOperator")
        }
        for value in condition.attributeValueList where value.typeName != type.rawValue {
            throw .invalidParameter("Condition parameter type does not match schema type")
        }
        return condition.attributeValueList
    }
}
