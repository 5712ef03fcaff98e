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
