/// Substitutes a request's ExpressionAttributeNames and ExpressionAttributeValues into parsed
/// expressions, checking what DynamoDB checks on the way: undefined placeholders, operand types
/// that can never be right, and (once every expression of the request is resolved) placeholders
/// that were supplied but never used.
struct ExpressionResolver {
    private let names: [String: String]
    private let values: [String: AttributeValue]
    private var usedNames: Set<String> = []
    private var usedValues: Set<String> = []

    /// Checks the maps themselves: present means non-empty, and every value valid.
    init(names: [String: String]?, values: [String: AttributeValue]?) throws(StoreError) {
        if let names, names.isEmpty { throw .validation("ExpressionAttributeNames must not be empty") }
        if let values, values.isEmpty { throw .validation("ExpressionAttributeValues must not be empty") }
        for (placeholder, name) in names ?? [:] {
            try Self.checkPlaceholder(placeholder, prefix: "#", map: "ExpressionAttributeNames")
            guard !name.isEmpty else {
                throw .validation(
                    "ExpressionAttributeNames contains invalid value: Empty attribute name for key \(placeholder)")
            }
            try ItemValidation.checkNameLength(name)
        }
        for (placeholder, value) in values ?? [:] {
            try Self.checkPlaceholder(placeholder, prefix: ":", map: "ExpressionAttributeValues")
            do {
                try value.validate()
            } catch {
                throw .validation(
                    "ExpressionAttributeValues contains invalid value: \(error.message) for key \(placeholder)")
            }
        }
        self.names = names ?? [:]
        self.values = values ?? [:]
    }

    /// A placeholder is its prefix and one or more of `A-Z a-z 0-9 _`, at most 255 bytes in all;
    /// DynamoDB checks the length first (Developer Guide, "Expression attribute names").
    static func checkPlaceholder(_ placeholder: String, prefix: Character, map: String) throws(StoreError) {
        let length = placeholder.utf8.count
        guard length <= 255 else {
            throw .validation(
                "\(map) contains invalid key: The expression attribute map contains a key that is too long; size of key: \(length)"
            )
        }
        let rest = placeholder.utf8.dropFirst()
        guard placeholder.first == prefix, !rest.isEmpty,
            rest.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_")
            })
        else {
            throw .validation("\(map) contains invalid key: Syntax error; key: \"\(placeholder)\"")
        }
    }

    /// Fails when a supplied placeholder was not used by any expression of the request.
    func checkAllUsed() throws(StoreError) {
        let unusedNames = Set(names.keys).subtracting(usedNames)
        if !unusedNames.isEmpty {
            throw .validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.sorted().joined(separator: ", "))}"
            )
        }
        let unusedValues = Set(values.keys).subtracting(usedValues)
        if !unusedValues.isEmpty {
            throw .validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.sorted().joined(separator: ", "))}"
            )
        }
    }

    // MARK: Paths and values

    mutating func path(_ syntax: SyntaxPath, _ kind: ExpressionKind) throws(StoreError) -> AttributePath {
        var elements: [AttributePath.Element] = []
        elements.reserveCapacity(syntax.elements.count)
        for element in syntax.elements {
            switch element {
            case .name(.bare(let name)): elements.append(.key(name))
            case .name(.placeholder(let placeholder)):
                guard let name = names[placeholder] else {
                    throw .validation(
                        "Invalid \(kind.rawValue): An expression attribute name used in the document path is not defined; attribute name: \(placeholder)"
                    )
                }
                usedNames.insert(placeholder)
                elements.append(.key(name))
            case .index(let index): elements.append(.index(index))
            }
        }
        return AttributePath(elements)
    }

    mutating func value(_ placeholder: String, _ kind: ExpressionKind) throws(StoreError) -> AttributeValue {
        guard let value = values[placeholder] else {
            throw .validation(
                "Invalid \(kind.rawValue): An expression attribute value used in expression is not defined; attribute value: \(placeholder)"
            )
        }
        usedValues.insert(placeholder)
        return value
    }

    // MARK: Conditions

    mutating func condition(_ syntax: SyntaxCondition, _ kind: ExpressionKind) throws(StoreError) -> Predicate {
        switch syntax {
        case .compare(let left, let comparator, let right):
            return .compare(try term(left, kind), comparator, try term(right, kind))
        case .between(let value, let low, let high):
            let lowTerm = try term(low, kind)
            let highTerm = try term(high, kind)
            if case .literal(let lowValue) = lowTerm, case .literal(let highValue) = highTerm,
                let order = ValueOrder.compare(lowValue, highValue), order > 0
            {
                throw .validation(
                    "Invalid \(kind.rawValue): The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(lowValue.typeName):\(ValueOrder.render(lowValue))}, upper bound operand: AttributeValue: {\(highValue.typeName):\(ValueOrder.render(highValue))}"
                )
            }
            return .between(try term(value, kind), lowTerm, highTerm)
        case .in(let value, let list):
            var terms: [Term] = []
            for operand in list { terms.append(try term(operand, kind)) }
            return .in(try term(value, kind), terms)
        case .function(let function, let operands):
            return try conditionFunction(function, operands, kind)
        case .and(let left, let right):
            return .and(try condition(left, kind), try condition(right, kind))
        case .or(let left, let right):
            return .or(try condition(left, kind), try condition(right, kind))
        case .not(let inner):
            return .not(try condition(inner, kind))
        }
    }

    private mutating func conditionFunction(
        _ function: FunctionName, _ operands: [SyntaxOperand], _ kind: ExpressionKind
    ) throws(StoreError) -> Predicate {
        switch function {
        case .attributeExists: return .exists(try firstPath(operands, kind))
        case .attributeNotExists: return .notExists(try firstPath(operands, kind))
        case .attributeType:
            let path = try firstPath(operands, kind)
            guard case .literal(let type) = try term(operands[1], kind) else {
                throw .validation(
                    "Invalid \(kind.rawValue): Incorrect operand type for operator or function; operator or function: attribute_type, operand type: PATH"
                )
            }
            guard case .s(let name) = type else {
                throw incorrectOperand(function.rawValue, type, kind)
            }
            let valid = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"]
            guard valid.contains(name) else {
                throw .validation(
                    "Invalid \(kind.rawValue): Invalid attribute type name found; type: \(name), valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
                )
            }
            return .hasType(path, name)
        case .beginsWith:
            let left = try term(operands[0], kind)
            let right = try term(operands[1], kind)
            for case .literal(let value) in [left, right] {
                switch value {
                case .s, .b: continue
                default: throw incorrectOperand(function.rawValue, value, kind)
                }
            }
            return .beginsWith(left, right)
        case .contains:
            return .contains(try term(operands[0], kind), try term(operands[1], kind))
        case .size, .ifNotExists, .listAppend:
            throw .validation(
                "Invalid \(kind.rawValue): The function is not allowed to be used this way in an expression; function: \(function.rawValue)"
            )
        }
    }

    mutating func term(_ syntax: SyntaxOperand, _ kind: ExpressionKind) throws(StoreError) -> Term {
        switch syntax {
        case .path(let path): return .path(try self.path(path, kind))
        case .value(let placeholder): return .literal(try value(placeholder, kind))
        case .function(.size, let operands): return .size(try firstPath(operands, kind))
        case .function(.ifNotExists, let operands):
            return .ifNotExists(try firstPath(operands, kind), try term(operands[1], kind))
        case .function(.listAppend, let operands):
            let left = try term(operands[0], kind)
            let right = try term(operands[1], kind)
            for case .literal(let value) in [left, right] {
                guard case .l = value else { throw incorrectOperand("list_append", value, kind) }
            }
            return .listAppend(left, right)
        case .function(let function, _):
            throw .validation(
                "Invalid \(kind.rawValue): The function is not allowed to be used this way in an expression; function: \(function.rawValue)"
            )
        case .plus(let left, let right):
            return .plus(try arithmeticOperand(left, "+", kind), try arithmeticOperand(right, "+", kind))
        case .minus(let left, let right):
            return .minus(try arithmeticOperand(left, "-", kind), try arithmeticOperand(right, "-", kind))
        }
    }

    private mutating func arithmeticOperand(
        _ syntax: SyntaxOperand, _ symbol: String, _ kind: ExpressionKind
    ) throws(StoreError) -> Term {
        let resolved = try term(syntax, kind)
        if case .literal(let value) = resolved, value.numberValue == nil {
            throw incorrectOperand(symbol, value, kind)
        }
        return resolved
    }

    private mutating func firstPath(
        _ operands: [SyntaxOperand], _ kind: ExpressionKind
    ) throws(StoreError) -> AttributePath {
        // The parser guarantees functions that need a path get one first.
        guard case .path(let syntax) = operands.first else {
            throw .validation("Invalid \(kind.rawValue): Operator or function requires a document path")
        }
        return try path(syntax, kind)
    }

    private func incorrectOperand(_ function: String, _ value: AttributeValue, _ kind: ExpressionKind) -> StoreError {
        .validation(
            "Invalid \(kind.rawValue): Incorrect operand type for operator or function; operator or function: \(function), operand type: \(value.typeName)"
        )
    }

    // MARK: Updates and projections

    mutating func update(_ syntax: SyntaxUpdate) throws(StoreError) -> UpdatePlan {
        var plan = UpdatePlan()
        for clause in syntax.clauses {
            switch clause {
            case .set(let actions):
                for action in actions {
                    plan.assignments.append(
                        UpdatePlan.Assignment(
                            path: try path(action.path, .update), value: try term(action.value, .update)))
                }
            case .remove(let paths):
                for syntaxPath in paths { plan.removals.append(try path(syntaxPath, .update)) }
            case .add(let actions):
                for action in actions {
                    let value = try value(action.value, .update)
                    switch value {
                    case .n, .ss, .ns, .bs: break
                    default: throw incorrectOperand("ADD", value, .update)
                    }
                    plan.additions.append(UpdatePlan.SetOperation(path: try path(action.path, .update), value: value))
                }
            case .delete(let actions):
                for action in actions {
                    let value = try value(action.value, .update)
                    switch value {
                    case .ss, .ns, .bs: break
                    default: throw incorrectOperand("DELETE", value, .update)
                    }
                    plan.deletions.append(UpdatePlan.SetOperation(path: try path(action.path, .update), value: value))
                }
            }
        }
        try AttributePath.checkDisjoint(plan.targets, kind: .update)
        return plan
    }

    mutating func projection(_ syntax: SyntaxProjection) throws(StoreError) -> [AttributePath] {
        var paths: [AttributePath] = []
        for syntaxPath in syntax.paths { paths.append(try path(syntaxPath, .projection)) }
        try AttributePath.checkDisjoint(paths, kind: .projection)
        return paths
    }
}
