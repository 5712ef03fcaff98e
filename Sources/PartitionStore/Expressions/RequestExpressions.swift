/// The expressions of one request: parsed through the cache, resolved against the request's
/// placeholders, and checked as DynamoDB checks them — no mixing of legacy and expression
/// parameters, no placeholders without expressions, none supplied but unused.
struct RequestExpressions {
    private var resolver: ExpressionResolver
    private let cache = ExpressionCache.shared

    /// `legacy` and `expressions` name the parameters of each kind that the request carries.
    init(
        names: [String: String]?, values: [String: AttributeValue]?,
        legacy: KeyValuePairs<String, Bool>, expressions: KeyValuePairs<String, Bool>
    ) throws(StoreError) {
        let legacyUsed = legacy.filter(\.value).map(\.key)
        let expressionsUsed = expressions.filter(\.value).map(\.key)
        if !legacyUsed.isEmpty, !expressionsUsed.isEmpty {
            throw .validation(
                "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {\(legacyUsed.joined(separator: ", "))} Expression parameters: {\(expressionsUsed.joined(separator: ", "))}"
            )
        }
        if expressionsUsed.isEmpty {
            if names != nil {
                throw .validation("ExpressionAttributeNames can only be specified when using expressions")
            }
            if values != nil {
                throw .validation("ExpressionAttributeValues can only be specified when using expressions")
            }
        }
        resolver = try ExpressionResolver(names: names, values: values)
    }

    mutating func condition(_ text: String?, _ kind: ExpressionKind) throws(StoreError) -> Predicate? {
        guard let text else { return nil }
        return try resolver.condition(try cache.condition(text, kind: kind), kind)
    }

    mutating func update(_ text: String?) throws(StoreError) -> UpdatePlan? {
        guard let text else { return nil }
        return try resolver.update(try cache.update(text))
    }

    mutating func projection(_ text: String?) throws(StoreError) -> [AttributePath]? {
        guard let text else { return nil }
        return try resolver.projection(try cache.projection(text))
    }

    /// Call after every expression of the request is resolved.
    func finish() throws(StoreError) {
        try resolver.checkAllUsed()
    }
}

extension KeyConditionCompiler {
    /// Compiles a resolved KeyConditionExpression: the partition key with `=`, and optionally one
    /// condition on the sort key, joined by AND.
    static func compile(_ predicate: Predicate, key: KeyShape) throws(StoreError) -> KeyCondition {
        var conjuncts: [Predicate] = []
        try flatten(predicate, into: &conjuncts)
        var partition: AttributeValue?
        var sort: KeyCondition.Sort?
        var seen: Set<String> = []

        var conditions: [(AttributePath, KeyCondition.Sort)] = []
        for conjunct in conjuncts { conditions.append(try normalise(conjunct)) }
        let names = Set(conditions.map { $0.0.attribute })
        for (path, condition) in conditions {
            guard path.isTopLevel else {
                throw .validation(
                    "Invalid KeyConditionExpression: Key conditions may only name top-level key attributes; path: \(path)"
                )
            }
            let name = path.attribute
            guard let type = key.type(of: name) else {
                // DynamoDB names the partition key when it is the one missing.
                throw names.contains(key.hash.attributeName)
                    ? .validation("Query key condition not supported")
                    : .validation("Query condition missed key schema element: \(key.hash.attributeName)")
            }
            guard seen.insert(name).inserted else {
                throw .validation(
                    "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")
            }
            for value in condition.operands where value.scalarType != type {
                throw .invalidParameter("Condition parameter type does not match schema type")
            }
            if name == key.hash.attributeName {
                guard case .eq(let value) = condition else { throw .validation("Query key condition not supported") }
                partition = value
            } else {
                if case .beginsWith = condition, type == .n {
                    throw .validation(
                        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
                    )
                }
                sort = condition
            }
        }
        guard let partition else {
            throw .validation("Query condition missed key schema element: \(key.hash.attributeName)")
        }
        return KeyCondition(partition: partition, sort: sort)
    }

    private static func flatten(_ predicate: Predicate, into conjuncts: inout [Predicate]) throws(StoreError) {
        switch predicate {
        case .and(let left, let right):
            try flatten(left, into: &conjuncts)
            try flatten(right, into: &conjuncts)
        case .or:
            throw .validation("Invalid operator used in KeyConditionExpression: OR")
        case .not:
            throw .validation("Invalid operator used in KeyConditionExpression: NOT")
        default:
            conjuncts.append(predicate)
        }
    }

    /// One conjunct as a key attribute and its condition; the attribute may be on either side of
    /// a comparison.
    private static func normalise(_ conjunct: Predicate) throws(StoreError) -> (AttributePath, KeyCondition.Sort) {
        switch conjunct {
        case .compare(.path(let path), let comparator, .literal(let value)):
            return (path, try sort(comparator, value))
        case .compare(.literal(let value), let comparator, .path(let path)):
            let flipped: Comparator =
                switch comparator {
                case .lt: .gt
                case .le: .ge
                case .gt: .lt
                case .ge: .le
                default: comparator
                }
            return (path, try sort(flipped, value))
        case .between(.path(let path), .literal(let low), .literal(let high)):
            return (path, .between(low, high))
        case .beginsWith(.path(let path), .literal(let prefix)):
            return (path, .beginsWith(prefix))
        case .compare(.path, _, .path):
            throw .validation(
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
        case .in:
            throw .validation("Invalid operator used in KeyConditionExpression: IN")
        case .contains, .exists, .notExists, .hasType:
            throw .validation("Invalid KeyConditionExpression: The function is not allowed in a key condition")
        default:
            throw .validation(
                "Invalid KeyConditionExpression: Each condition must compare one key attribute with one value")
        }
    }

    private static func sort(_ comparator: Comparator, _ value: AttributeValue) throws(StoreError) -> KeyCondition.Sort
    {
        switch comparator {
        case .eq: .eq(value)
        case .lt: .lt(value)
        case .le: .le(value)
        case .gt: .gt(value)
        case .ge: .ge(value)
        case .ne: throw .validation("Invalid operator used in KeyConditionExpression: <>")
        }
    }
}

extension KeyCondition.Sort {
    var operands: [AttributeValue] {
        switch self {
        case .eq(let value), .lt(let value), .le(let value), .gt(let value), .ge(let value), .beginsWith(let value):
            [value]
        case .between(let low, let high): [low, high]
        }
    }
}
