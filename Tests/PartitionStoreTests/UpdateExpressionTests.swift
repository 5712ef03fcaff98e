import Testing

@testable import PartitionStore

@Suite("Update expressions")
struct UpdateExpressionTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }
    static let key: Item = ["pk": .s("s1"), "sk": .s("STATEMENT#1")]

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "vault",
                keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .s)]))
        var item = Self.key
        item["paid"] = .num("10.25")
        item["hits"] = .number(7)
        item["title"] = .s("Statement")
        item["tags"] = .ss(["new", "due"])
        item["nums"] = .ns([DecimalNumber(1), DecimalNumber(2)])
        item["history"] = .l([.s("a"), .s("b"), .s("c"), .s("d")])
        item["meta"] = .m(["author": .s("ops"), "nest": .m(["lvl": .number(1)])])
        try temp.store.putItem(PutItemInput(tableName: "vault", item: item))
    }

    func update(
        _ expression: String, _ values: [String: AttributeValue]? = nil, names: [String: String]? = nil,
        returning: ReturnValue = .allNew
    ) throws(StoreError) -> Item? {
        try store.updateItem(
            UpdateItemInput(
                tableName: "vault", key: Self.key, updateExpression: expression,
                options: WriteOptions(
                    expressionAttributeNames: names, expressionAttributeValues: values, returnValues: returning))
        ).attributes
    }

    func current() throws -> Item {
        try store.getItem(GetItemInput(tableName: "vault", key: Self.key)).item ?? [:]
    }

    @Test("SET: values, arithmetic, nested paths, list elements, list_append, if_not_exists")
    func set() throws {
        let new = try update(
            "SET paid = paid + :amount, hits = hits - :one, title = :t, meta.nest.lvl = :two, meta.added = :t, history[1] = :x, history[9] = :end, "
                + "fresh = if_not_exists(fresh, :zero) + :one, hits2 = if_not_exists(hits, :zero), entries = list_append(:first, :rest)",
            [
                ":amount": .num("0.75"), ":one": .number(1), ":t": .s("Updated"), ":two": .number(2), ":x": .s("B"),
                ":end": .s("z"),
                ":zero": .number(0), ":first": .l([.s("1")]), ":rest": .l([.s("2"), .s("3")]),
            ])
        #expect(new?["paid"] == .number(11))
        #expect(new?["hits"] == .number(6))
        #expect(new?["title"] == .s("Updated"))
        #expect(new?["meta"] == .m(["author": .s("ops"), "nest": .m(["lvl": .number(2)]), "added": .s("Updated")]))
        #expect(new?["history"] == .l([.s("a"), .s("B"), .s("c"), .s("d"), .s("z")]))
        #expect(new?["fresh"] == .number(1))
        #expect(new?["hits2"] == .number(7))
        #expect(new?["entries"] == .l([.s("1"), .s("2"), .s("3")]))
        #expect(try current() == new)
    }

    @Test("every SET value comes from the item as it was: two attributes swap")
    func setReadsOriginal() throws {
        _ = try update("SET title = hits, hits = title")
        let item = try current()
        #expect(item["title"] == .number(7) && item["hits"] == .s("Statement"))
    }

    @Test("REMOVE: attributes, nested keys, and list elements by their original positions")
    func remove() throws {
        let new = try update("REMOVE title, meta.nest, history[0], history[2], history[7], absentAttr")
        #expect(new?["title"] == nil)
        #expect(new?["meta"] == .m(["author": .s("ops")]))
        #expect(new?["history"] == .l([.s("b"), .s("d")]))
    }

    @Test("ADD and DELETE on numbers and sets; an emptied set disappears")
    func addDelete() throws {
        let new = try update(
            "ADD hits :five, tags :more, counterNew :five, setNew :more DELETE nums :gone",
            [":five": .number(5), ":more": .ss(["due", "late"]), ":gone": .ns([DecimalNumber(1), DecimalNumber(3)])])
        #expect(new?["hits"] == .number(12))
        #expect(new?["counterNew"] == .number(5))
        if case .ss(let tags)? = new?["tags"] {
            #expect(Set(tags) == ["new", "due", "late"] && tags.count == 3)
        } else {
            Issue.record("tags")
        }
        if case .ss(let created)? = new?["setNew"] {
            #expect(Set(created) == ["due", "late"])
        } else {
            Issue.record("setNew")
        }
        #expect(new?["nums"] == .ns([DecimalNumber(2)]))
        let emptied = try update("DELETE nums :all", [":all": .ns([DecimalNumber(2)])])
        #expect(emptied?["nums"] == nil)
        // DELETE from a missing attribute changes nothing.
        #expect(try update("DELETE nothingHere :all", [":all": .ns([DecimalNumber(2)])]) == emptied)
    }

    @Test("ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW")
    func returnValues() throws {
        let before = try current()
        let values: [String: AttributeValue] = [":one": .number(1)]
        #expect(try update("SET hits = hits + :one", values, returning: .none) == nil)
        #expect(
            try update("SET hits = hits + :one", values, returning: .allOld)
                == {
                    var b = before
                    b["hits"] = .number(8)
                    return b
                }())
        #expect(
            try update("SET hits = hits + :one, meta.nest.lvl = :one", values, returning: .updatedOld) == [
                "hits": .number(9), "meta": .m(["nest": .m(["lvl": .number(1)])]),
            ])
        #expect(
            try update("SET hits = hits + :one REMOVE title", values, returning: .updatedNew) == ["hits": .number(11)])
        #expect(try update("SET hits = hits + :one", values, returning: .allNew)?["title"] == nil)
    }

    @Test("an update creates a missing item from its key")
    func createsItem() throws {
        let key: Item = ["pk": .s("s2"), "sk": .s("STATEMENT#2")]
        let new = try store.updateItem(
            UpdateItemInput(
                tableName: "vault", key: key, updateExpression: "SET paid = :p ADD hits :one",
                options: WriteOptions(
                    expressionAttributeValues: [":p": .number(3), ":one": .number(1)], returnValues: .allNew))
        ).attributes
        #expect(new == ["pk": .s("s2"), "sk": .s("STATEMENT#2"), "paid": .number(3), "hits": .number(1)])
    }

    @Test(
        "invalid updates get DynamoDB's error and leave the item as it was",
        arguments: [
            (
                "SET pk = :v", [":v": .s("x")],
                "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
            ),
            ("REMOVE sk", nil, "Cannot update attribute sk. This attribute is part of the key"),
            (
                "SET meta = :v REMOVE meta.author", [":v": .s("x")],
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [meta], path two: [meta, author]"
            ),
            (
                "SET title = :v, #t = :v", [":v": .s("x")],
                "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [title], path two: [title]"
            ),
            (
                "SET meta.a = :v, meta[0] = :v", [":v": .s("x")],
                "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [meta, a], path two: [meta, [0]]"
            ),
            ("ADD title :one", [":one": .number(1)], "An operand in the update expression has an incorrect data type"),
            (
                "ADD hits :s", [":s": .s("x")],
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: ADD, operand type: S"
            ),
            (
                "DELETE tags :n", [":n": .number(1)],
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: DELETE, operand type: N"
            ),
            (
                "DELETE tags :n", [":n": .ns([DecimalNumber(1)])],
                "An operand in the update expression has an incorrect data type"
            ),
            (
                "SET hits = absentAttr + :one", [":one": .number(1)],
                "The provided expression refers to an attribute that does not exist in the item"
            ),
            (
                "SET hits = title + :one", [":one": .number(1)],
                "An operand in the update expression has an incorrect data type"
            ),
            (
                "SET hits = :s + :one", [":s": .s("x"), ":one": .number(1)],
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"
            ),
            (
                "SET entries = list_append(title, :l)", [":l": .l([])],
                "An operand in the update expression has an incorrect data type"
            ),
            (
                "SET entries = list_append(:s, history)", [":s": .s("x")],
                "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"
            ),
            (
                "SET absentAttr.x = :v", [":v": .s("x")],
                "The document path provided in the update expression is invalid for update"
            ),
            (
                "SET title.x = :v", [":v": .s("x")],
                "The document path provided in the update expression is invalid for update"
            ),
            (
                "SET history[9].x = :v", [":v": .s("x")],
                "The document path provided in the update expression is invalid for update"
            ),
            ("REMOVE absentAttr.x", nil, "The document path provided in the update expression is invalid for update"),
            ("SET hits = :big + :big", [":big": .num("9.9E125")], "Number overflow"),
            (
                "SET hits = :a + :b", [":a": .num("1E37"), ":b": .num("0.1")],
                "Attempting to store more than 38 significant digits in a Number"
            ),
            (
                "SET hits = :v", [":v": .number(1), ":unused": .number(2)],
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
            ),
            (
                "SET hits = :nope", [":v": .number(1)],
                "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope"
            ),
            (
                "SET #nope = :v", [":v": .number(1)],
                "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #nope"
            ),
            (
                "SET big = :v", [":v": .s(String(repeating: "x", count: 409_600))],
                "Item size has exceeded the maximum allowed size"
            ),
        ] as [(String, [String: AttributeValue]?, String)])
    func errors(expression: String, values: [String: AttributeValue]?, fragment: String) throws {
        let before = try current()
        let names = expression.contains("#t") ? ["#t": "title"] : nil
        do {
            _ = try update(expression, values, names: names)
            Issue.record("expected \(fragment)")
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
        #expect(try current() == before)
    }

    @Test("numbers stay exact through arithmetic")
    func exactArithmetic() throws {
        _ = try update("SET paid = :a", [":a": .num("0.1")])
        for _ in 0..<10 { _ = try update("SET paid = paid + :a", [":a": .num("0.2")]) }
        #expect(try current()["paid"] == .num("2.1"))
        _ = try update("SET paid = paid - :a", [":a": .num("12345678901234567890.123456789")])
        #expect(try current()["paid"] == .num("-12345678901234567888.023456789"))
    }

    @Test("index key attributes written by an update are checked and indexed")
    func indexesFollowUpdates() throws {
        try store.updateTable(
            UpdateTableInput(
                tableName: "vault", attributeDefinitions: [AttributeDefinition("ref", .s)],
                globalSecondaryIndexUpdates: [
                    .create(
                        SecondaryIndex(
                            indexName: "byRef", keySchema: [KeySchemaElement("ref", .hash)],
                            projection: Projection(.all)))
                ]))
        _ = try update("SET #r = :r", [":r": .s("REF-1")], names: ["#r": "ref"])
        let found = try store.query(
            QueryInput(
                tableName: "vault", indexName: "byRef", keyConditionExpression: "#r = :r",
                expressionAttributeNames: ["#r": "ref"], expressionAttributeValues: [":r": .s("REF-1")]))
        #expect(found.count == 1)
        do {
            _ = try update("SET #r = :n", [":n": .number(1)], names: ["#r": "ref"])
            Issue.record("expected a type mismatch")
        } catch {
            #expect(error.code == .validation)
        }
    }
}
