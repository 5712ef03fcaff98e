/// The parsed form of DynamoDB's expressions, before placeholders are substituted. Trees of this
/// kind are what the parse cache keeps: they depend only on the expression's text.

/// Which expression parameter a text came from; DynamoDB names it in every error.
enum ExpressionKind: String, Sendable {
    case keyCondition = "KeyConditionExpression"
    case condition = "ConditionExpression"
    case filter = "FilterExpression"
    case update = "UpdateExpression"
    case projection = "ProjectionExpression"
    /// A PartiQL statement, cached beside the expressions.
    case statement = "Statement"
}

/// An attribute name as written: bare, or a `#placeholder` for ExpressionAttributeNames.
enum SyntaxName: Hashable, Sendable {
    case bare(String)
    case placeholder(String)  // with its leading '#'

    var text: String {
        switch self {
        case .bare(let name), .placeholder(let name): name
        }
    }
}

/// A document path as written: `a.#b[2].c`. It always starts with a name.
struct SyntaxPath: Hashable, Sendable {
    enum Element: Hashable, Sendable {
        case name(SyntaxName)
        case index(Int)
    }

    var elements: [Element]
}

enum FunctionName: String, Sendable, CaseIterable {
    case attributeExists = "attribute_exists"
    case attributeNotExists = "attribute_not_exists"
    case attributeType = "attribute_type"
    case beginsWith = "begins_with"
    case contains
    case size
    case ifNotExists = "if_not_exists"
    case listAppend = "list_append"

    /// The number of operands the function takes.
    var arity: Int {
        switch self {
        case .attributeExists, .attributeNotExists, .size: 1
        case .attributeType, .beginsWith, .contains, .ifNotExists, .listAppend: 2
        }
    }

    /// Functions whose first operand must be a document path.
    var needsPathFirst: Bool {
        switch self {
        case .attributeExists, .attributeNotExists, .attributeType, .size, .ifNotExists: true
        case .beginsWith, .contains, .listAppend: false
        }
    }

    /// Functions that are conditions in themselves (the rest produce values).
    var isCondition: Bool {
        switch self {
        case .attributeExists, .attributeNotExists, .attributeType, .beginsWith, .contains: true
        case .size, .ifNotExists, .listAppend: false
        }
    }
}

enum Comparator: String, Sendable, CaseIterable {
    case eq = "="
    case ne = "<>"
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
}

/// A value in an expression: a path, a `:placeholder`, a function call, or (in SET) a sum or
/// difference of two operands.
indirect enum SyntaxOperand: Hashable, Sendable {
    case path(SyntaxPath)
    case value(String)  // with its leading ':'
    case function(FunctionName, [SyntaxOperand])
    case plus(SyntaxOperand, SyntaxOperand)
    case minus(SyntaxOperand, SyntaxOperand)
}

/// A condition: what ConditionExpression, FilterExpression and KeyConditionExpression hold.
indirect enum SyntaxCondition: Hashable, Sendable {
    case compare(SyntaxOperand, Comparator, SyntaxOperand)
    case between(SyntaxOperand, SyntaxOperand, SyntaxOperand)
    case `in`(SyntaxOperand, [SyntaxOperand])
    case function(FunctionName, [SyntaxOperand])
    case and(SyntaxCondition, SyntaxCondition)
    case or(SyntaxCondition, SyntaxCondition)
    case not(SyntaxCondition)
}

/// An UpdateExpression: its clauses in the order written.
struct SyntaxUpdate: Hashable, Sendable {
    enum Clause: Hashable, Sendable {
        case set([SetAction])
        case remove([SyntaxPath])
        case add([PathValue])
        case delete([PathValue])

        var keyword: String {
            switch self {
            case .set: "SET"
            case .remove: "REMOVE"
            case .add: "ADD"
            case .delete: "DELETE"
            }
        }
    }

    struct SetAction: Hashable, Sendable {
        var path: SyntaxPath
        var value: SyntaxOperand
    }

    /// ADD and DELETE take a path and an expression attribute value.
    struct PathValue: Hashable, Sendable {
        var path: SyntaxPath
        var value: String
    }

    var clauses: [Clause]
}

/// A ProjectionExpression: the paths to return.
struct SyntaxProjection: Hashable, Sendable {
    var paths: [SyntaxPath]
}

// MARK: - Printing

// Each tree prints as expression text that parses back to the same tree. Boolean operators are
// printed inside parentheses, so precedence never has to be reconstructed.

extension SyntaxPath: CustomStringConvertible {
    var description: String {
        var text = ""
        for element in elements {
            switch element {
            case .name(let name): text += text.isEmpty ? name.text : "." + name.text
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

extension SyntaxOperand: CustomStringConvertible {
    var description: String {
        switch self {
        case .path(let path): path.description
        case .value(let name): name
        case .function(let name, let operands):
            "\(name.rawValue)(\(operands.map(\.description).joined(separator: ", ")))"
        case .plus(let left, let right): "\(left) + \(right)"
        case .minus(let left, let right): "\(left) - \(right)"
        }
    }
}

extension SyntaxCondition: CustomStringConvertible {
    var description: String {
        switch self {
        case .compare(let left, let comparator, let right): "\(left) \(comparator.rawValue) \(right)"
        case .between(let value, let low, let high): "\(value) BETWEEN \(low) AND \(high)"
        case .in(let value, let list): "\(value) IN (\(list.map(\.description).joined(separator: ", ")))"
        case .function(let name, let operands):
            "\(name.rawValue)(\(operands.map(\.description).joined(separator: ", ")))"
        case .and(let left, let right): "(\(left) AND \(right))"
        case .or(let left, let right): "(\(left) OR \(right))"
        // AND and OR print their own parentheses; a second pair would be redundant, which
        // DynamoDB refuses.
        case .not(let condition):
            switch condition {
            case .and, .or: "NOT \(condition)"
            default: "NOT (\(condition))"
            }
        }
    }
}

extension SyntaxUpdate: CustomStringConvertible {
    var description: String {
        clauses.map { clause in
            switch clause {
            case .set(let actions): "SET " + actions.map { "\($0.path) = \($0.value)" }.joined(separator: ", ")
            case .remove(let paths): "REMOVE " + paths.map(\.description).joined(separator: ", ")
            case .add(let actions): "ADD " + actions.map { "\($0.path) \($0.value)" }.joined(separator: ", ")
            case .delete(let actions): "DELETE " + actions.map { "\($0.path) \($0.value)" }.joined(separator: ", ")
            }
        }.joined(separator: " ")
    }
}

extension SyntaxProjection: CustomStringConvertible {
    var description: String { paths.map(\.description).joined(separator: ", ") }
}
