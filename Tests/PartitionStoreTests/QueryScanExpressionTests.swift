import Testing

@testable import PartitionStore

@Suite("Query and Scan with expressions")
struct QueryScanExpressionTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    /// Tenant t1 has statements 1...40; odd ones are PAID, and every fifth carries a nested
    /// `detail` map and list.
    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "vault",
                keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("ref", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byRef", keySchema: [KeySchemaElement("ref", .hash)],
                        projection: Projection(.include, nonKeyAttributes: ["amount"]))
                ]))
        for number in 1...40 {
            var item: Item = [
                "pk": .s("TENANT#t1"), "sk": .s("STATEMENT#" + String(format: "%03d", number)),
                "ref": .s("REF-\(number)"),
                "amount": .number(number * 10), "state": .s(number % 2 == 1 ? "PAID" : "DUE"),
            ]
            if number % 5 == 0 {
                item["detail"] = .m([
                    "charges": .l([.s("rent"), .s("water"), .s("power")]), "note": .s("n\(number)"),
                    "extra": .bool(true),
                ])
            }
            try temp.store.putItem(PutItemInput(tableName: "vault", item: item))
        }
        try temp.store.putItem(
            PutItemInput(
                tableName: "vault", item: ["pk": .s("TENANT#t2"), "sk": .s("STATEMENT#001"), "amount": .number(5)]))
    }

    func query(
        _ keyCondition: String, _ values: [String: AttributeValue], names: [String: String]? = nil,
        filter: String? = nil,
        projection: String? = nil, forward: Bool = true, limit: Int? = nil, start: Item? = nil, select: Select? = nil
    ) throws(StoreError) -> ItemPage {
        try store.query(
            QueryInput(
                tableName: "vault", keyConditionExpression: keyCondition, filterExpression: filter,
                projectionExpression: projection,
                expressionAttributeNames: names, expressionAttributeValues: values, scanIndexForward: forward,
                limit: limit, exclusiveStartKey: start, select: select))
    }

    func sortKeys(_ page: ItemPage) -> [String] { page.items.compactMap { $0["sk"]?.stringValue } }

    @Test("key condition expressions: =, <, <=, >, >=, BETWEEN, begins_with, either operand order, names")
    func keyConditions() throws {
        let p: AttributeValue = .s("TENANT#t1")
        #expect(try query("pk = :p", [":p": p]).count == 40)
        #expect(try query("pk = :p AND sk = :s", [":p": p, ":s": .s("STATEMENT#007")]).count == 1)
        #expect(try query("pk = :p AND sk < :s", [":p": p, ":s": .s("STATEMENT#003")]).count == 2)
        #expect(try query("pk = :p AND sk <= :s", [":p": p, ":s": .s("STATEMENT#003")]).count == 3)
        #expect(try query("pk = :p AND sk > :s", [":p": p, ":s": .s("STATEMENT#038")]).count == 2)
        #expect(try query("pk = :p AND sk >= :s", [":p": p, ":s": .s("STATEMENT#038")]).count == 3)
        #expect(
            try sortKeys(
                query(
                    "pk = :p AND sk BETWEEN :a AND :b", [":p": p, ":a": .s("STATEMENT#010"), ":b": .s("STATEMENT#012")])
            ) == ["STATEMENT#010", "STATEMENT#011", "STATEMENT#012"])
        #expect(try query("pk = :p AND begins_with(sk, :b)", [":p": p, ":b": .s("STATEMENT#01")]).count == 10)
        #expect(try query(":s > sk AND :p = pk", [":p": p, ":s": .s("STATEMENT#003")]).count == 2)
        #expect(
            try query(
                "(#k = :p) AND (#s BETWEEN :a AND :b)",
                [":p": p, ":a": .s("STATEMENT#001"), ":b": .s("STATEMENT#040")], names: ["#k": "pk", "#s": "sk"]
            ).count == 40)
        #expect(
            try sortKeys(query("pk = :p", [":p": p], forward: false, limit: 2)) == ["STATEMENT#040", "STATEMENT#039"])
        let byRef = try store.query(
            QueryInput(
                tableName: "vault", indexName: "byRef", keyConditionExpression: "#r = :r",
                expressionAttributeNames: ["#r": "ref"], expressionAttributeValues: [":r": .s("REF-7")]))
        #expect(
            byRef.items == [
                ["pk": .s("TENANT#t1"), "sk": .s("STATEMENT#007"), "ref": .s("REF-7"), "amount": .number(70)]
            ])
    }

    @Test(
        "bad key conditions get DynamoDB's errors",
        arguments: [
            ("pk = :p OR sk = :s", "Invalid operator used in KeyConditionExpression: OR"),
            ("NOT pk = :p", "Invalid operator used in KeyConditionExpression: NOT"),
            ("sk = :s", "Query condition missed key schema element: pk"),
            ("pk = :p AND amount = :s", "Query key condition not supported"),
            ("pk < :p", "Query key condition not supported"),
            ("pk = :p AND sk <> :s", "Invalid operator used in KeyConditionExpression: <>"),
            ("pk = :p AND sk IN (:s)", "Invalid operator used in KeyConditionExpression: IN"),
            ("pk = :p AND sk = :s AND sk > :s", "KeyConditionExpressions must only contain one condition per key"),
            ("pk = :p AND contains(sk, :s)", "The function is not allowed in a key condition"),
            ("pk = :p AND sk = pk", "Multiple attribute names used in one condition"),
            (
                "pk = :n",
                "One or more parameter values were invalid: Condition parameter type does not match schema type"
            ),
            (
                "pk = :p AND sk BETWEEN :s AND :a",
                "The BETWEEN operator requires upper bound to be greater than or equal to lower bound"
            ),
            ("pk = :p AND", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\""),
        ])
    func badKeyConditions(expression: String, fragment: String) {
        var values: [String: AttributeValue] = [
            ":p": .s("TENANT#t1"), ":s": .s("STATEMENT#005"), ":n": .number(1), ":a": .s("STATEMENT#001"),
        ]
        values = values.filter { expression.contains($0.key) }
        do {
            _ = try query(expression, values)
            Issue.record("expected \(fragment)")
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("a filter applies after Limit: Count and ScannedCount differ and an empty page can carry LastEvaluatedKey")
    func filterAfterLimit() throws {
        let values: [String: AttributeValue] = [":p": .s("TENANT#t1"), ":paid": .s("PAID"), ":big": .number(390)]
        let page = try query(
            "pk = :p", values.filter { $0.key == ":p" || $0.key == ":paid" }, names: ["#st": "state"],
            filter: "#st = :paid", limit: 10)
        #expect(page.scannedCount == 10 && page.count == 5 && page.items.count == 5)
        #expect(page.items.allSatisfy { $0["state"] == .s("PAID") })
        #expect(page.lastEvaluatedKey == ["pk": .s("TENANT#t1"), "sk": .s("STATEMENT#010")])

        let empty = try query(
            "pk = :p", [":p": values[":p"] ?? .null, ":big": .number(390)], filter: "amount > :big", limit: 5)
        #expect(empty.items.isEmpty && empty.count == 0 && empty.scannedCount == 5)
        #expect(empty.lastEvaluatedKey == ["pk": .s("TENANT#t1"), "sk": .s("STATEMENT#005")])

        // Paging with a filter visits everything once and keeps exactly the matching items.
        var start: Item?
        var kept: [String] = []
        var scanned = 0
        repeat {
            let next = try query(
                "pk = :p", [":p": .s("TENANT#t1"), ":min": .number(155)], filter: "amount >= :min", limit: 7,
                start: start)
            kept += sortKeys(next)
            scanned += next.scannedCount
            start = next.lastEvaluatedKey
        } while start != nil
        #expect(scanned == 40)
        #expect(kept == (16...40).map { "STATEMENT#" + String(format: "%03d", $0) })

        let counted = try query(
            "pk = :p", [":p": .s("TENANT#t1"), ":paid": .s("PAID")], names: ["#st": "state"], filter: "#st = :paid",
            select: .count)
        #expect(counted.items.isEmpty && counted.count == 20 && counted.scannedCount == 40)
    }

    @Test("a Query filter may not name key attributes")
    func filterOnKeys() {
        do {
            _ = try query("pk = :p", [":p": .s("TENANT#t1"), ":s": .s("x")], filter: "sk = :s")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.message
                    == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
        }
    }

    @Test("projection expressions return nested paths and list elements as DynamoDB shapes them")
    func projections() throws {
        let page = try query(
            "pk = :p AND sk = :s", [":p": .s("TENANT#t1"), ":s": .s("STATEMENT#010")],
            names: ["#d": "detail"],
            projection: "sk, #d.charges[2], #d.charges[0], #d.note, #d.absent, nothingHere, amount")
        #expect(
            page.items == [
                [
                    "sk": .s("STATEMENT#010"), "amount": .number(100),
                    "detail": .m(["charges": .l([.s("rent"), .s("power")]), "note": .s("n10")]),
                ]
            ])
        let scan = try store.scan(
            ScanInput(
                tableName: "vault", filterExpression: "attribute_exists(detail.extra) AND amount < :max",
                projectionExpression: "detail.charges[1]", expressionAttributeValues: [":max": .number(200)]))
        #expect(
            scan.items == [
                ["detail": .m(["charges": .l([.s("water")])])], ["detail": .m(["charges": .l([.s("water")])])],
                ["detail": .m(["charges": .l([.s("water")])])],
            ])
        #expect(scan.scannedCount == 41 && scan.count == 3)
        let got = try store.getItem(
            GetItemInput(
                tableName: "vault", key: ["pk": .s("TENANT#t1"), "sk": .s("STATEMENT#005")],
                projectionExpression: "#r, detail.note", expressionAttributeNames: ["#r": "ref"]))
        #expect(got.item == ["ref": .s("REF-5"), "detail": .m(["note": .s("n5")])])
        do {
            _ = try store.getItem(
                GetItemInput(
                    tableName: "vault", key: ["pk": .s("TENANT#t1"), "sk": .s("STATEMENT#005")],
                    projectionExpression: "detail, detail.note"))
            Issue.record("expected overlapping paths")
        } catch {
            #expect(
                error.message.contains(
                    "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [detail], path two: [detail, note]"
                ))
        }
    }

    @Test("legacy QueryFilter and ScanFilter with ConditionalOperator give the same pages as FilterExpression")
    func legacyFilters() throws {
        let legacy = try store.query(
            QueryInput(
                tableName: "vault", keyConditions: ["pk": Condition(.eq, [.s("TENANT#t1")])],
                queryFilter: ["state": Condition(.eq, [.s("DUE")]), "amount": Condition(.lt, [.number(50)])],
                conditionalOperator: .or, limit: 12))
        let modern = try query(
            "pk = :p", [":p": .s("TENANT#t1"), ":due": .s("DUE"), ":max": .number(50)], names: ["#st": "state"],
            filter: "#st = :due OR amount < :max", limit: 12)
        #expect(legacy == modern)
        #expect(legacy.count == 8 && legacy.scannedCount == 12)
        let scanned = try store.scan(
            ScanInput(
                tableName: "vault",
                scanFilter: [
                    "detail": Condition(.notNull), "amount": Condition(.between, [.number(100), .number(300)]),
                ]))
        #expect(scanned.count == 5)
        do {
            _ = try store.query(
                QueryInput(
                    tableName: "vault", keyConditions: ["pk": Condition(.eq, [.s("TENANT#t1")])],
                    queryFilter: ["sk": Condition(.notNull)]))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "QueryFilter can only contain non-key attributes: Primary key attribute: sk")
        }
    }

    @Test(
        "request rules for Query and Scan",
        arguments: [
            (
                QueryInput(
                    tableName: "vault", keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": .s("x")],
                    keyConditions: ["pk": Condition(.eq, [.s("x")])]),
                "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"
            ),
            (
                QueryInput(
                    tableName: "vault", filterExpression: "amount > :a", expressionAttributeValues: [":a": .number(1)],
                    keyConditions: ["pk": Condition(.eq, [.s("x")])]),
                "Non-expression parameters: {KeyConditions} Expression parameters: {FilterExpression}"
            ),
            (
                QueryInput(tableName: "vault"),
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
            ),
            (
                QueryInput(
                    tableName: "vault", keyConditionExpression: "pk = :p", projectionExpression: "amount",
                    expressionAttributeValues: [":p": .s("x")], select: .allAttributes),
                "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"
            ),
            (
                QueryInput(
                    tableName: "vault", keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": .s("x")],
                    select: .specificAttributes),
                "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
            ),
            (
                QueryInput(
                    tableName: "vault", keyConditionExpression: "pk = :p",
                    expressionAttributeValues: [":p": .s("x"), ":q": .s("y")]),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}"
            ),
            (
                QueryInput(
                    tableName: "vault", keyConditionExpression: "pk = :p", filterExpression: "",
                    expressionAttributeValues: [":p": .s("x")]),
                "Invalid FilterExpression: The expression can not be empty;"
            ),
        ] as [(QueryInput, String)])
    func queryRules(input: QueryInput, fragment: String) {
        do {
            _ = try store.query(input)
            Issue.record("expected \(fragment)")
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("a Scan filter may name key attributes, and mixing parameters is refused")
    func scanRules() throws {
        let page = try store.scan(
            ScanInput(
                tableName: "vault", filterExpression: "begins_with(pk, :t) AND sk = :s",
                expressionAttributeValues: [":t": .s("TENANT#t2"), ":s": .s("STATEMENT#001")]))
        #expect(page.count == 1 && page.scannedCount == 41)
        do {
            _ = try store.scan(
                ScanInput(
                    tableName: "vault", filterExpression: "amount > :a", expressionAttributeValues: [":a": .number(1)],
                    scanFilter: ["amount": Condition(.notNull)]))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.message.contains(
                    "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}"))
        }
    }
}
