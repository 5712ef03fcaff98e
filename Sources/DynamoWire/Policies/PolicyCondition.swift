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
        var isNegated: Bool { [.stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike].contains(self) }

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

    public var qualifier: Qualifier?
    public var `operator`: Operator
    public var ifExists: Bool
    /// The condition key, lowercased.
    public var key: String
    public var values: [String]

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
        let found = values.contains { `operator`.matches(requestValue, $0) }
        return found != `operator`.isNegated
    }
}
