/// A recursive-descent parser for the statements of PartiQL for DynamoDB: SELECT, INSERT, UPDATE,
/// DELETE and (in transactions) EXISTS. Keywords are case-insensitive; names are bare words or
/// double-quoted; literals are PartiQL's ('text', numbers, true/false, null, [lists], {maps},
/// <<sets>>); `?` takes the next parameter. Every failure names the token and its position.
struct PartiQLParser {
    /// The deepest nesting of parentheses, NOT, functions and literals accepted: far above any
    /// real statement, low enough that no input can exhaust the stack.
    static let maxDepth = 64

    private static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "BETWEEN", "ORDER", "BY", "SET", "REMOVE",
        "RETURNING", "VALUE", "INTO", "MISSING", "NULL", "TRUE", "FALSE", "ASC", "DESC", "EXISTS", "INSERT",
        "UPDATE", "DELETE",
    ]

    private let tokens: [PartiQLToken]
    private var position = 0
    private var depth = 0
    private var parameters = 0

    static func parse(_ text: String) throws(StoreError) -> ParsedStatement {
        var parser = PartiQLParser(tokens: try PartiQLLexer.tokens(of: text))
        let statement = try parser.statement()
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return ParsedStatement(statement: statement, parameterCount: parser.parameters)
    }

    private init(tokens: [PartiQLToken]) {
        self.tokens = tokens
    }

    // MARK: Statements

    private mutating func statement() throws(StoreError) -> PartiQLStatement {
        if accept(keyword: "SELECT") { return .select(try selectBody()) }
        if accept(keyword: "INSERT") {
            try expect(keyword: "INTO")
            let table = try name()
            try expect(keyword: "VALUE")
            return .insert(table: table, item: try value())
        }
        if accept(keyword: "UPDATE") { return try update() }
        if accept(keyword: "DELETE") {
            try expect(keyword: "FROM")
            let table = try name()
            try expect(keyword: "WHERE")
            let condition = try orCondition()
            var returning = ReturnValue.none
            if accept(keyword: "RETURNING") {
                try expect(keyword: "ALL")
                try expect(keyword: "OLD")
                try expect(symbol: "*")
                returning = .allOld
            }
            return .delete(table: table, condition: condition, returning: returning)
        }
        if accept(keyword: "EXISTS") {
            try expect(symbol: "(")
            try expect(keyword: "SELECT")
            let select = try selectBody()
            try expect(symbol: ")")
            return .exists(select)
        }
        throw unexpected()
    }

    private mutating func selectBody() throws(StoreError) -> PartiQLSelect {
        var projection: [PartiQLPath]?
        if !accept(symbol: "*") {
            var paths = [try path()]
            while accept(symbol: ",") { paths.append(try path()) }
            projection = paths
        }
        try expect(keyword: "FROM")
        let table = try name()
        var index: String?
        if accept(symbol: ".") { index = try name() }
        var select = PartiQLSelect(projection: projection, table: table, index: index)
        if accept(keyword: "WHERE") { select.condition = try orCondition() }
        if accept(keyword: "ORDER") {
            try expect(keyword: "BY")
            let path = try path()
            var descending = false
            if accept(keyword: "DESC") {
                descending = true
            } else {
                _ = accept(keyword: "ASC")
            }
            select.orderBy = (path, descending)
        }
        return select
    }

    private mutating func update() throws(StoreError) -> PartiQLStatement {
        let table = try name()
        var actions: [PartiQLStatement.UpdateAction] = []
        while true {
            if accept(keyword: "SET") {
                repeat {
                    let target = try path()
                    try expect(symbol: "=")
                    actions.append(.set(target, try value()))
                } while accept(symbol: ",")
            } else if accept(keyword: "REMOVE") {
                repeat { actions.append(.remove(try path())) } while accept(symbol: ",")
            } else {
                break
            }
        }
        guard !actions.isEmpty else { throw unexpected() }
        try expect(keyword: "WHERE")
        let condition = try orCondition()
        var returning = ReturnValue.none
        if accept(keyword: "RETURNING") {
            let all = accept(keyword: "ALL")
            if !all { try expect(keyword: "MODIFIED") }
            let old = accept(keyword: "OLD")
            if !old { try expect(keyword: "NEW") }
            try expect(symbol: "*")
            returning = all ? (old ? .allOld : .allNew) : (old ? .updatedOld : .updatedNew)
        }
        return .update(table: table, actions: actions, condition: condition, returning: returning)
    }

    // MARK: Conditions

    private mutating func orCondition() throws(StoreError) -> PartiQLCondition {
        var condition = try andCondition()
        while accept(keyword: "OR") { condition = .or(condition, try andCondition()) }
        return condition
    }

    private mutating func andCondition() throws(StoreError) -> PartiQLCondition {
        var condition = try notCondition()
        while accept(keyword: "AND") { condition = .and(condition, try notCondition()) }
        return condition
    }

    private mutating func notCondition() throws(StoreError) -> PartiQLCondition {
        guard accept(keyword: "NOT") else { return try primaryCondition() }
        try enter()
        defer { depth -= 1 }
        return .not(try notCondition())
    }

    private mutating func primaryCondition() throws(StoreError) -> PartiQLCondition {
        if accept(symbol: "(") {
            try enter()
            defer { depth -= 1 }
            let condition = try orCondition()
            try expect(symbol: ")")
            return condition
        }
        if current.kind == .word, tokens[position + 1].isSymbol("("),
            ["BEGINS_WITH", "CONTAINS", "ATTRIBUTE_TYPE"].contains(current.text.uppercased())
        {
            let function = current.text.lowercased()
            position += 1
            return .function(function, try arguments())
        }
        let left = try value()
        if current.kind == .symbol {
            let comparator: Comparator? =
                switch current.text {
                case "=": .eq
                case "<>", "!=": .ne
                case "<": .lt
                case "<=": .le
                case ">": .gt
                case ">=": .ge
                default: nil
                }
            if let comparator {
                position += 1
                return .compare(left, comparator, try value())
            }
        }
        if accept(keyword: "BETWEEN") {
            let low = try value()
            try expect(keyword: "AND")
            return .between(left, low, try value())
        }
        if accept(keyword: "IN") {
            let close: String
            if accept(symbol: "[") {
                close = "]"
            } else {
                try expect(symbol: "(")
                close = ")"
            }
            var list = [try value()]
            while accept(symbol: ",") { list.append(try value()) }
            try expect(symbol: close)
            return .in(left, list)
        }
        if accept(keyword: "IS") {
            let negated = accept(keyword: "NOT")
            guard let path = left.path else { throw unexpected() }
            if accept(keyword: "MISSING") { return .missing(path, negated: negated) }
            if accept(keyword: "NULL") { return .null(path, negated: negated) }
            throw unexpected()
        }
        throw unexpected()
    }

    // MARK: Values

    private mutating func value() throws(StoreError) -> PartiQLValue {
        var value = try term()
        while true {
            if accept(symbol: "+") {
                value = .plus(value, try term())
            } else if accept(symbol: "-") {
                value = .minus(value, try term())
            } else {
                return value
            }
        }
    }

    private mutating func term() throws(StoreError) -> PartiQLValue {
        let token = current
        switch token.kind {
        case .string:
            position += 1
            return .literal(.s(token.text))
        case .number:
            position += 1
            return .literal(.n(try number(token.text, at: token)))
        case .symbol:
            if token.text == "-", tokens[position + 1].kind == .number {
                position += 2
                return .literal(.n(try number("-" + tokens[position - 1].text, at: token)))
            }
            if accept(symbol: "?") {
                parameters += 1
                return .parameter(parameters - 1)
            }
            if accept(symbol: "[") { return .list(try elements(closing: "]")) }
            if accept(symbol: "<<") { return .set(try elements(closing: ">>")) }
            if accept(symbol: "{") { return try map() }
            throw unexpected()
        case .word:
            switch token.text.uppercased() {
            case "TRUE", "FALSE":
                position += 1
                return .literal(.bool(token.text.uppercased() == "TRUE"))
            case "NULL":
                position += 1
                return .literal(.null)
            default:
                if tokens[position + 1].isSymbol("(") {
                    let function = token.text.lowercased()
                    guard ["list_append", "set_add", "set_delete", "size", "if_not_exists"].contains(function) else {
                        throw .validation("Unsupported function \(token.text) at position \(token.position)")
                    }
                    position += 1
                    return .function(function, try arguments())
                }
                return .path(try path())
            }
        case .quotedName:
            return .path(try path())
        case .end:
            throw unexpected()
        }
    }

    private mutating func arguments() throws(StoreError) -> [PartiQLValue] {
        try expect(symbol: "(")
        try enter()
        defer { depth -= 1 }
        var values = [try value()]
        while accept(symbol: ",") { values.append(try value()) }
        try expect(symbol: ")")
        return values
    }

    private mutating func elements(closing: String) throws(StoreError) -> [PartiQLValue] {
        try enter()
        defer { depth -= 1 }
        var values: [PartiQLValue] = []
        if accept(symbol: closing) { return values }
        repeat { values.append(try value()) } while accept(symbol: ",")
        try expect(symbol: closing)
        return values
    }

    private mutating func map() throws(StoreError) -> PartiQLValue {
        try enter()
        defer { depth -= 1 }
        var members: [String: PartiQLValue] = [:]
        if accept(symbol: "}") { return .map(members) }
        repeat {
            let key = current
            guard key.kind == .string || key.kind == .quotedName else { throw unexpected() }
            position += 1
            try expect(symbol: ":")
            guard members.updateValue(try value(), forKey: key.text) == nil else {
                throw .validation("Duplicate key '\(key.text)' in a map at position \(key.position)")
            }
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return .map(members)
    }

    private func number(_ text: String, at token: PartiQLToken) throws(StoreError) -> DecimalNumber {
        do {
            return try DecimalNumber(text)
        } catch {
            throw .validation("\(error.message) at position \(token.position)")
        }
    }

    // MARK: Names and paths

    private mutating func name() throws(StoreError) -> String {
        let token = current
        switch token.kind {
        case .quotedName:
            position += 1
            return token.text
        case .word where !Self.keywords.contains(token.text.uppercased()):
            position += 1
            return token.text
        default:
            throw unexpected()
        }
    }

    private mutating func path() throws(StoreError) -> PartiQLPath {
        var elements = [PartiQLPath.Element.name(try name())]
        while true {
            if accept(symbol: ".") {
                elements.append(.name(try name()))
            } else if accept(symbol: "[") {
                let token = current
                guard token.kind == .number, let index = Int(token.text), index <= Int(Int32.max) else {
                    throw unexpected()
                }
                position += 1
                try expect(symbol: "]")
                elements.append(.index(index))
            } else {
                return PartiQLPath(elements: elements)
            }
        }
    }

    // MARK: Tokens

    private var current: PartiQLToken { tokens[position] }

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
        guard accept(symbol: symbol) else { throw unexpected() }
    }

    private mutating func expect(keyword: String) throws(StoreError) {
        guard accept(keyword: keyword) else { throw unexpected() }
    }

    private mutating func enter() throws(StoreError) {
        depth += 1
        if depth > Self.maxDepth {
            throw PartiQLLexer.syntax(
                "the statement is nested too deeply (more than \(Self.maxDepth) levels)", at: current.position)
        }
    }

    private func unexpected() -> StoreError {
        PartiQLLexer.syntax("unexpected \(current.quoted)", at: current.position)
    }
}
