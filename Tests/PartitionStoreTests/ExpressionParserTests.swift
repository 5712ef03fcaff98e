import TestSupport
import Testing

@testable import PartitionStore

@Suite("Expression parser")
struct ExpressionParserTests {
    // MARK: Each construct

    @Test(
        "conditions parse with DynamoDB's precedence",
        arguments: [
            ("a = :v", "a = :v"),
            ("a.b.c <> :v", "a.b.c <> :v"),
            ("a[2][0] < :v", "a[2][0] < :v"),
            ("#n.x[1] <= :v", "#n.x[1] <= :v"),
            ("a > :v AND b >= :w", "(a > :v AND b >= :w)"),
            ("a = :x OR b = :y AND c = :z", "(a = :x OR (b = :y AND c = :z))"),
            ("(a = :x OR b = :y) AND c = :z", "((a = :x OR b = :y) AND c = :z)"),
            ("NOT a = :x AND b = :y", "(NOT (a = :x) AND b = :y)"),
            ("not not a = :x", "NOT (NOT (a = :x))"),
            ("a BETWEEN :lo AND :hi AND b = :x", "(a BETWEEN :lo AND :hi AND b = :x)"),
            ("a IN (:x, :y, :z)", "a IN (:x, :y, :z)"),
            ("a in (:x)", "a IN (:x)"),
            (
                "attribute_exists(a) and attribute_not_exists(#b.c)",
                "(attribute_exists(a) AND attribute_not_exists(#b.c))"
            ),
            ("attribute_type(a, :t)", "attribute_type(a, :t)"),
            ("begins_with(sk, :p)", "begins_with(sk, :p)"),
            ("contains(tags, :t) OR contains(title, b)", "(contains(tags, :t) OR contains(title, b))"),
            ("size(a) > :n", "size(a) > :n"),
            (":n < size(a.b[1])", ":n < size(a.b[1])"),
            ("size(a) BETWEEN :x AND size(b)", "size(a) BETWEEN :x AND size(b)"),
            ("  a=:v  ", "a = :v"),
            ("_under_score9 = :v_1", "_under_score9 = :v_1"),
        ])
    func conditions(text: String, printed: String) throws {
        let tree = try ExpressionParser.condition(text, kind: .condition)
        #expect(tree.description == printed)
    }

    @Test(
        "updates parse every clause, in any order",
        arguments: [
            ("SET a = :v", "SET a = :v"),
            ("set a = :v, b.c[2] = b.c[2] + :one", "SET a = :v, b.c[2] = b.c[2] + :one"),
            ("SET n = n - :d", "SET n = n - :d"),
            (
                "SET l = list_append(if_not_exists(l, :empty), :new)",
                "SET l = list_append(if_not_exists(l, :empty), :new)"
            ),
            ("SET c = if_not_exists(c, :zero) + :one", "SET c = if_not_exists(c, :zero) + :one"),
            ("REMOVE a, b.c, l[3]", "REMOVE a, b.c, l[3]"),
            ("ADD hits :one, tags :t", "ADD hits :one, tags :t"),
            ("DELETE tags :t", "DELETE tags :t"),
            ("REMOVE x SET a = :v ADD n :one DELETE s :s", "REMOVE x SET a = :v ADD n :one DELETE s :s"),
            ("add #c :one remove #r", "ADD #c :one REMOVE #r"),
        ])
    func updates(text: String, printed: String) throws {
        #expect(try ExpressionParser.update(text).description == printed)
    }

    @Test("projections are paths separated by commas")
    func projections() throws {
        #expect(try ExpressionParser.projection("a, b.c, #d[0].e , f[1][2]").description == "a, b.c, #d[0].e, f[1][2]")
    }

    // MARK: Each error

    @Test(
        "malformed conditions get a ValidationException naming the token and position",
        arguments: [
            ("a = ", "Syntax error; token: \"<EOF>\", near: \"= \", position: 5"),
            ("a == :v", "Syntax error; token: \"=\", near: \"== :v\", position: 4"),
            ("a = :v AND", "token: \"<EOF>\""),
            ("(a = :v", "token: \"<EOF>\""),
            ("a = :v)", "token: \")\""),
            ("a BETWEEN :x", "token: \"<EOF>\""),
            ("a BETWEEN :x OR :y", "token: \"OR\""),
            ("a IN ()", "token: \")\""),
            ("a = :v b = :w", "token: \"b\""),
            ("a[x] = :v", "token: \"x\""),
            ("a.[1] = :v", "token: \"[\""),
            ("a = ?", "token: \"?\", near: \"= ?\", position: 5"),
            ("a = : ", "token: \":\""),
            ("# = :v", "token: \"#\""),
            ("1a = :v", "token: \"1\""),
            ("a = :v;", "token: \";\""),
            ("size(a)", "token: \"<EOF>\""),
            ("begins_with(a, :p) = :t", "token: \"=\""),
            ("a = 'text'", "token: \"'\""),
            ("a = :日", "token: \":\""),
            ("日 = :v", "token: \"日\", near: \"日 =\", position: 1"),
        ])
    func syntaxErrors(text: String, fragment: String) {
        expectError(fragment, prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(text, kind: .condition)
        }
    }

    @Test(
        "misused functions, operands and names get DynamoDB's errors",
        arguments: [
            ("foo(a) = :v", "Invalid function name; function: foo"),
            ("BEGINS_WITH(a, :v)", "Invalid function name; function: BEGINS_WITH"),
            (
                "begins_with(a)",
                "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"
            ),
            (
                "attribute_exists(a, b)",
                "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"
            ),
            (
                "attribute_exists(:v)",
                "Operator or function requires a document path; operator or function: attribute_exists"
            ),
            ("size(:v) > :n", "Operator or function requires a document path; operator or function: size"),
            (
                "a = if_not_exists(a, :v)",
                "The function is not allowed to be used this way in an expression; function: if_not_exists"
            ),
            (
                "list_append(a, :v) = :w",
                "The function is not allowed to be used this way in an expression; function: list_append"
            ),
            (
                "a = contains(a, :v)",
                "The function is not allowed to be used this way in an expression; function: contains"
            ),
            ("status = :v", "Attribute name is a reserved keyword; reserved keyword: status"),
            ("a.Name = :v", "Attribute name is a reserved keyword; reserved keyword: Name"),
            ("a = :v AND date > :d", "Attribute name is a reserved keyword; reserved keyword: date"),
        ])
    func semanticErrors(text: String, fragment: String) {
        expectError(fragment, prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(text, kind: .condition)
        }
    }

    @Test(
        "malformed updates get DynamoDB's errors",
        arguments: [
            ("a = :v", "Syntax error; token: \"a\""),
            ("SET", "token: \"<EOF>\""),
            ("SET a :v", "token: \":v\""),
            ("SET a = :v,", "token: \"<EOF>\""),
            ("SET a = :v SET b = :w", "The \"SET\" section can only be used once in an update expression;"),
            ("REMOVE a remove b", "The \"REMOVE\" section can only be used once in an update expression;"),
            ("ADD a b", "token: \"b\""),
            ("DELETE s", "token: \"<EOF>\""),
            ("SET a = :x + :y + :z", "token: \"+\""),
            ("SET a = size(b)", "The function is not allowed in an update expression; function: size"),
            (
                "SET a = if_not_exists(:v, :w)",
                "Operator or function requires a document path; operator or function: if_not_exists"
            ),
            (
                "SET a = list_append(:v)",
                "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"
            ),
            ("SET status = :v", "Attribute name is a reserved keyword; reserved keyword: status"),
            ("UPDATE a = :v", "token: \"UPDATE\""),
        ])
    func updateErrors(text: String, fragment: String) {
        expectError(fragment, prefix: "Invalid UpdateExpression: ") { try ExpressionParser.update(text) }
    }

    @Test(
        "malformed projections get DynamoDB's errors",
        arguments: [
            ("a,", "token: \"<EOF>\""),
            ("a b", "token: \"b\""),
            (":v", "token: \":v\""),
            ("size(a)", "reserved keyword: size"),
            ("comment", "Attribute name is a reserved keyword; reserved keyword: comment"),
        ])
    func projectionErrors(text: String, fragment: String) {
        expectError(fragment, prefix: "Invalid ProjectionExpression: ") { try ExpressionParser.projection(text) }
    }

    @Test("empty and oversized expressions are refused")
    func limits() {
        expectError("The expression can not be empty;", prefix: "Invalid FilterExpression: ") {
            try ExpressionParser.condition("  ", kind: .filter)
        }
        expectError("The expression can not be empty;", prefix: "Invalid UpdateExpression: ") {
            try ExpressionParser.update("")
        }
        let long = "a = :v" + String(repeating: " OR a = :v", count: 500)
        expectError("Expression size has exceeded the maximum allowed size", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(long, kind: .condition)
        }
        let deep = String(repeating: "(", count: 400) + "a = :v" + String(repeating: ")", count: 400)
        expectError("nested too deeply", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(deep, kind: .condition)
        }
        let sizes = "a < " + String(repeating: "size(", count: 400) + "b" + String(repeating: ")", count: 400)
        expectError("nested too deeply", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(sizes, kind: .condition)
        }
        // DynamoDB counts operators, not depth: 300 are allowed, the 301st is refused.
        let nots = String(repeating: "NOT ", count: 500) + "a = :v"
        expectError("too many operators; operator count: 301", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(nots, kind: .condition)
        }
        let nested149 = "a<b " + String(repeating: "or (a<b ", count: 149) + String(repeating: ")", count: 149)
        #expect(throws: Never.self) { try ExpressionParser.condition(nested149, kind: .condition) }
        let nested150 = "a<b " + String(repeating: "or (a<b ", count: 150) + String(repeating: ")", count: 150)
        expectError("too many operators; operator count: 301", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(nested150, kind: .condition)
        }
        for redundant in ["((a = :v))", "(a = :v) AND ((b = :v))", "NOT ((a = :v OR b = :v))"] {
            expectError("The expression has redundant parentheses;", prefix: "Invalid FilterExpression: ") {
                try ExpressionParser.condition(redundant, kind: .filter)
            }
        }
        for grouped in ["(a = :v)", "((a = :v) OR b = :v)", "((a = :v) AND (b = :v))", "NOT (a = :v)"] {
            #expect(throws: Never.self) { try ExpressionParser.condition(grouped, kind: .filter) }
        }
        let inList = "a IN (" + (0...100).map { ":v\($0)" }.joined(separator: ", ") + ")"
        expectError("too many operands for the IN operator", prefix: "Invalid ConditionExpression: ") {
            try ExpressionParser.condition(inList, kind: .condition)
        }
        let hundred = "a IN (" + (1...100).map { ":v\($0)" }.joined(separator: ", ") + ")"
        #expect(throws: Never.self) { try ExpressionParser.condition(hundred, kind: .condition) }
    }

    @Test("every reserved word is refused bare, in any case, and accepted through a placeholder")
    func reservedWords() throws {
        for word in ["ABORT", "Status", "name", "zone", "Timestamp", "data", "TTL", "user", "value", "key"] {
            expectError("reserved keyword: \(word)", prefix: "Invalid ProjectionExpression: ") {
                try ExpressionParser.projection(word)
            }
        }
        for word in ["amount", "tenantId", "pk", "sk", "gsi1pk", "refno"] {
            #expect(throws: Never.self) { try ExpressionParser.projection(word) }
        }
        #expect(
            ReservedWords.contains("Status") && ReservedWords.contains("select") && !ReservedWords.contains("statusx"))
        #expect(try ExpressionParser.condition("#status = :s", kind: .filter).description == "#status = :s")
    }

    // MARK: Laws

    @Test("printing a parsed tree and parsing it again gives the same tree", arguments: 1...6)
    func printParseRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let condition = SyntaxGenerator.condition(&rng, depth: 0)
            #expect(
                try ExpressionParser.condition(condition.description, kind: .condition) == condition, "\(condition)")
            let update = SyntaxGenerator.update(&rng)
            #expect(try ExpressionParser.update(update.description) == update, "\(update)")
            let projection = SyntaxProjection(
                paths: (0..<Int.random(in: 1...4, using: &rng)).map { _ in SyntaxGenerator.path(&rng) })
            #expect(try ExpressionParser.projection(projection.description) == projection)
        }
    }

    @Test("random and mutated input never crashes or hangs: it parses or gets a ValidationException", arguments: 1...4)
    func fuzz(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let fragments = [
            "a", "#n", ":v", "(", ")", "[", "]", "0", "12", ",", ".", "=", "<>", "<", ">=", "+", "-", " ", "AND", "OR",
            "NOT",
            "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains", "if_not_exists", "list_append",
            "begins_with", "attribute_exists", "status", "日", "\u{0}", "\"", "'", "#", ":", "😀", "\n",
        ]
        for round in 0..<2_000 {
            var text: String
            if round % 2 == 0 {
                text = (0..<Int.random(in: 0...24, using: &rng)).map { _ in fragments.randomElement(using: &rng) ?? "" }
                    .joined()
            } else {
                // Mutate a valid expression: drop, duplicate or replace one character.
                var characters = Array(SyntaxGenerator.condition(&rng, depth: 0).description)
                if !characters.isEmpty {
                    let at = Int.random(in: 0..<characters.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: characters.remove(at: at)
                    case 1: characters.insert(characters[at], at: at)
                    default:
                        characters[at] = Character(fragments.randomElement(using: &rng)?.first.map(String.init) ?? "?")
                    }
                }
                text = String(characters)
            }
            for parse in [
                { _ = try ExpressionParser.condition(text, kind: .filter) },
                { _ = try ExpressionParser.update(text) },
                { _ = try ExpressionParser.projection(text) },
            ] as [() throws -> Void] {
                do {
                    try parse()
                } catch let error as StoreError {
                    #expect(error.code == .validation)
                    #expect(error.message.hasPrefix("Invalid "), "\(error.message)")
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }

    @Test("the parse cache returns the same tree, stays bounded, and keeps no failures")
    func cache() throws {
        let cache = ExpressionCache(capacity: 8)
        let first = try cache.condition("a = :v", kind: .filter)
        #expect(try cache.condition("a = :v", kind: .filter) == first)
        #expect(cache.count == 1)
        for index in 0..<50 { _ = try cache.condition("a\(index) = :v", kind: .filter) }
        #expect(cache.count <= 8)
        #expect(throws: StoreError.self) { try cache.update("SET") }
        #expect(cache.count <= 8)
        // The same text under another parameter is a separate entry with its own messages.
        _ = try cache.condition("b = :v", kind: .condition)
        expectError("Invalid KeyConditionExpression", prefix: "") { try cache.condition("b = ", kind: .keyCondition) }
    }

    private func expectError<T>(
        _ fragment: String, prefix: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
    ) {
        do {
            _ = try body()
            Issue.record("expected an error containing \(fragment)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.code == .validation, sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix(prefix), "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// Random syntax trees for the print/parse law.
enum SyntaxGenerator {
    static let names = ["a", "b", "price", "tenant_id", "x9", "_p"]

    static func path(_ rng: inout SeededGenerator) -> SyntaxPath {
        var elements: [SyntaxPath.Element] = [.name(name(&rng))]
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            elements.append(Bool.random(using: &rng) ? .name(name(&rng)) : .index(Int.random(in: 0...20, using: &rng)))
        }
        return SyntaxPath(elements: elements)
    }

    static func name(_ rng: inout SeededGenerator) -> SyntaxName {
        Bool.random(using: &rng)
            ? .bare(names.randomElement(using: &rng) ?? "a") : .placeholder("#n\(Int.random(in: 0...9, using: &rng))")
    }

    static func value(_ rng: inout SeededGenerator) -> String { ":v\(Int.random(in: 0...9, using: &rng))" }

    static func operand(_ rng: inout SeededGenerator) -> SyntaxOperand {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: .value(value(&rng))
        case 1: .function(.size, [.path(path(&rng))])
        default: .path(path(&rng))
        }
    }

    static func condition(_ rng: inout SeededGenerator, depth: Int) -> SyntaxCondition {
        switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &rng) {
        case 0: return .compare(operand(&rng), Comparator.allCases.randomElement(using: &rng) ?? .eq, operand(&rng))
        case 1: return .between(operand(&rng), operand(&rng), operand(&rng))
        case 2: return .in(operand(&rng), (0..<Int.random(in: 1...4, using: &rng)).map { _ in operand(&rng) })
        case 3:
            return .function(
                [.attributeExists, .attributeNotExists].randomElement(using: &rng) ?? .attributeExists,
                [.path(path(&rng))])
        case 4: return .function(.attributeType, [.path(path(&rng)), .value(value(&rng))])
        case 5:
            return .function(
                [.beginsWith, .contains].randomElement(using: &rng) ?? .contains, [.path(path(&rng)), operand(&rng)])
        case 6: return .and(condition(&rng, depth: depth + 1), condition(&rng, depth: depth + 1))
        case 7: return .or(condition(&rng, depth: depth + 1), condition(&rng, depth: depth + 1))
        default: return .not(condition(&rng, depth: depth + 1))
        }
    }

    static func updateOperand(_ rng: inout SeededGenerator, depth: Int) -> SyntaxOperand {
        switch Int.random(in: 0..<(depth > 1 ? 2 : 4), using: &rng) {
        case 0: .value(value(&rng))
        case 1: .path(path(&rng))
        case 2: .function(.ifNotExists, [.path(path(&rng)), updateOperand(&rng, depth: depth + 1)])
        default: .function(.listAppend, [updateOperand(&rng, depth: depth + 1), updateOperand(&rng, depth: depth + 1)])
        }
    }

    static func update(_ rng: inout SeededGenerator) -> SyntaxUpdate {
        var clauses: [SyntaxUpdate.Clause] = []
        for keyword in ["SET", "REMOVE", "ADD", "DELETE"].shuffled(using: &rng)
        where Bool.random(using: &rng) || clauses.isEmpty {
            let count = Int.random(in: 1...3, using: &rng)
            switch keyword {
            case "SET":
                clauses.append(
                    .set(
                        (0..<count).map { _ in
                            let left = updateOperand(&rng, depth: 0)
                            let value: SyntaxOperand =
                                switch Int.random(in: 0..<3, using: &rng) {
                                case 0: .plus(left, updateOperand(&rng, depth: 0))
                                case 1: .minus(left, updateOperand(&rng, depth: 0))
                                default: left
                                }
                            return SyntaxUpdate.SetAction(path: path(&rng), value: value)
                        }))
            case "REMOVE": clauses.append(.remove((0..<count).map { _ in path(&rng) }))
            case "ADD":
                clauses.append(
                    .add((0..<count).map { _ in SyntaxUpdate.PathValue(path: path(&rng), value: value(&rng)) }))
            default:
                clauses.append(
                    .delete((0..<count).map { _ in SyntaxUpdate.PathValue(path: path(&rng), value: value(&rng)) }))
            }
        }
        return SyntaxUpdate(clauses: clauses)
    }
}
