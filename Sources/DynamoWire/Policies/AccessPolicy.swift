/// An IAM identity-based policy, as far as DynamoDB's fine-grained access control uses it:
/// statements that allow or deny actions on resources, under conditions.
public struct AccessPolicy: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// Patterns a value is matched against (`*` any run of characters, `?` one), or their
    /// negation (`NotAction`, `NotResource`).
    public struct Match: Sendable, Hashable {
        public var patterns: [String]
        public var negated: Bool
        /// Actions compare without regard to case, as IAM's do; resources with it.
        var ignoresCase: Bool

        func matches(_ value: String) -> Bool {
            let found = patterns.contains { Wildcard.matches($0, value, ignoringCase: ignoresCase) }
            return found != negated
        }
    }

    public struct Statement: Sendable, Hashable {
        public var sid: String?
        public var effect: Effect
        public var actions: Match
        public var resources: Match
        public var conditions: [PolicyCondition]

        /// Whether the statement applies to one action on one resource in a request context.
        func applies(action: String, resource: String, context: RequestContext) -> Bool {
            actions.matches(action) && resources.matches(resource) && conditions.allSatisfy { $0.holds(in: context) }
        }
    }

    public var statements: [Statement]
}

/// IAM's wildcards: `*` matches any run of characters (none included), `?` exactly one.
/// Compared by Unicode scalar; case is ignored for ASCII letters only (actions are ASCII).
enum Wildcard {
    static func matches(_ pattern: String, _ value: String, ignoringCase: Bool) -> Bool {
        let fold = { (scalar: Unicode.Scalar) -> UInt32 in
            ignoringCase && (65...90).contains(scalar.value) ? scalar.value + 32 : scalar.value
        }
        if !pattern.unicodeScalars.contains(where: { $0 == "*" || $0 == "?" }) {
            return pattern.unicodeScalars.count == value.unicodeScalars.count
                && zip(pattern.unicodeScalars, value.unicodeScalars).allSatisfy { fold($0) == fold($1) }
        }
        let pattern = pattern.unicodeScalars.map(fold)
        let value = value.unicodeScalars.map(fold)
        let star = UInt32(UInt8(ascii: "*"))
        let one = UInt32(UInt8(ascii: "?"))
        var p = 0
        var v = 0
        var lastStar: Int?
        var resume = 0
        while v < value.count {
            if p < pattern.count, pattern[p] == one || pattern[p] == value[v] {
                p += 1
                v += 1
            } else if p < pattern.count, pattern[p] == star {
                lastStar = p
                resume = v
                p += 1
            } else if let starAt = lastStar {
                p = starAt + 1
                resume += 1
                v = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
