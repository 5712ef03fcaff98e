import Testing

@testable import PartitionStore

@Suite("Tables")
struct TableOperationTests {
    static func ordersTable(
        name: String = "orders", gsis: [SecondaryIndex] = [], lsis: [SecondaryIndex] = [],
        extra: [AttributeDefinition] = []
    ) -> CreateTableInput {
        CreateTableInput(
            tableName: name,
            keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .s)] + extra,
            globalSecondaryIndexes: gsis, localSecondaryIndexes: lsis)
    }

    @Test("create, describe, list, delete; the catalog survives reopening")
    func lifecycle() throws {
        let temp = try TemporaryStore()
        let created = try temp.store.createTable(
            Self.ordersTable(
                gsis: [
                    SecondaryIndex(
                        indexName: "byStatus", keySchema: [KeySchemaElement("status", .hash)], projection: .keysOnly)
                ], extra: [AttributeDefinition("status", .s)]))
        #expect(created.tableStatus == "ACTIVE")
        #expect(created.globalSecondaryIndexes.map(\.indexName) == ["byStatus"])
        try temp.store.createTable(
            CreateTableInput(
                tableName: "sessions", keySchema: [KeySchemaElement("id", .hash)],
                attributeDefinitions: [AttributeDefinition("id", .b)]))

        let reopened = try temp.reopen()
        #expect(try reopened.listTables().tableNames == ["orders", "sessions"])
        let described = try reopened.describeTable("orders")
        #expect(described.keySchema == [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)])
        #expect(described.itemCount == 0)
        #expect(described.globalSecondaryIndexes.first?.projection == .keysOnly)

        #expect(try reopened.deleteTable("sessions").tableStatus == "DELETING")
        #expect(try temp.store.listTables().tableNames == ["orders"])
        #expect(throws: StoreError.tableNotFound("sessions")) { try temp.store.describeTable("sessions") }
        #expect(throws: StoreError.tableNotFound("sessions")) { try reopened.deleteTable("sessions") }
    }

    @Test("a table created by another connection is seen without reopening")
    func crossConnectionCatalog() throws {
        let temp = try TemporaryStore()
        let other = try temp.reopen()
        try other.createTable(Self.ordersTable())
        try temp.store.putItem(PutItemInput(tableName: "orders", item: ["pk": .s("a"), "sk": .s("1")]))
        #expect(try other.getItem(GetItemInput(tableName: "orders", key: ["pk": .s("a"), "sk": .s("1")])).item != nil)
    }

    @Test("ListTables pages with Limit and ExclusiveStartTableName")
    func listPaging() throws {
        let temp = try TemporaryStore()
        let names = (0..<7).map { "table-\($0)" }
        for name in names.shuffled() { try temp.store.createTable(Self.ordersTable(name: name)) }
        var seen: [String] = []
        var start: String?
        repeat {
            let page = try temp.store.listTables(exclusiveStartTableName: start, limit: 3)
            #expect(page.tableNames.count <= 3)
            seen += page.tableNames
            start = page.lastEvaluatedTableName
        } while start != nil
        #expect(seen == names)
        #expect(throws: StoreError.self) { try temp.store.listTables(limit: 0) }
        #expect(throws: StoreError.self) { try temp.store.listTables(limit: 101) }
    }

    @Test(
        "bad definitions are rejected with DynamoDB's errors and create nothing",
        arguments: [
            (
                CreateTableInput(
                    tableName: "ab", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s)]), "length greater than or equal to 3"
            ),
            (
                CreateTableInput(
                    tableName: "bad name!", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s)]), "regular expression pattern"
            ),
            (
                CreateTableInput(
                    tableName: "t1x", keySchema: [KeySchemaElement("id", .range)],
                    attributeDefinitions: [AttributeDefinition("id", .s)]), "not a HASH key type"
            ),
            (
                CreateTableInput(
                    tableName: "t2x", keySchema: [KeySchemaElement("id", .hash)], attributeDefinitions: []),
                "not defined in AttributeDefinitions"
            ),
            (
                CreateTableInput(
                    tableName: "t3x", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s), AttributeDefinition("x", .n)]),
                "Some AttributeDefinitions are not used"
            ),
            (
                CreateTableInput(
                    tableName: "t4x", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s), AttributeDefinition("id", .n)]),
                "two attributes with the same name"
            ),
            (
                CreateTableInput(
                    tableName: "t5x", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s), AttributeDefinition("x", .s)],
                    localSecondaryIndexes: [
                        SecondaryIndex(
                            indexName: "lsi",
                            keySchema: [KeySchemaElement("id", .hash), KeySchemaElement("x", .range)], projection: .all)
                    ]), "does not have a range key"
            ),
            (
                CreateTableInput(
                    tableName: "t6x", keySchema: [KeySchemaElement("id", .hash)],
                    attributeDefinitions: [AttributeDefinition("id", .s)], billingMode: .provisioned),
                "must both be specified"
            ),
            (
                ordersTable(
                    name: "t7x",
                    gsis: [
                        SecondaryIndex(
                            indexName: "g1x", keySchema: [KeySchemaElement("pk", .hash)],
                            projection: Projection(.include))
                    ]), "NonKeyAttributes is not specified"
            ),
            (
                ordersTable(
                    name: "t8x",
                    gsis: [
                        SecondaryIndex(indexName: "g1x", keySchema: [KeySchemaElement("pk", .hash)], projection: .all),
                        SecondaryIndex(indexName: "g1x", keySchema: [KeySchemaElement("sk", .hash)], projection: .all),
                    ]), "Duplicate index name"
            ),
        ])
    func invalidDefinitions(input: CreateTableInput, fragment: String) throws {
        let temp = try TemporaryStore()
        do {
            try temp.store.createTable(input)
            Issue.record("expected a ValidationException containing \(fragment)")
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
        #expect(try temp.store.listTables().tableNames.isEmpty)
    }

    @Test("creating an existing table is ResourceInUseException")
    func duplicateTable() throws {
        let temp = try TemporaryStore()
        try temp.store.createTable(Self.ordersTable())
        #expect(throws: StoreError(.resourceInUse, "Table already exists: orders")) {
            try temp.store.createTable(Self.ordersTable())
        }
    }

    @Test("UpdateTable adds a GSI with backfill, then removes it")
    func updateTableBackfill() throws {
        let temp = try TemporaryStore()
        try temp.store.createTable(Self.ordersTable())
        for index in 0..<50 {
            var item: Item = ["pk": .s("p\(index % 5)"), "sk": .s("s\(index)")]
            if index % 2 == 0 { item["email"] = .s("user\(index)@example.com") }
            if index == 1 { item["email"] = .n(DecimalNumber(7)) }  // wrong type: left out of the index
            try temp.store.putItem(PutItemInput(tableName: "orders", item: item))
        }
        let updated = try temp.store.updateTable(
            UpdateTableInput(
                tableName: "orders", attributeDefinitions: [AttributeDefinition("email", .s)],
                globalSecondaryIndexUpdates: [
                    .create(
                        SecondaryIndex(
                            indexName: "byEmail", keySchema: [KeySchemaElement("email", .hash)], projection: .all))
                ]))
        #expect(updated.globalSecondaryIndexes.first?.itemCount == 25)
        let found = try temp.store.query(
            QueryInput(
                tableName: "orders", indexName: "byEmail",
                keyConditions: ["email": Condition(.eq, [.s("user4@example.com")])]))
        #expect(found.items.map { $0["sk"] } == [.s("s4")])
        // New writes maintain the new index.
        try temp.store.putItem(
            PutItemInput(tableName: "orders", item: ["pk": .s("new"), "sk": .s("1"), "email": .s("new@example.com")]))
        #expect(
            try temp.store.query(
                QueryInput(
                    tableName: "orders", indexName: "byEmail",
                    keyConditions: ["email": Condition(.eq, [.s("new@example.com")])])
            ).count == 1)

        #expect(throws: StoreError.self) {
            try temp.store.updateTable(
                UpdateTableInput(
                    tableName: "orders",
                    globalSecondaryIndexUpdates: [
                        .create(
                            SecondaryIndex(
                                indexName: "byEmail", keySchema: [KeySchemaElement("email", .hash)], projection: .all))
                    ]))
        }
        let removed = try temp.store.updateTable(
            UpdateTableInput(tableName: "orders", globalSecondaryIndexUpdates: [.delete(indexName: "byEmail")]))
        #expect(removed.globalSecondaryIndexes.isEmpty)
        #expect(removed.attributeDefinitions.map(\.attributeName) == ["pk", "sk"])
        #expect(throws: StoreError.self) {
            try temp.store.query(
                QueryInput(
                    tableName: "orders", indexName: "byEmail", keyConditions: ["email": Condition(.eq, [.s("x")])]))
        }
        #expect(throws: StoreError.self) {
            try temp.store.updateTable(
                UpdateTableInput(tableName: "orders", globalSecondaryIndexUpdates: [.delete(indexName: "byEmail")]))
        }
        #expect(try temp.store.describeTable("orders").itemCount == 51)
    }
}
