import Testing

@testable import PartitionStore

@Suite("Items")
struct ItemOperationTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "ledger",
                keySchema: [KeySchemaElement("account", .hash), KeySchemaElement("seq", .range)],
                attributeDefinitions: [AttributeDefinition("account", .s), AttributeDefinition("seq", .n)]))
    }

    func key(_ account: String, _ seq: Int) -> Item { ["account": .s(account), "seq": .number(seq)] }

    @Test("a value too large for an index's key refuses the write, as for the table's key")
    func indexKeySizes() throws {
        try store.createTable(
            CreateTableInput(
                tableName: "indexed",
                keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: ["pk", "sk", "g", "l"].map { AttributeDefinition($0, .s) },
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ],
                localSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byL", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("l", .range)],
                        projection: .all)
                ]))
        let key: Item = ["pk": .s("a"), "sk": .s("b")]
        for (attribute, size, fragment) in [
            ("g", 2049, "Size of hashkey has exceeded the maximum size limit of2048 bytes"),
            ("l", 1025, "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"),
        ] {
            var item = key
            item[attribute] = .s(String(repeating: "é", count: size / 2) + (size % 2 == 1 ? "x" : ""))
            do {
                try store.putItem(PutItemInput(tableName: "indexed", item: item))
                Issue.record("a \(size)-byte \(attribute) was written")
            } catch {
                #expect(error.code == .validation)
                #expect(error.message.hasSuffix(fragment), "\(error.message)")
            }
            item[attribute] = .s(String(repeating: "x", count: size - 1))
            try store.putItem(PutItemInput(tableName: "indexed", item: item))
        }
        #expect(try store.describeTable("indexed").itemCount == 1)
    }

    @Test("put, get, overwrite, delete, with ReturnValues")
    func roundTrip() throws {
        let item: Item = [
            "account": .s("acc-1"), "seq": .number(1), "amount": .num("12.50"), "tags": .ss(["a", "b"]),
            "meta": .m(["by": .s("ops"), "list": .l([.bool(true), .null, .b([0, 1, 2])])]),
        ]
        #expect(
            try store.putItem(
                PutItemInput(tableName: "ledger", item: item, options: WriteOptions(returnValues: .allOld))
            ).attributes == nil)
        #expect(try store.getItem(GetItemInput(tableName: "ledger", key: key("acc-1", 1))).item == item)
        var changed = item
        changed["amount"] = .num("13")
        #expect(
            try store.putItem(
                PutItemInput(tableName: "ledger", item: changed, options: WriteOptions(returnValues: .allOld))
            ).attributes
                == item)
        #expect(
            try store.getItem(
                GetItemInput(tableName: "ledger", key: key("acc-1", 1), attributesToGet: ["amount", "missing"])
            ).item == ["amount": .num("13")])
        #expect(
            try store.deleteItem(
                DeleteItemInput(tableName: "ledger", key: key("acc-1", 1), options: WriteOptions(returnValues: .allOld))
            )
            .attributes == changed)
        #expect(try store.getItem(GetItemInput(tableName: "ledger", key: key("acc-1", 1))).item == nil)
        #expect(
            try store.deleteItem(
                DeleteItemInput(tableName: "ledger", key: key("acc-1", 1), options: WriteOptions(returnValues: .allOld))
            )
            .attributes == nil)
    }

    @Test("numeric keys compare as numbers: 1.0 and 1 are the same item")
    func numericKeyIdentity() throws {
        try store.putItem(
            PutItemInput(tableName: "ledger", item: ["account": .s("a"), "seq": .num("1.0"), "v": .s("first")]))
        try store.putItem(
            PutItemInput(tableName: "ledger", item: ["account": .s("a"), "seq": .num("1"), "v": .s("second")]))
        #expect(
            try store.getItem(GetItemInput(tableName: "ledger", key: ["account": .s("a"), "seq": .num("10E-1")])).item?[
                "v"] == .s("second"))
        #expect(try store.describeTable("ledger").itemCount == 1)
    }

    @Test(
        "bad items and keys get DynamoDB's errors and change nothing",
        arguments: [
            (["seq": .number(1)] as Item, "Missing the key account in the item"),
            (["account": .s("a"), "seq": .s("1")] as Item, "Type mismatch for key seq expected: N actual: S"),
            (["account": .s(""), "seq": .number(1)] as Item, "cannot contain an empty string value. Key: account"),
            (
                ["account": .s(String(repeating: "x", count: 2049)), "seq": .number(1)] as Item,
                "maximum size limit of2048 bytes"
            ),
            (
                ["account": .s("a"), "seq": .number(1), "big": .s(String(repeating: "x", count: 410_000))] as Item,
                "Item size has exceeded the maximum allowed size"
            ),
            (["account": .s("a"), "seq": .number(1), "set": .ss([])] as Item, "may not be empty"),
            (
                ["account": .s("a"), "seq": .number(1), "set": .ns([DecimalNumber(2), DecimalNumber(2)])] as Item,
                "contains duplicates"
            ),
            (["account": .s("a"), "seq": .number(1), "": .s("x")] as Item, "attribute name is empty"),
            (
                ["account": .s("a"), "seq": .number(1), String(repeating: "n", count: 65_536): .s("x")] as Item,
                "Attribute name is too large, must be less than 65536 bytes"
            ),
            (
                [
                    "account": .s("a"), "seq": .number(1),
                    "deep": (0..<32).reduce(AttributeValue.s("x")) { v, _ in .m(["a": v]) },
                ]
                    as Item,
                "Nesting Levels have exceeded supported limits"
            ),
        ])
    func invalidPuts(item: Item, fragment: String) throws {
        try store.putItem(
            PutItemInput(tableName: "ledger", item: ["account": .s("a"), "seq": .number(1), "v": .s("kept")]))
        do {
            try store.putItem(PutItemInput(tableName: "ledger", item: item))
            Issue.record("expected an error containing \(fragment)")
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
        #expect(try store.getItem(GetItemInput(tableName: "ledger", key: key("a", 1))).item?["v"] == .s("kept"))
        #expect(try store.describeTable("ledger").itemCount == 1)
    }

    @Test("a sort key over 1024 bytes is rejected")
    func sortKeyLimit() throws {
        try store.createTable(
            CreateTableInput(
                tableName: "wide", keySchema: [KeySchemaElement("p", .hash), KeySchemaElement("s", .range)],
                attributeDefinitions: [AttributeDefinition("p", .s), AttributeDefinition("s", .b)]))
        try store.putItem(
            PutItemInput(tableName: "wide", item: ["p": .s("x"), "s": .b(Array(repeating: 1, count: 1024))]))
        #expect(
            throws: StoreError.invalidParameter(
                "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
        ) {
            try store.putItem(
                PutItemInput(tableName: "wide", item: ["p": .s("x"), "s": .b(Array(repeating: 1, count: 1025))]))
        }
    }

    @Test("keys in requests must match the schema exactly")
    func keyShape() throws {
        let mismatch = StoreError.validation("The provided key element does not match the schema")
        #expect(throws: mismatch) { try store.getItem(GetItemInput(tableName: "ledger", key: ["account": .s("a")])) }
        #expect(throws: mismatch) {
            try store.getItem(GetItemInput(tableName: "ledger", key: ["account": .s("a"), "seq": .s("1")]))
        }
        #expect(throws: mismatch) {
            try store.getItem(
                GetItemInput(tableName: "ledger", key: ["account": .s("a"), "seq": .number(1), "x": .null]))
        }
        #expect(throws: mismatch) { try store.deleteItem(DeleteItemInput(tableName: "ledger", key: [:])) }
        #expect(throws: StoreError.tableNotFound("nope")) {
            try store.getItem(GetItemInput(tableName: "nope", key: key("a", 1)))
        }
        #expect(throws: StoreError.validation("ReturnValues can only be ALL_OLD or NONE")) {
            try store.putItem(
                PutItemInput(tableName: "ledger", item: key("a", 1), options: WriteOptions(returnValues: .allNew)))
        }
    }

    @Test("UpdateItem applies PUT, ADD and DELETE, creates missing items, returns what was asked")
    func attributeUpdates() throws {
        let created = try store.updateItem(
            UpdateItemInput(
                tableName: "ledger", key: key("u", 1),
                attributeUpdates: [
                    "balance": AttributeValueUpdate(.add, .num("10.25")),
                    "tags": AttributeValueUpdate(.add, .ss(["new"])),
                    "owner": AttributeValueUpdate(.put, .s("ana")),
                ], options: WriteOptions(returnValues: .allNew)))
        #expect(
            created.attributes == [
                "account": .s("u"), "seq": .number(1), "balance": .num("10.25"), "tags": .ss(["new"]),
                "owner": .s("ana"),
            ])

        let second = try store.updateItem(
            UpdateItemInput(
                tableName: "ledger", key: key("u", 1),
                attributeUpdates: [
                    "balance": AttributeValueUpdate(.add, .num("-0.25")),
                    "tags": AttributeValueUpdate(.add, .ss(["new", "vip"])),
                    "owner": AttributeValueUpdate(.delete),
                ], options: WriteOptions(returnValues: .updatedOld)))
        #expect(second.attributes == ["balance": .num("10.25"), "tags": .ss(["new"]), "owner": .s("ana")])

        let third = try store.updateItem(
            UpdateItemInput(
                tableName: "ledger", key: key("u", 1),
                attributeUpdates: [
                    "tags": AttributeValueUpdate(.delete, .ss(["new", "vip"]))
                ], options: WriteOptions(returnValues: .updatedNew)))
        // Nothing to return is no attributes at all, as DynamoDB leaves them out.
        #expect(third.attributes == nil)
        #expect(
            try store.getItem(GetItemInput(tableName: "ledger", key: key("u", 1))).item == [
                "account": .s("u"), "seq": .number(1), "balance": .num("10"),
            ])

        #expect(throws: StoreError.invalidParameter("Cannot update attribute seq. This attribute is part of the key")) {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "ledger", key: key("u", 1),
                    attributeUpdates: ["seq": AttributeValueUpdate(.put, .number(2))]))
        }
        #expect(throws: StoreError.invalidParameter("ADD action is not supported for the type S")) {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "ledger", key: key("u", 1),
                    attributeUpdates: ["owner": AttributeValueUpdate(.add, .s("x"))]))
        }
        #expect(throws: StoreError.validation("Type mismatch for attribute to update")) {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "ledger", key: key("u", 1),
                    attributeUpdates: ["balance": AttributeValueUpdate(.add, .ss(["x"]))]))
        }
        #expect(throws: StoreError.self) {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "ledger", key: key("u", 1),
                    attributeUpdates: [
                        "balance": AttributeValueUpdate(.add, .num("99999999999999999999999999999999999999"))
                    ]))
        }
        #expect(try store.getItem(GetItemInput(tableName: "ledger", key: key("u", 1))).item?["balance"] == .num("10"))
    }
}
