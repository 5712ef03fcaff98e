/// The parsed form of a PartiQL for DynamoDB statement, before its parameters are bound and it is
/// planned against a table's key.

/// A document path: `a.b[2]."c d"`.
struct PartiQLPath: Sendable, Hashable, CustomStringConvertible {
    enum Element: Sendable, Hashable {
        case name(String)
        case index(Int)
    }

    var elements: [Element]

    /// The top-level attribute the path starts at.
    var attribute: String {
        if case .name(let name) = elements[0] { return name }
        return ""
    }

    var isTopLevel: Bool { elements.count == 1 }

    var description: String {
        var text = ""
        for element in elements {
            switch element {
            case .name(let name): text += text.isEmpty ? "\"\(name)\"" : ".\"\(name)\""
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A value in a statement: a literal, a `?` parameter, a path into the item, arithmetic, a
/// function, or a list, map or set built from values.
indirect enum PartiQLValue: Sendable, Hashable {
    case literal(AttributeValue)
    /// The n-th `?` of the statement, from 0.
    case parameter(Int)
    case path(PartiQLPath)
    case plus(PartiQLValue, PartiQLValue)
    case minus(PartiQLValue, PartiQLValue)
    /// list_append, set_add, set_delete, size, if_not_exists.
    case function(String, [PartiQLValue])
    case list([PartiQLValue])
    case map([String: PartiQLValue])
    case set([PartiQLValue])

    var path: PartiQLPath? {
        if case .path(let path) = self { return path }
        return nil
    }
}

/// A WHERE clause, or one of its parts.
indirect enum PartiQLCondition: Sendable, Hashable {
    case compare(PartiQLValue, Comparator, PartiQLValue)
    case between(PartiQLValue, PartiQLValue, PartiQLValue)
    case `in`(PartiQLValue, [PartiQLValue])
    /// `IS [NOT] MISSING`: whether the attribute is absent (or, negated, present).
    case missing(PartiQLPath, negated: Bool)
    /// `IS [NOT] NULL`: whether the attribute holds DynamoDB's NULL.
    case null(PartiQLPath, negated: Bool)
    /// begins_with, contains, attribute_type.
    case function(String, [PartiQLValue])
    case and(PartiQLCondition, PartiQLCondition)
    case or(PartiQLCondition, PartiQLCondition)
    case not(PartiQLCondition)

    /// The conditions joined by top-level ANDs.
    var conjuncts: [PartiQLCondition] {
        var found: [PartiQLCondition] = []
        collectConjuncts(into: &found)
        return found
    }

    private func collectConjuncts(into found: inout [PartiQLCondition]) {
        guard case .and(let left, let right) = self else { return found.append(self) }
        left.collectConjuncts(into: &found)
        right.collectConjuncts(into: &found)
    }
}

struct PartiQLSelect: Sendable, Hashable {
    /// The paths selected; nil for `*`.
    var projection: [PartiQLPath]?
    var table: String
    var index: String?
    var condition: PartiQLCondition?
    /// `ORDER BY` a key attribute, and whether descending.
    var orderBy: (path: PartiQLPath, descending: Bool)?

    static func == (left: Self, right: Self) -> Bool {
        left.projection == right.projection && left.table == right.table && left.index == right.index
            && left.condition == right.condition && left.orderBy?.path == right.orderBy?.path
            && left.orderBy?.descending == right.orderBy?.descending
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(table)
        hasher.combine(index)
        hasher.combine(condition)
    }
}

/// One statement as parsed.
enum PartiQLStatement: Sendable, Hashable {
    enum UpdateAction: Sendable, Hashable {
        case set(PartiQLPath, PartiQLValue)
        case remove(PartiQLPath)
    }

    case select(PartiQLSelect)
    case insert(table: String, item: PartiQLValue)
    case update(table: String, actions: [UpdateAction], condition: PartiQLCondition, returning: ReturnValue)
    case delete(table: String, condition: PartiQLCondition, returning: ReturnValue)
    /// `EXISTS(SELECT …)`: a condition check, in transactions only.
    case exists(PartiQLSelect)

    var table: String {
        switch self {
        case .select(let select), .exists(let select): select.table
        case .insert(let table, _), .update(let table, _, _, _), .delete(let table, _, _): table
        }
    }

    var isRead: Bool {
        if case .select = self { return true }
        return false
    }
}

/// A statement with the number of `?` parameters it takes. A class: the parse cache hands the
/// same one to every run of the statement, one reference rather than a copy of the tree.
final class ParsedStatement: Sendable {
    let statement: PartiQLStatement
    let parameterCount: Int
    /// Its WHERE, taken apart once here so that each run of the statement only looks things up.
    let whereClause: WhereClause?

    init(statement: PartiQLStatement, parameterCount: Int) {
        self.statement = statement
        self.parameterCount = parameterCount
        whereClause = statement.condition.map(WhereClause.init)
    }
}

extension PartiQLStatement {
    /// The statement's WHERE (an EXISTS's is its SELECT's).
    var condition: PartiQLCondition? {
        switch self {
        case .select(let select), .exists(let select): select.condition
        case .update(_, _, let condition, _), .delete(_, let condition, _): condition
        case .insert: nil
        }
    }
}

/// A WHERE split at its top-level ANDs, with the attributes it fixes with `=` to a constant.
struct WhereClause: Sendable, Hashable {
    struct Equality: Sendable, Hashable {
        var attribute: String
        /// Which conjunct fixes the attribute.
        var position: Int
        var value: PartiQLValue
    }

    var conjuncts: [PartiQLCondition]
    /// Each top-level attribute some conjunct fixes with `=` to a constant, by its first one. A
    /// list: a WHERE has a few, and comparing names is cheaper than hashing them.
    var equalities: [Equality]

    init(_ condition: PartiQLCondition) {
        conjuncts = condition.conjuncts
        equalities = []
        for (position, conjunct) in conjuncts.enumerated() {
            guard let (attribute, value) = Self.equality(in: conjunct), self.equality(of: attribute) == nil else {
                continue
            }
            equalities.append(Equality(attribute: attribute, position: position, value: value))
        }
    }

    /// The first conjunct that fixes `attribute` with `=` to a constant.
    func equality(of attribute: String) -> Equality? {
        equalities.first { $0.attribute == attribute }
    }

    /// The top-level attribute a condition fixes and the constant it fixes it to, when it is
    /// `attribute = constant`, either way round.
    static func equality(in condition: PartiQLCondition) -> (attribute: String, value: PartiQLValue)? {
        guard case .compare(let left, .eq, let right) = condition else { return nil }
        if let path = left.path, path.isTopLevel, right.isConstant { return (path.attribute, right) }
        if let path = right.path, path.isTopLevel, left.isConstant { return (path.attribute, left) }
        return nil
    }
}
