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
        if case .and(let left, let right) = self { return left.conjuncts + right.conjuncts }
        return [self]
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

/// A statement with the number of `?` parameters it takes.
struct ParsedStatement: Sendable, Hashable {
    var statement: PartiQLStatement
    var parameterCount: Int
}
