import TestSupport
import Testing

@testable import PartitionStore

@Suite("Condition semantics")
struct ConditionEvaluationTests {
    static let sample: Item = [
        "id": .s("doc-1"),
        "amount": .num("12.50"),
        "title": .s("Quarterly statement"),
        "bin": .b([1, 2, 3, 4]),
        "flag": .bool(true),
        "nothing": .null,
        "tags": .ss(["a", "b"]),
        "nums": .ns([DecimalNumber(1), (try? DecimalNumber("2.5")) ?? .zero]),
        "bins": .bs([[1], [2, 3]]),
        "lst": .l([.s("x"), .number(1), .m(["k": .s("v")])]),
        "meta": .m(["author": .s("ops"), "nest": .m(["lvl": .number(2)]), "entries": .l([.number(10), .number(20)])]),
        "uni": .s("\u{E9}"),
    ]

    static func holds(
        _ text: String, _ values: [String: AttributeValue] = [:], names: [String: String]? = nil
    ) throws -> Bool {
        var resolver = try ExpressionResolver(names: names, values: values.isEmpty ? nil : values)
        let predicate = try resolver.condition(try ExpressionParser.condition(text, kind: .condition), .condition)
        return try predicate.isSatisfied(by: sample)
    }

    @Test(
        "comparisons: numbers numerically, strings and binaries bytewise, other types never",
        arguments: [
            ("amount = :v", [":v": .num("12.5")], true),
            ("amount = :v", [":v": .s("12.50")], false),
            ("amount <> :v", [":v": .s("12.50")], true),
            ("amount <> :v", [":v": .num("12.500")], false),
            ("absent = :v", [":v": .s("x")], false),
            ("absent <> :v", [":v": .s("x")], true),
            ("absent < :v", [":v": .number(1)], false),
            ("amount > :v", [":v": .number(9)], true),
            ("amount < :v", [":v": .number(100)], true),
            ("amount >= :v", [":v": .num("12.5")], true),
            ("amount <= :v", [":v": .num("12.49")], false),
            ("title < :v", [":v": .s("R")], true),
            ("title > :v", [":v": .s("quarterly")], false),
            ("bin < :v", [":v": .b([1, 2, 4])], true),
            ("bin < :v", [":v": .s("z")], false),
            ("flag = :v", [":v": .bool(true)], true),
            ("flag < :v", [":v": .bool(true)], false),
            ("nothing = :v", [":v": .null], true),
            ("tags = :v", [":v": .ss(["b", "a"])], true),
            ("lst = :v", [":v": .l([.s("x"), .number(1), .m(["k": .s("v")])])], true),
            ("uni = :v", [":v": .s("e\u{301}")], false),
            ("amount = amount", [:], true),
            (":a < :b", [":a": .number(1), ":b": .number(2)], true),
        ] as [(String, [String: AttributeValue], Bool)])
    func comparisons(text: String, values: [String: AttributeValue], expected: Bool) throws {
        #expect(try Self.holds(text, values) == expected)
    }

    @Test(
        "document paths reach into maps and lists; wrong turns are missing values",
        arguments: [
            ("meta.nest.lvl = :v", [":v": .number(2)], true),
            ("meta.entries[1] = :v", [":v": .number(20)], true),
            ("meta.entries[2] = :v", [":v": .number(20)], false),
            ("lst[2].k = :v", [":v": .s("v")], true),
            ("meta[0] = :v", [":v": .s("ops")], false),
            ("lst.k = :v", [":v": .s("v")], false),
            ("#m.#d.#l = :v", [":v": .number(2)], true),
        ] as [(String, [String: AttributeValue], Bool)])
    func paths(text: String, values: [String: AttributeValue], expected: Bool) throws {
        let names = text.contains("#") ? ["#m": "meta", "#d": "nest", "#l": "lvl"] : nil
        #expect(try Self.holds(text, values, names: names) == expected)
    }

    @Test(
        "BETWEEN and IN",
        arguments: [
            ("amount BETWEEN :lo AND :hi", [":lo": .number(10), ":hi": .number(20)], true),
            ("amount BETWEEN :lo AND :hi", [":lo": .number(13), ":hi": .number(20)], false),
            ("amount BETWEEN :lo AND :hi", [":lo": .num("12.5"), ":hi": .num("12.5")], true),
            ("title BETWEEN :lo AND :hi", [":lo": .s("P"), ":hi": .s("R")], true),
            ("amount BETWEEN :lo AND :hi", [":lo": .number(1), ":hi": .s("z")], false),
            ("amount IN (:a, :b)", [":a": .number(1), ":b": .num("12.5")], true),
            ("amount IN (:a, :b)", [":a": .number(1), ":b": .s("12.5")], false),
            ("absent IN (:a)", [":a": .null], false),
        ] as [(String, [String: AttributeValue], Bool)])
    func ranges(text: String, values: [String: AttributeValue], expected: Bool) throws {
        #expect(try Self.holds(text, values) == expected)
    }

    @Test(
        "functions",
        arguments: [
            ("attribute_exists(meta.nest.lvl)", [:], true),
            ("attribute_exists(meta.nope)", [:], false),
            ("attribute_exists(lst[5])", [:], false),
            ("attribute_not_exists(absent)", [:], true),
            ("attribute_exists(nothing)", [:], true),
            ("attribute_type(amount, :t)", [":t": .s("N")], true),
            ("attribute_type(amount, :t)", [":t": .s("S")], false),
            ("attribute_type(nothing, :t)", [":t": .s("NULL")], true),
            ("attribute_type(tags, :t)", [":t": .s("SS")], true),
            ("attribute_type(absent, :t)", [":t": .s("S")], false),
            ("begins_with(title, :p)", [":p": .s("Quarter")], true),
            ("begins_with(title, :p)", [":p": .s("quarter")], false),
            ("begins_with(bin, :p)", [":p": .b([1, 2])], true),
            ("begins_with(bin, :p)", [":p": .s("a")], false),
            ("contains(title, :s)", [":s": .s("statement")], true),
            ("contains(title, :s)", [":s": .s("Statement")], false),
            ("contains(tags, :s)", [":s": .s("a")], true),
            ("contains(tags, :s)", [":s": .s("c")], false),
            ("contains(tags, :n)", [":n": .number(1)], false),
            ("contains(nums, :n)", [":n": .num("2.50")], true),
            ("contains(bins, :b)", [":b": .b([2, 3])], true),
            ("contains(bin, :b)", [":b": .b([2, 3])], true),
            ("contains(lst, :x)", [":x": .s("x")], true),
            ("contains(lst, :m)", [":m": .m(["k": .s("v")])], true),
            ("contains(amount, :n)", [":n": .number(1)], false),
            ("contains(title, meta.author)", [:], false),
            ("size(title) = :n", [":n": .number(19)], true),
            ("size(uni) = :n", [":n": .number(2)], true),
            ("size(bin) = :n", [":n": .number(4)], true),
            ("size(tags) = :n", [":n": .number(2)], true),
            ("size(lst) = :n", [":n": .number(3)], true),
            ("size(meta) = :n", [":n": .number(3)], true),
            ("size(meta.entries) > size(tags)", [:], false),
            ("size(amount) > :n", [":n": .number(0)], false),
            ("NOT size(amount) > :n", [":n": .number(0)], true),
            ("size(absent) = :n", [":n": .number(0)], false),
        ] as [(String, [String: AttributeValue], Bool)])
    func functions(text: String, values: [String: AttributeValue], expected: Bool) throws {
        #expect(try Self.holds(text, values) == expected)
    }

    @Test("AND binds tighter than OR, NOT tighter than AND")
    func precedence() throws {
        let values: [String: AttributeValue] = [":yes": .num("12.5"), ":no": .number(0), ":f": .bool(false)]
        // true OR (false AND false): left to right would be false.
        #expect(try Self.holds("amount = :yes OR amount = :no AND flag = :f", values))
        // (NOT false) AND false: a looser NOT would make it true.
        #expect(try !Self.holds("NOT amount = :no AND flag = :f", values.filter { $0.key != ":yes" }))
        #expect(try Self.holds("NOT (amount = :no AND flag = :f)", values.filter { $0.key != ":yes" }))
    }

    @Test(
        "operands that can never be right are errors, not false",
        arguments: [
            (
                "attribute_type(amount, :t)", [":t": .s("STRING")],
                "Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
            ),
            (
                "attribute_type(amount, :t)", [":t": .number(1)],
                "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"
            ),
            (
                "begins_with(title, :p)", [":p": .number(1)],
                "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
            ),
            (
                "amount BETWEEN :hi AND :lo", [":lo": .number(1), ":hi": .number(5)],
                "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"
            ),
            (
                "amount = :nope", [":v": .number(1)],
                "An expression attribute value used in expression is not defined; attribute value: :nope"
            ),
            (
                "#nope = :v", [":v": .number(1)],
                "An expression attribute name used in the document path is not defined; attribute name: #nope"
            ),
        ] as [(String, [String: AttributeValue], String)])
    func errors(text: String, values: [String: AttributeValue], fragment: String) {
        do {
            _ = try Self.holds(text, values)
            Issue.record("expected \(fragment)")
        } catch let error as StoreError {
            #expect(error.code == .validation)
            #expect(error.message == "Invalid ConditionExpression: " + fragment)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("a filter read from stored bytes agrees with one read from the decoded item", arguments: 1...3)
    func storedAndDecodedAgree(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let conditions = [
            "a = :v", "a <> :v", "a < :v", "a >= :v", "contains(a, :v)", "begins_with(a, :v)", "size(a) > :n",
            "a.k0 = :v", "a[0] = :v", "attribute_exists(a.k1)", "attribute_type(a, :t)", "a IN (:v, :w)",
        ]
        for _ in 0..<200 {
            let item: Item = ["id": .s("x"), "a": Random.value(&rng)]
            let stored = StoredItem(item)
            for text in conditions {
                var values: [String: AttributeValue] = [
                    ":v": Random.value(&rng), ":w": Random.value(&rng),
                    ":n": .number(Int.random(in: 0...4, using: &rng)),
                    ":t": .s(["S", "N", "M", "L"].randomElement(using: &rng) ?? "S"),
                ]
                if text.hasPrefix("begins_with") { values[":v"] = .s(Random.string(&rng, maxCount: 2)) }
                var resolver = try ExpressionResolver(names: nil, values: values)
                let predicate = try resolver.condition(try ExpressionParser.condition(text, kind: .filter), .filter)
                #expect(try predicate.isSatisfied(by: item) == stored.satisfies(predicate), "\(text) on \(item)")
            }
        }
    }
}
