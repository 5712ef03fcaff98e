/// Reads IAM policy documents from JSON, refusing with the path of what is wrong: an element
/// IAM does not know, a missing Effect, Action or Resource, an operator or condition key the
/// endpoint cannot evaluate, or a value of the wrong JSON type.
struct PolicyDocumentParser {
    /// Where the document sits in its file, e.g. `AKIAEXAMPLE[0]`.
    let path: String

    func document(_ json: JSONValue) throws(PolicyError) -> AccessPolicy {
        guard case .object(let members) = json else { throw problem(path, "a policy document must be a JSON object") }
        for name in members.keys where !["Version", "Id", "Statement"].contains(name) {
            throw problem("\(path).\(name)", "IAM policies have no element '\(name)'")
        }
        if let version = members["Version"] {
            guard version == .string("2012-10-17") || version == .string("2008-10-17") else {
                throw problem("\(path).Version", "must be \"2012-10-17\"")
            }
        }
        let statements: [JSONValue]
        switch members["Statement"] {
        case .array(let list): statements = list
        case .object: statements = [members["Statement"] ?? .null]
        default: throw problem("\(path).Statement", "a policy needs a Statement: an object or a list of them")
        }
        var parsed: [AccessPolicy.Statement] = []
        for (index, statement) in statements.enumerated() {
            parsed.append(try self.statement(statement, at: "\(path).Statement[\(index)]"))
        }
        return AccessPolicy(statements: parsed)
    }

    private func statement(_ json: JSONValue, at path: String) throws(PolicyError) -> AccessPolicy.Statement {
        guard case .object(let members) = json else { throw problem(path, "a statement must be a JSON object") }
        let known = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"]
        for name in members.keys where !known.contains(name) {
            throw problem("\(path).\(name)", "statements have no element '\(name)'")
        }
        if members["Principal"] != nil {
            throw problem(
                "\(path).Principal",
                "identity-based policies name no Principal: the access key they are listed under is it")
        }
        guard let effectText = members["Effect"]?.stringValue, let effect = AccessPolicy.Effect(rawValue: effectText)
        else { throw problem("\(path).Effect", "must be \"Allow\" or \"Deny\"") }
        let actions = try match(members, "Action", "NotAction", at: path, ignoringCase: true)
        for pattern in actions.patterns where pattern != "*" && !pattern.lowercased().hasPrefix("dynamodb:") {
            throw problem(
                "\(path).\(actions.negated ? "NotAction" : "Action")", "'\(pattern)' is not a dynamodb: action")
        }
        return AccessPolicy.Statement(
            sid: members["Sid"]?.stringValue, effect: effect, actions: actions,
            resources: try match(members, "Resource", "NotResource", at: path, ignoringCase: false),
            conditions: try conditions(members["Condition"], at: "\(path).Condition"))
    }

    private func match(
        _ members: [String: JSONValue], _ name: String, _ negatedName: String, at path: String, ignoringCase: Bool
    ) throws(PolicyError) -> AccessPolicy.Match {
        switch (members[name], members[negatedName]) {
        case (let value?, nil):
            return .init(patterns: try strings(value, at: "\(path).\(name)"), negated: false, ignoresCase: ignoringCase)
        case (nil, let value?):
            return .init(
                patterns: try strings(value, at: "\(path).\(negatedName)"), negated: true, ignoresCase: ignoringCase)
        case (.some, .some): throw problem(path, "a statement has \(name) or \(negatedName), not both")
        case (nil, nil): throw problem(path, "a statement needs \(name) or \(negatedName)")
        }
    }

    private func conditions(_ json: JSONValue?, at path: String) throws(PolicyError) -> [PolicyCondition] {
        guard let json else { return [] }
        guard case .object(let operators) = json else { throw problem(path, "must be a JSON object") }
        var parsed: [PolicyCondition] = []
        for (name, tests) in operators.sorted(by: { $0.key < $1.key }) {
            let operatorPath = "\(path).\(name)"
            var rest = Substring(name)
            var qualifier: PolicyCondition.Qualifier?
            if let colon = rest.firstIndex(of: ":") {
                guard let known = PolicyCondition.Qualifier(rawValue: String(rest[..<colon])) else {
                    throw problem(operatorPath, "the qualifier must be ForAllValues or ForAnyValue")
                }
                qualifier = known
                rest = rest[rest.index(after: colon)...]
            }
            let ifExists = rest.hasSuffix("IfExists")
            if ifExists { rest = rest.dropLast("IfExists".count) }
            guard let op = PolicyCondition.Operator(rawValue: String(rest)), !(ifExists && op == .null) else {
                let supported = PolicyCondition.Operator.allCases.map(\.rawValue).joined(separator: ", ")
                throw problem(operatorPath, "unsupported condition operator; supported: \(supported), with IfExists")
            }
            guard case .object(let keys) = tests else { throw problem(operatorPath, "must be a JSON object") }
            for (key, values) in keys.sorted(by: { $0.key < $1.key }) {
                let keyPath = "\(operatorPath).\(key)"
                guard let known = ConditionKey(rawValue: key.lowercased()) else {
                    let supported = ConditionKey.allCases.map(\.name).joined(separator: ", ")
                    throw problem(keyPath, "unknown condition key; supported: \(supported)")
                }
                if qualifier == nil, op != .null, known.isMultivalued {
                    throw problem(
                        keyPath,
                        "\(key) has several values per request: qualify the operator with ForAllValues: (or ForAnyValue:), as DynamoDB requires"
                    )
                }
                parsed.append(
                    PolicyCondition(
                        qualifier: qualifier, operator: op, ifExists: ifExists, key: known.rawValue,
                        values: try strings(values, at: keyPath, scalars: true)))
            }
        }
        return parsed
    }

    /// A string or a list of strings (booleans and numbers too in conditions, as IAM reads them).
    private func strings(_ json: JSONValue, at path: String, scalars: Bool = false) throws(PolicyError) -> [String] {
        func one(_ value: JSONValue) throws(PolicyError) -> String {
            switch value {
            case .string(let text): return text
            case .bool(let flag) where scalars: return flag ? "true" : "false"
            case .number(let text) where scalars: return text
            default: throw problem(path, "expected a string, got \(value.kind)")
            }
        }
        switch json {
        case .array(let list):
            guard !list.isEmpty else { throw problem(path, "must name at least one value") }
            var values: [String] = []
            for value in list { values.append(try one(value)) }
            return values
        default: return [try one(json)]
        }
    }

    private func problem(_ path: String, _ reason: String) -> PolicyError {
        PolicyError(file: nil, path: path, reason: reason)
    }
}

/// Why a policy file was refused: the file, where in it, and what is wrong.
public struct PolicyError: Error, Hashable, CustomStringConvertible {
    public var file: String?
    public var path: String
    public var reason: String

    public var description: String {
        [file, path.isEmpty ? nil : path].compactMap { $0 }.joined(separator: ": ") + ": " + reason
    }
}
