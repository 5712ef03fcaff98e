import Testing

@testable import PartitionStore

@Suite("Conditional writes and request parameters")
struct ConditionalWriteTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "payments",
                keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
    }

    var existing: Item { ["pk": .s("p1"), "amount": .number(100), "ver": .number(3), "state": .s("PENDING")] }

    func stored() throws -> Item? {
        try store.getItem(GetItemInput(tableName: "payments", key: ["pk": .s("p1")])).item
    }

    func expectFailure(
        _ fragment: String, code: StoreError.Code = .validation, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(fragment)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a put guarded by attribute_not_exists records a payment once")
    func idempotentPut() throws {
        let put = PutItemInput(
            tableName: "payments", item: existing,
            options: WriteOptions(conditionExpression: "attribute_not_exists(pk)"))
        try store.putItem(put)
        var again = put
        again.item["amount"] = .number(999)
        expectFailure("The conditional request failed", code: .conditionalCheckFailed) { try store.putItem(again) }
        #expect(try stored() == existing)
    }

    @Test("a failed condition returns the old item only when ALL_OLD is asked for")
    func returnValuesOnFailure() throws {
        try store.putItem(PutItemInput(tableName: "payments", item: existing))
        for (choice, expected) in [(ReturnValuesOnConditionCheckFailure.allOld, existing as Item?), (.none, nil)] {
            do {
                try store.updateItem(
                    UpdateItemInput(
                        tableName: "payments", key: ["pk": .s("p1")], updateExpression: "SET ver = :next",
                        options: WriteOptions(
                            conditionExpression: "ver = :expected",
                            expressionAttributeValues: [":next": .number(5), ":expected": .number(4)],
                            returnValuesOnConditionCheckFailure: choice)))
                Issue.record("expected a failed condition")
            } catch {
                #expect(error.code == .conditionalCheckFailed)
                #expect(error.item == expected)
            }
        }
        #expect(try stored() == existing)
    }

    @Test("optimistic locking: a version check passes once, then fails")
    func versionCheck() throws {
        try store.putItem(PutItemInput(tableName: "payments", item: existing))
        let update = UpdateItemInput(
            tableName: "payments", key: ["pk": .s("p1")], updateExpression: "SET ver = ver + :one, #s = :paid",
            options: WriteOptions(
                conditionExpression: "ver = :seen AND #s = :pending", expressionAttributeNames: ["#s": "state"],
                expressionAttributeValues: [
                    ":one": .number(1), ":seen": .number(3), ":paid": .s("PAID"), ":pending": .s("PENDING"),
                ], returnValues: .allNew))
        #expect(try store.updateItem(update).attributes?["ver"] == .number(4))
        expectFailure("The conditional request failed", code: .conditionalCheckFailed) { try store.updateItem(update) }
        #expect(try stored()?["state"] == .s("PAID"))
    }

    @Test("a conditional delete removes only when the condition holds; a missing item fails attribute_exists")
    func conditionalDelete() throws {
        try store.putItem(PutItemInput(tableName: "payments", item: existing))
        let guarded = DeleteItemInput(
            tableName: "payments", key: ["pk": .s("p1")],
            options: WriteOptions(
                conditionExpression: "amount < :limit", expressionAttributeValues: [":limit": .number(50)],
                returnValuesOnConditionCheckFailure: .allOld))
        do {
            try store.deleteItem(guarded)
            Issue.record("expected a failed condition")
        } catch {
            #expect(error.code == .conditionalCheckFailed && error.item == existing)
        }
        var allowed = guarded
        allowed.expressionAttributeValues = [":limit": .number(500)]
        allowed.returnValues = .allOld
        #expect(try store.deleteItem(allowed).attributes == existing)
        expectFailure("conditional request failed", code: .conditionalCheckFailed) {
            try store.deleteItem(
                DeleteItemInput(
                    tableName: "payments", key: ["pk": .s("p1")],
                    options: WriteOptions(conditionExpression: "attribute_exists(pk)")))
        }
    }

    @Test("an update on a missing item with a failing condition creates nothing")
    func updateCreatesNothingOnFailure() throws {
        expectFailure("conditional request failed", code: .conditionalCheckFailed) {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "payments", key: ["pk": .s("p1")], updateExpression: "SET amount = :a",
                    options: WriteOptions(
                        conditionExpression: "attribute_exists(pk)", expressionAttributeValues: [":a": .number(1)])))
        }
        #expect(try stored() == nil)
    }

    @Test("legacy Expected: Value, Exists, ComparisonOperator and ConditionalOperator")
    func legacyExpected() throws {
        try store.putItem(
            PutItemInput(
                tableName: "payments", item: existing,
                options: WriteOptions(expected: ["pk": ExpectedAttributeValue(exists: false)]))
        )
        expectFailure("conditional request failed", code: .conditionalCheckFailed) {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(expected: ["pk": ExpectedAttributeValue(exists: false)])))
        }
        try store.putItem(
            PutItemInput(
                tableName: "payments", item: existing,
                options: WriteOptions(expected: ["ver": ExpectedAttributeValue(value: .number(3))])))
        expectFailure("conditional request failed", code: .conditionalCheckFailed) {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(expected: ["ver": ExpectedAttributeValue(value: .number(2), exists: true)])))
        }
        let either: [String: ExpectedAttributeValue] = [
            "amount": ExpectedAttributeValue(comparisonOperator: .gt, attributeValueList: [.number(1000)]),
            "state": ExpectedAttributeValue(
                comparisonOperator: .in, attributeValueList: [.s("PENDING"), .s("FAILED")]),
        ]
        try store.putItem(
            PutItemInput(
                tableName: "payments", item: existing, options: WriteOptions(expected: either, conditionalOperator: .or)
            ))
        expectFailure("conditional request failed", code: .conditionalCheckFailed) {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(expected: either, conditionalOperator: .and)))
        }
        try store.deleteItem(
            DeleteItemInput(
                tableName: "payments", key: ["pk": .s("p1")],
                options: WriteOptions(expected: [
                    "absentAttr": ExpectedAttributeValue(comparisonOperator: .null, attributeValueList: [])
                ])))
        #expect(try stored() == nil)
    }

    @Test(
        "legacy Expected rejects contradictory entries",
        arguments: [
            (ExpectedAttributeValue(value: .number(1), exists: false), "Value cannot be used when Exists is false"),
            (ExpectedAttributeValue(exists: true), "Value must be provided when Exists is true"),
            (
                ExpectedAttributeValue(value: .number(1), comparisonOperator: .eq, attributeValueList: [.number(1)]),
                "Value and AttributeValueList cannot be used together"
            ),
            (
                ExpectedAttributeValue(comparisonOperator: .eq, attributeValueList: []),
                "Invalid number of argument(s) for the EQ ComparisonOperator"
            ),
            (
                ExpectedAttributeValue(comparisonOperator: .lt, attributeValueList: [.ss(["a"])]),
                "ComparisonOperator LT is not valid for SS AttributeValue type"
            ),
            (
                ExpectedAttributeValue(comparisonOperator: .beginsWith, attributeValueList: [.number(1)]),
                "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"
            ),
            (
                ExpectedAttributeValue(comparisonOperator: .between, attributeValueList: [.number(5), .number(1)]),
                "lower bound is greater than the upper bound"
            ),
            (
                ExpectedAttributeValue(comparisonOperator: .notNull, attributeValueList: [.number(5)]),
                "Invalid number of argument(s) for the NOT_NULL ComparisonOperator"
            ),
        ])
    func legacyExpectedErrors(entry: ExpectedAttributeValue, fragment: String) {
        expectFailure(fragment) {
            try store.putItem(
                PutItemInput(tableName: "payments", item: existing, options: WriteOptions(expected: ["amount": entry])))
        }
    }

    @Test("request-level parameter rules: no mixing, no stray or unused placeholders, valid values")
    func requestRules() throws {
        expectFailure(
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
        ) {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(
                        conditionExpression: "attribute_not_exists(pk)",
                        expected: ["pk": ExpectedAttributeValue(exists: false)])))
        }
        expectFailure("Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}") {
            try store.updateItem(
                UpdateItemInput(
                    tableName: "payments", key: ["pk": .s("p1")], updateExpression: "SET a = :a",
                    attributeUpdates: ["b": AttributeValueUpdate(.put, .number(1))],
                    options: WriteOptions(expressionAttributeValues: [":a": .number(1)])))
        }
        expectFailure("Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}") {
            _ = try store.getItem(
                GetItemInput(
                    tableName: "payments", key: ["pk": .s("p1")], attributesToGet: ["a"], projectionExpression: "a"))
        }
        expectFailure("ExpressionAttributeNames can only be specified when using expressions") {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(expressionAttributeNames: ["#a": "amount"])))
        }
        expectFailure("ExpressionAttributeValues can only be specified when using expressions") {
            try store.deleteItem(
                DeleteItemInput(
                    tableName: "payments", key: ["pk": .s("p1")],
                    options: WriteOptions(expressionAttributeValues: [":a": .number(1)])))
        }
        expectFailure("Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}") {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(
                        conditionExpression: "ver = :v",
                        expressionAttributeValues: [":v": .number(1), ":extra": .number(2)])))
        }
        expectFailure("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}") {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(
                        conditionExpression: "attribute_exists(#a)",
                        expressionAttributeNames: ["#a": "amount", "#c": "c", "#b": "b"])))
        }
        expectFailure("ExpressionAttributeValues must not be empty") {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(conditionExpression: "attribute_exists(pk)", expressionAttributeValues: [:])))
        }
        expectFailure("ExpressionAttributeNames must not be empty") {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(conditionExpression: "attribute_exists(pk)", expressionAttributeNames: [:])))
        }
        expectFailure(
            "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set may not be empty for key :s"
        ) {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: existing,
                    options: WriteOptions(
                        conditionExpression: "contains(tags, :s)", expressionAttributeValues: [":s": .ss([])])))
        }
        expectFailure("Invalid ConditionExpression: Syntax error; token: \"<EOF>\"") {
            try store.putItem(
                PutItemInput(tableName: "payments", item: existing, options: WriteOptions(conditionExpression: "ver ="))
            )
        }
        expectFailure("ConditionalOperator can only be used when Expected is present") {
            try store.putItem(
                PutItemInput(tableName: "payments", item: existing, options: WriteOptions(conditionalOperator: .or)))
        }
        // A reserved word through a placeholder is fine.
        try store.putItem(
            PutItemInput(
                tableName: "payments", item: existing,
                options: WriteOptions(
                    conditionExpression: "attribute_not_exists(#status)",
                    expressionAttributeNames: ["#status": "status"])))
        #expect(try stored() == existing)
    }
}
