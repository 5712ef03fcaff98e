/// A recursive-descent parser for DynamoDB's expression grammar.
///
/// Precedence, loosest first: OR, AND, NOT, then comparisons, BETWEEN, IN and functions;
/// parentheses group. Every failure is a ValidationException naming the expression parameter,
/// the offending token and its position. Nesting is bounded, so no input can exhaust the stack.
struct ExpressionParser {
    /// DynamoDB's limit on the length of one expression.
    static let maxLength = 4096
    /// The deepest nesting of parentheses, NOT and function calls accepted. DynamoDB bounds
    /// conditions by their operator count instead; this bound only keeps the stack safe, above
    /// any nesting 300 operators can need.
    static let maxDepth = 320
    /// DynamoDB's limit on the operators (comparisons, BETWEEN, IN, AND, OR, NOT) of one expression.
    static let maxOperators = 300
    /// The most operands an IN list may have.
    static let maxInOperands = 100

    private let kind: ExpressionKind
    private let source: [Unicode.Scalar]
    private let tokens: [ExpressionToken]
    private var position = 0
    private var depth = 0
    private var operators = 0
    /// The token positions of the parentheses of the group parsed last, to find `((…))`.
    private var lastGroup: (open: Int, close: Int)? = nil

    private init(_ text: String, kind: ExpressionKind) throws(StoreError) {
        if text.utf8.count > Self.maxLength {
            throw .validation(
                "Invalid \(kind.rawValue): Expression size has exceeded the maximum allowed size; expression size: \(text.utf8.count)"
            )
        }
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            throw .validation("Invalid \(kind.rawValue): The expression can not be empty;")
        }
        self.kind = kind
        self.source = Array(text.unicodeScalars)
        self.tokens = ExpressionLexer.tokens(of: text)
    }

    // MARK: Entry points

    static func condition(_ text: String, kind: ExpressionKind) throws(StoreError) -> SyntaxCondition {
        var parser = try ExpressionParser(text, kind: kind)
        let condition = try parser.orCondition()
        try parser.expectEnd()
        return condition
    }

    static func update(_ text: String) throws(StoreError) -> SyntaxUpdate {
        var parser = try ExpressionParser(text, kind: .update)
        return try parser.updateClauses()
    }

    static func projection(_ text: String) throws(StoreError) -> SyntaxProjection {
        var parser = try ExpressionParser(text, kind: .projection)
        var paths = [try parser.path()]
        while parser.accept(symbol: ",") { paths.append(try parser.path()) }
        try parser.expectEnd()
        return SyntaxProjection(paths: paths)
    }

    // MARK: Conditions

    private mutating func orCondition() throws(StoreError) -> SyntaxCondition {
        var condition = try andCondition()
        while accept(keyword: "OR") {
            try countOperator()
            condition = .or(condition, try andCondition())
        }
        return condition
    }

    private mutating func andCondition() throws(StoreError) -> SyntaxCondition {
        var condition = try notCondition()
        while accept(keyword: "AND") {
            try countOperator()
            condition = .and(condition, try notCondition())
        }
        return condition
    }

    private mutating func notCondition() throws(StoreError) -> SyntaxCondition {
        guard accept(keyword: "NOT") else { return try primaryCondition() }
        try countOperator()
        try enter()
        defer { depth -= 1 }
        return .not(try notCondition())
    }

    private mutating func primaryCondition() throws(StoreError) -> SyntaxCondition {
        if current.isSymbol("(") {
            let open = position
            position += 1
            try enter()
            defer { depth -= 1 }
            let condition = try orCondition()
            if let inner = lastGroup, inner.open == open + 1, inner.close == position - 1, current.isSymbol(")") {
                throw failure("The expression has redundant parentheses;")
            }
            try expect(symbol: ")")
            lastGroup = (open, position - 1)
            return condition
        }
        if let function = try functionAhead(), function.isCondition {
            return .function(
                function,
                try arguments(of: function, operand: { parser throws(StoreError) in try parser.conditionOperand() }))
        }
        return try comparison(after: try conditionOperand())
    }

    private mutating func comparison(after left: SyntaxOperand) throws(StoreError) -> SyntaxCondition {
        let token = current
        if token.kind == .symbol, let comparator = Comparator(rawValue: token.text) {
            position += 1
            try countOperator()
            return .compare(left, comparator, try conditionOperand())
        }
        if accept(keyword: "BETWEEN") {
            try countOperator()
            let low = try conditionOperand()
            guard accept(keyword: "AND") else { throw syntaxError() }
            return .between(left, low, try conditionOperand())
        }
        if accept(keyword: "IN") {
            try countOperator()
            try expect(symbol: "(")
            var list = [try conditionOperand()]
            while accept(symbol: ",") { list.append(try conditionOperand()) }
            try expect(symbol: ")")
            if list.count > Self.maxInOperands {
                throw failure(
                    "The expression contains too many operands for the IN operator; number of operands: \(list.count), maximum: \(Self.maxInOperands)"
                )
            }
            return .in(left, list)
        }
        throw syntaxError()
    }

    /// An operand of a comparison: a path, a value, or size(path).
    private mutating func conditionOperand() throws(StoreError) -> SyntaxOperand {
        if current.kind == .valueReference {
            defer { position += 1 }
            return .value(current.text)
        }
        if let function = try functionAhead() {
            guard function == .size else { throw misused(function) }
            return .function(
                function,
                try arguments(of: function, operand: { parser throws(StoreError) in try parser.conditionOperand() }))
        }
        return .path(try path())
    }

    // MARK: Updates

    private mutating func updateClauses() throws(StoreError) -> SyntaxUpdate {
        var clauses: [SyntaxUpdate.Clause] = []
        var seen: Set<String> = []
        repeat {
            let keyword = current.text.uppercased()
            guard current.kind == .identifier, ["SET", "REMOVE", "ADD", "DELETE"].contains(keyword) else {
                throw syntaxError()
            }
            guard seen.insert(keyword).inserted else {
                throw failure("The \"\(keyword)\" section can only be used once in an update expression;")
            }
            position += 1
            switch keyword {
            case "SET":
                var actions: [SyntaxUpdate.SetAction] = []
                repeat {
                    let target = try path()
                    try expect(symbol: "=")
                    actions.append(SyntaxUpdate.SetAction(path: target, value: try setValue()))
                } while accept(symbol: ",")
                clauses.append(.set(actions))
            case "REMOVE":
                var paths = [try path()]
                while accept(symbol: ",") { paths.append(try path()) }
                clauses.append(.remove(paths))
            default:
                var actions: [SyntaxUpdate.PathValue] = []
                repeat {
                    let target = try path()
                    guard current.kind == .valueReference else { throw syntaxError() }
                    actions.append(SyntaxUpdate.PathValue(path: target, value: current.text))
                    position += 1
                } while accept(symbol: ",")
                clauses.append(keyword == "ADD" ? .add(actions) : .delete(actions))
            }
        } while current.kind != .end
        return SyntaxUpdate(clauses: clauses)
    }

    /// The right-hand side of a SET action: an operand, or the sum or difference of two.
    private mutating func setValue() throws(StoreError) -> SyntaxOperand {
        let left = try updateOperand()
        if accept(symbol: "+") { return .plus(left, try updateOperand()) }
        if accept(symbol: "-") { return .minus(left, try updateOperand()) }
        return left
    }

    private mutating func updateOperand() throws(StoreError) -> SyntaxOperand {
        if current.kind == .valueReference {
            defer { position += 1 }
            return .value(current.text)
        }
        if let function = try functionAhead() {
            guard function == .ifNotExists || function == .listAppend else {
                throw failure("The function is not allowed in an update expression; function: \(function.rawValue)")
            }
            return .function(
                function,
                try arguments(of: function, operand: { parser throws(StoreError) in try parser.updateOperand() }))
        }
        return .path(try path())
    }

    // MARK: Functions

    /// The function named by the current token when a '(' follows it; an unknown name followed
    /// by '(' is an error.
    private func functionAhead() throws(StoreError) -> FunctionName? {
        guard current.kind == .identifier, tokens[position + 1].isSymbol("(") else { return nil }
        guard let function = FunctionName(rawValue: current.text) else {
            throw failure("Invalid function name; function: \(current.text)")
        }
        return function
    }

    private mutating func arguments(
        of function: FunctionName, operand: (inout ExpressionParser) throws(StoreError) -> SyntaxOperand
    ) throws(StoreError) -> [SyntaxOperand] {
        position += 1  // the name
        try expect(symbol: "(")
        try enter()
        defer { depth -= 1 }
        var operands = [try operand(&self)]
        while accept(symbol: ",") { operands.append(try operand(&self)) }
        try expect(symbol: ")")
        guard operands.count == function.arity else {
            throw failure(
                "Incorrect number of operands for operator or function; operator or function: \(function.rawValue), number of operands: \(operands.count)"
            )
        }
        if function.needsPathFirst, case .path = operands[0] {
        } else if function.needsPathFirst {
            throw failure("Operator or function requires a document path; operator or function: \(function.rawValue)")
        }
        return operands
    }

    private func misused(_ function: FunctionName) -> StoreError {
        failure("The function is not allowed to be used this way in an expression; function: \(function.rawValue)")
    }

    // MARK: Paths

    private mutating func path() throws(StoreError) -> SyntaxPath {
        var elements = [SyntaxPath.Element.name(try pathName())]
        while true {
            if accept(symbol: ".") {
                elements.append(.name(try pathName()))
            } else if accept(symbol: "[") {
                guard current.kind == .number, let index = Int(current.text), index <= Int(Int32.max) else {
                    throw syntaxError()
                }
                position += 1
                try expect(symbol: "]")
                elements.append(.index(index))
            } else {
                return SyntaxPath(elements: elements)
            }
        }
    }

    private mutating func pathName() throws(StoreError) -> SyntaxName {
        let token = current
        switch token.kind {
        case .identifier:
            if ReservedWords.contains(token.text) {
                throw failure("Attribute name is a reserved keyword; reserved keyword: \(token.text)")
            }
            position += 1
            return .bare(token.text)
        case .nameReference:
            position += 1
            return .placeholder(token.text)
        default:
            throw syntaxError()
        }
    }

    // MARK: Tokens

    private var current: ExpressionToken { tokens[position] }

    private mutating func accept(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func accept(keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func expect(symbol: String) throws(StoreError) {
        guard accept(symbol: symbol) else { throw syntaxError() }
    }

    private func expectEnd() throws(StoreError) {
        guard current.kind == .end else { throw syntaxError() }
    }

    private mutating func countOperator() throws(StoreError) {
        operators += 1
        if operators > Self.maxOperators {
            throw failure("The expression contains too many operators; operator count: \(operators)")
        }
    }

    private mutating func enter() throws(StoreError) {
        depth += 1
        if depth > Self.maxDepth {
            throw failure(
                "The expression is nested too deeply; maximum depth: \(Self.maxDepth), near position \(current.start + 1)"
            )
        }
    }

    private func failure(_ detail: String) -> StoreError {
        .validation("Invalid \(kind.rawValue): \(detail)")
    }

    /// DynamoDB's syntax error: the unexpected token and the text around it, here with its
    /// position (1-based, in characters) as well.
    private func syntaxError() -> StoreError {
        let token = current
        let from = tokens[max(position - 1, 0)].start
        let to = tokens[min(position + 1, tokens.count - 1)].end
        var near = ""
        near.unicodeScalars.append(contentsOf: source[from..<to])
        return failure("Syntax error; token: \"\(token.text)\", near: \"\(near)\", position: \(token.start + 1)")
    }
}
