/// The condition keys DynamoDB defines for fine-grained access control. The raw value is the
/// key in lower case, as conditions and request contexts hold it (IAM compares key names
/// without case); `name` is how policies and messages write it.
enum ConditionKey: String, CaseIterable {
    case leadingKeys = "dynamodb:leadingkeys"
    case attributes = "dynamodb:attributes"
    case select = "dynamodb:select"
    case returnValues = "dynamodb:returnvalues"
    case returnConsumedCapacity = "dynamodb:returnconsumedcapacity"

    var name: String {
        switch self {
        case .leadingKeys: "dynamodb:LeadingKeys"
        case .attributes: "dynamodb:Attributes"
        case .select: "dynamodb:Select"
        case .returnValues: "dynamodb:ReturnValues"
        case .returnConsumedCapacity: "dynamodb:ReturnConsumedCapacity"
        }
    }

    /// Keys with several values per request: a test of them must say how the values combine.
    var isMultivalued: Bool { self == .leadingKeys || self == .attributes }
}

/// What a request says about itself to the policy: the condition keys DynamoDB defines, each
/// with its values; a key the request does not carry is absent.
public struct RequestContext: Sendable, Hashable {
    /// Condition key names, lowercased (IAM compares key names without case).
    var values: [String: [String]]

    public init(_ values: [String: [String]]) {
        let folded = values.keys.allSatisfy { !$0.utf8.contains { (65...90).contains($0) } }
        self.values = folded ? values : Dictionary(values.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
    }

    subscript(key: String) -> [String]? { values[key] }
}

/// One test of a statement's Condition block: an operator, optionally qualified for keys with
/// several values (`ForAllValues:`, `ForAnyValue:`) and optionally `IfExists`, a key and the
/// values the policy names.
public struct PolicyCondition: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case null = "Null"
        case bool = "Bool"

        /// Negated operators match when no policy value does (the values are NOR'ed).
        var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike: true
            default: false
            }
        }

        /// Whether one request value matches one policy value, before negation.
        func matches(_ requestValue: String, _ policyValue: String) -> Bool {
            switch self {
            case .stringEquals, .stringNotEquals: requestValue == policyValue
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
                requestValue.lowercased() == policyValue.lowercased()
            case .stringLike, .stringNotLike: Wildcard.matches(policyValue, requestValue, ignoringCase: false)
            case .bool: requestValue.lowercased() == policyValue.lowercased()
            case .null: false
            }
        }
    }

    public enum Qualifier: String, Sendable, Hashable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public let qualifier: Qualifier?
    public let `operator`: Operator
    public let ifExists: Bool
    /// The condition key, lowercased.
    public let key: String
    public let values: [String]
    /// The values as wildcard patterns, compiled once for `StringLike` and `StringNotLike`.
    private let patterns: [[UInt8]]

    init(qualifier: Qualifier?, operator: Operator, ifExists: Bool, key: String, values: [String]) {
        self.qualifier = qualifier
        self.operator = `operator`
        self.ifExists = ifExists
        self.key = key
        self.values = values
        let like = `operator` == .stringLike || `operator` == .stringNotLike
        patterns = like ? values.map { Wildcard.compile($0, ignoringCase: false) } : []
    }

    /// IAM's rules: a key absent from the request fails the test, except under a negated
    /// operator, `IfExists` or `ForAllValues` (which all pass), and `Null`, which tests for
    /// absence itself. Several policy values are OR'ed, or NOR'ed for a negated operator.
    func holds(in context: RequestContext) -> Bool {
        let present = context[key]
        if `operator` == .null {
            let wantsAbsent = values.contains { $0.lowercased() == "true" }
            let absent = present?.isEmpty ?? true
            return wantsAbsent == absent
        }
        switch qualifier {
        case .forAllValues:
            return (present ?? []).allSatisfy(matches)
        case .forAnyValue:
            return (present ?? []).contains(where: matches)
        case nil:
            guard let present, !present.isEmpty else { return ifExists || `operator`.isNegated }
            return present.allSatisfy(matches)
        }
    }

    /// One request value against the policy's values.
    private func matches(_ requestValue: String) -> Bool {
        let found =
            patterns.isEmpty
            ? values.contains { `operator`.matches(requestValue, $0) }
            : patterns.contains { Wildcard.matches(compiled: $0, requestValue, ignoringCase: false) }
        return found != `operator`.isNegated
    }
}
