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
        /// The patterns as UTF-8, folded when case is ignored: compiled once, matched per request.
        private let compiled: [[UInt8]]

        init(patterns: [String], negated: Bool, ignoresCase: Bool) {
            self.patterns = patterns
            self.negated = negated
            self.ignoresCase = ignoresCase
            compiled = patterns.map { Wildcard.compile($0, ignoringCase: ignoresCase) }
        }

        func matches(_ value: String) -> Bool {
            let found = compiled.contains { Wildcard.matches(compiled: $0, value, ignoringCase: ignoresCase) }
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
/// Matched over UTF-8 (a `?` takes a whole character's bytes); case is ignored for ASCII letters
/// only, which is all actions hold.
enum Wildcard {
    static func matches(_ pattern: String, _ value: String, ignoringCase: Bool) -> Bool {
        matches(compiled: compile(pattern, ignoringCase: ignoringCase), value, ignoringCase: ignoringCase)
    }

    static func compile(_ pattern: String, ignoringCase: Bool) -> [UInt8] {
        pattern.utf8.map { ignoringCase ? fold($0) : $0 }
    }

    static func matches(compiled pattern: [UInt8], _ value: String, ignoringCase: Bool) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var p = 0
            var v = 0
            var lastStar: Int?
            var resume = 0
            while v < bytes.count {
                let byte = ignoringCase ? fold(bytes[v]) : bytes[v]
                if p < pattern.count, pattern[p] == UInt8(ascii: "?") {
                    p += 1
                    v = nextCharacter(bytes, after: v)
                } else if p < pattern.count, pattern[p] == byte {
                    p += 1
                    v += 1
                } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                    lastStar = p
                    resume = v
                    p += 1
                } else if let starAt = lastStar {
                    p = starAt + 1
                    resume = nextCharacter(bytes, after: resume)
                    v = resume
                } else {
                    return false
                }
            }
            while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
            return p == pattern.count
        }
    }

    private static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    /// The index after the character that starts at `index`: past its UTF-8 continuation bytes.
    private static func nextCharacter(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var next = index + 1
        while next < bytes.count, bytes[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}
