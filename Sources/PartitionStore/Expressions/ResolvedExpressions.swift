/// Expressions with their placeholders substituted: what the engine evaluates. Names are real
/// attribute names and values are the request's values, so evaluation does no lookups.

/// A document path to an attribute or to an element nested inside one.
struct AttributePath: Hashable, Sendable, CustomStringConvertible {
    enum Element: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Never empty; the first element is always a key (the top-level attribute).
    var elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }

    init(attribute name: String) { elements = [.key(name)] }

    var attribute: String {
        if case .key(let name) = elements[0] { return name }
        return ""
    }

    var isTopLevel: Bool { elements.count == 1 }

    /// As DynamoDB prints paths in its messages: `[a, b, [2]]`.
    var description: String {
        "["
            + elements.map { element in
                switch element {
                case .key(let name): name
                case .index(let index): "[\(index)]"
                }
            }.joined(separator: ", ") + "]"
    }

    /// Two paths overlap when one leads into the other (or they are the same); they conflict when
    /// they share a prefix and then treat the same value as a map and as a list.
    enum Relation { case separate, overlapping, conflicting }

    func relation(to other: AttributePath) -> Relation {
        for (mine, theirs) in zip(elements, other.elements) where mine != theirs {
            switch (mine, theirs) {
            case (.key, .index), (.index, .key): return .conflicting
            default: return .separate
            }
        }
        return .overlapping
    }

    /// Checks that no two of `paths` overlap or conflict, with DynamoDB's messages.
    static func checkDisjoint(_ paths: [AttributePath], kind: ExpressionKind) throws(StoreError) {
        for (offset, first) in paths.enumerated() {
            for second in paths[(offset + 1)...] {
                switch first.relation(to: second) {
                case .separate: continue
                case .overlapping:
                    throw .validation(
                        "Invalid \(kind.rawValue): Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(first), path two: \(second)"
                    )
                case .conflicting:
                    throw .validation(
                        "Invalid \(kind.rawValue): Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(first), path two: \(second)"
                    )
                }
            }
        }
    }
}

/// A value-producing part of an expression.
indirect enum Term: Sendable {
    case path(AttributePath)
    case literal(AttributeValue)
    case size(AttributePath)
    case ifNotExists(AttributePath, Term)
    case listAppend(Term, Term)
    case plus(Term, Term)
    case minus(Term, Term)
}

/// A condition, ready to evaluate against an item.
indirect enum Predicate: Sendable {
    case compare(Term, Comparator, Term)
    case between(Term, Term, Term)
    case `in`(Term, [Term])
    case exists(AttributePath)
    case notExists(AttributePath)
    case hasType(AttributePath, String)
    case beginsWith(Term, Term)
    case contains(Term, Term)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate)

    /// The top-level attributes the condition reads.
    var attributes: Set<String> {
        var names: Set<String> = []
        collect(into: &names)
        return names
    }

    private func collect(into names: inout Set<String>) {
        switch self {
        case .compare(let left, _, let right), .beginsWith(let left, let right), .contains(let left, let right):
            left.collect(into: &names)
            right.collect(into: &names)
        case .between(let value, let low, let high):
            for term in [value, low, high] { term.collect(into: &names) }
        case .in(let value, let list):
            value.collect(into: &names)
            for term in list { term.collect(into: &names) }
        case .exists(let path), .notExists(let path), .hasType(let path, _):
            names.insert(path.attribute)
        case .and(let left, let right), .or(let left, let right):
            left.collect(into: &names)
            right.collect(into: &names)
        case .not(let inner):
            inner.collect(into: &names)
        }
    }
}

extension Term {
    fileprivate func collect(into names: inout Set<String>) {
        switch self {
        case .path(let path), .size(let path): names.insert(path.attribute)
        case .literal: break
        case .ifNotExists(let path, let fallback):
            names.insert(path.attribute)
            fallback.collect(into: &names)
        case .listAppend(let left, let right), .plus(let left, let right), .minus(let left, let right):
            left.collect(into: &names)
            right.collect(into: &names)
        }
    }
}

/// The actions of an update, grouped as DynamoDB applies them.
struct UpdatePlan: Sendable {
    struct Assignment: Sendable {
        var path: AttributePath
        var value: Term
    }

    struct SetOperation: Sendable {
        var path: AttributePath
        var value: AttributeValue
    }

    var assignments: [Assignment] = []
    var removals: [AttributePath] = []
    var additions: [SetOperation] = []
    var deletions: [SetOperation] = []
    /// Built from legacy AttributeUpdates, whose type errors DynamoDB words differently.
    var isLegacy = false

    /// Every path the update writes.
    var targets: [AttributePath] {
        assignments.map(\.path) + removals + additions.map(\.path) + deletions.map(\.path)
    }

    /// The top-level attributes the update writes or reads (`SET a = b + :x` names both).
    var attributes: Set<String> {
        var names = Set(targets.map(\.attribute))
        for assignment in assignments { assignment.value.collect(into: &names) }
        return names
    }
}
