import Testing

@testable import PartitionStore

@Suite("Batches, transactions and consumed capacity")
struct BatchTransactionTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        for name in ["payments", "locks"] {
            try temp.store.createTable(
                CreateTableInput(
                    tableName: name, keySchema: [KeySchemaElement("pk", .hash)],
                    attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("ref", .s)],
                    globalSecondaryIndexes: [
                        SecondaryIndex(
                            indexName: "byRef", keySchema: [KeySchemaElement("ref", .hash)], projection: .all)
                    ],
                    streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages)))
        }
    }

    func get(_ table: String, _ pk: String) throws -> Item? {
        try store.getItem(GetItemInput(tableName: table, key: ["pk": .s(pk)])).item
    }

    func streamCount(_ table: String) throws -> Int {
        guard let arn = try store.describeTable(table).latestStreamArn else { return 0 }
        let shard = try store.describeStream(arn).shards[0].shardId
        return try store.getRecords(
            shardIterator: try store.getShardIterator(streamArn: arn, shardId: shard, type: .trimHorizon)
        ).records.count
    }

    // MARK: Batches

    @Test("BatchWriteItem puts and deletes across tables; bad batches write nothing")
    func batchWrite() throws {
        try store.putItem(PutItemInput(tableName: "locks", item: ["pk": .s("old")]))
        let output = try store.batchWriteItem(
            BatchWriteItemInput(
                requestItems: [
                    "payments": (0..<20).map { .put(["pk": .s("p\($0)"), "amount": .number($0)]) },
                    "locks": [.put(["pk": .s("l1")]), .delete(key: ["pk": .s("old")])],
                ], returnConsumedCapacity: .total))
        #expect(output.unprocessedItems.isEmpty)
        #expect(try get("payments", "p19")?["amount"] == .number(19))
        #expect(try get("locks", "old") == nil)
        #expect(output.consumedCapacity?.map(\.tableName).sorted() == ["locks", "payments"])
        #expect(output.consumedCapacity?.first { $0.tableName == "payments" }?.capacityUnits == 20)

        let failures: [(BatchWriteItemInput, String)] = [
            (
                BatchWriteItemInput(requestItems: ["payments": (0..<26).map { .put(["pk": .s("x\($0)")]) }]),
                "Member must have length less than or equal to 25"
            ),
            (
                BatchWriteItemInput(requestItems: ["payments": [.put(["pk": .s("d")]), .delete(key: ["pk": .s("d")])]]),
                "Provided list of item keys contains duplicates"
            ),
            (
                BatchWriteItemInput(requestItems: ["payments": [.put(["pk": .s("ok")]), .put(["nokey": .s("x")])]]),
                "Missing the key pk"
            ),
            (BatchWriteItemInput(requestItems: ["missing": [.put(["pk": .s("x")])]]), "not found"),
            (BatchWriteItemInput(requestItems: [:]), "Member must have length greater than or equal to 1"),
        ]
        for (input, fragment) in failures {
            do {
                try store.batchWriteItem(input)
                Issue.record("expected \(fragment)")
            } catch {
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        #expect(try get("payments", "ok") == nil && get("payments", "d") == nil)
    }

    @Test("BatchGetItem reads across tables with projections; limits and duplicates are refused")
    func batchGet() throws {
        for index in 0..<5 {
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: ["pk": .s("p\(index)"), "amount": .number(index), "note": .s("n")]))
        }
        let output = try store.batchGetItem(
            BatchGetItemInput(
                requestItems: [
                    "payments": KeysAndAttributes(
                        keys: [["pk": .s("p1")], ["pk": .s("p3")], ["pk": .s("absent")]], projectionExpression: "amount"
                    ),
                    "locks": KeysAndAttributes(keys: [["pk": .s("none")]]),
                ], returnConsumedCapacity: .total))
        #expect(Set(output.responses["payments"] ?? []) == [["amount": .number(1)], ["amount": .number(3)]])
        #expect(output.responses["locks"] == [])
        #expect(output.unprocessedKeys.isEmpty)
        #expect(output.consumedCapacity?.first { $0.tableName == "payments" }?.capacityUnits == 1.5)
        #expect(throws: StoreError.self) {
            try store.batchGetItem(
                BatchGetItemInput(requestItems: [
                    "payments": KeysAndAttributes(keys: (0..<101).map { ["pk": .s("k\($0)")] })
                ]))
        }
        #expect(throws: StoreError.self) {
            try store.batchGetItem(
                BatchGetItemInput(requestItems: [
                    "payments": KeysAndAttributes(keys: [["pk": .s("a")], ["pk": .s("a")]])
                ]))
        }
    }

    @Test("BatchGetItem stops at 16 MB and hands back the rest as UnprocessedKeys")
    func batchGetLimit() throws {
        let big = String(repeating: "x", count: 390_000)
        for index in 0..<50 {
            try store.putItem(PutItemInput(tableName: "payments", item: ["pk": .s("b\(index)"), "body": .s(big)]))
        }
        let keys: [Item] = (0..<50).map { ["pk": .s("b\($0)")] }
        let output = try store.batchGetItem(
            BatchGetItemInput(requestItems: ["payments": KeysAndAttributes(keys: keys)]))
        let returned = output.responses["payments"]?.count ?? 0
        let left = output.unprocessedKeys["payments"]?.keys.count ?? 0
        #expect(returned < 50 && returned + left == 50 && returned * 390_000 >= 16_000_000)
    }

    // MARK: Transactions

    @Test("a transaction writes every action or none, with one cancellation reason per action")
    func allOrNothing() throws {
        try store.putItem(PutItemInput(tableName: "locks", item: ["pk": .s("lock-1"), "owner": .s("someone")]))
        let actions: [TransactWriteItem] = [
            .put(
                PutItemInput(
                    tableName: "payments", item: ["pk": .s("pay-1"), "amount": .number(10)],
                    options: WriteOptions(conditionExpression: "attribute_not_exists(pk)"))),
            .update(
                UpdateItemInput(
                    tableName: "payments", key: ["pk": .s("total")], updateExpression: "ADD amount :a",
                    options: WriteOptions(expressionAttributeValues: [":a": .number(10)]))),
            .conditionCheck(
                ConditionCheck(
                    tableName: "locks", key: ["pk": .s("lock-1")], conditionExpression: "attribute_not_exists(#o)",
                    expressionAttributeNames: ["#o": "owner"], returnValuesOnConditionCheckFailure: .allOld)),
            .delete(DeleteItemInput(tableName: "locks", key: ["pk": .s("other")])),
        ]
        do {
            try store.transactWriteItems(TransactWriteItemsInput(transactItems: actions))
            Issue.record("expected TransactionCanceledException")
        } catch {
            #expect(error.code == .transactionCanceled)
            #expect(
                error.message
                    == "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed, None]"
            )
            #expect(error.cancellationReasons?.map(\.code) == ["None", "None", "ConditionalCheckFailed", "None"])
            #expect(error.cancellationReasons?[2].item == ["pk": .s("lock-1"), "owner": .s("someone")])
        }
        #expect(try get("payments", "pay-1") == nil && get("payments", "total") == nil)
        #expect(try streamCount("payments") == 0)

        try store.deleteItem(DeleteItemInput(tableName: "locks", key: ["pk": .s("lock-1")]))
        let output = try store.transactWriteItems(
            TransactWriteItemsInput(transactItems: actions, returnConsumedCapacity: .indexes))
        #expect(
            try get("payments", "pay-1")?["amount"] == .number(10) && get("payments", "total")?["amount"] == .number(10)
        )
        #expect(try streamCount("payments") == 2)
        // Two writes of 1 unit, at twice the cost; the condition check is a read at twice the cost.
        #expect(output.consumedCapacity?.first { $0.tableName == "payments" }?.writeCapacityUnits == 4)
        #expect(output.consumedCapacity?.first { $0.tableName == "locks" }?.readCapacityUnits == 2)
    }

    @Test("a repeated ClientRequestToken does not write again; a different request with it is refused")
    func idempotency() throws {
        let request = TransactWriteItemsInput(
            transactItems: [
                .update(
                    UpdateItemInput(
                        tableName: "payments", key: ["pk": .s("counter")], updateExpression: "ADD hits :one",
                        options: WriteOptions(expressionAttributeValues: [":one": .number(1)])))
            ], clientRequestToken: "token-1")
        try store.transactWriteItems(request)
        try store.transactWriteItems(request)
        #expect(try get("payments", "counter")?["hits"] == .number(1))
        var different = request
        different.transactItems = [
            .update(
                UpdateItemInput(
                    tableName: "payments", key: ["pk": .s("counter")], updateExpression: "ADD hits :one",
                    options: WriteOptions(expressionAttributeValues: [":one": .number(2)])))
        ]
        do {
            try store.transactWriteItems(different)
            Issue.record("expected IdempotentParameterMismatchException")
        } catch {
            #expect(error.code == .idempotentParameterMismatch)
        }
        // The token is shared by every process that opens the file.
        try temp.reopen().transactWriteItems(request)
        #expect(try get("payments", "counter")?["hits"] == .number(1))
    }

    @Test("transaction requests are checked before anything runs")
    func transactionValidation() throws {
        let put = TransactWriteItem.put(PutItemInput(tableName: "payments", item: ["pk": .s("a")]))
        let cases: [(TransactWriteItemsInput, String)] = [
            (TransactWriteItemsInput(transactItems: []), "greater than or equal to 1"),
            (TransactWriteItemsInput(transactItems: Array(repeating: put, count: 101)), "less than or equal to 100"),
            (
                TransactWriteItemsInput(transactItems: [
                    put, .delete(DeleteItemInput(tableName: "payments", key: ["pk": .s("a")])),
                ]), "Transaction request cannot include multiple operations on one item"
            ),
            (
                TransactWriteItemsInput(transactItems: [
                    .update(
                        UpdateItemInput(
                            tableName: "payments", key: ["pk": .s("a")], updateExpression: "SET pk = :v",
                            options: WriteOptions(expressionAttributeValues: [":v": .s("b")])))
                ]), "This attribute is part of the key"
            ),
            (
                TransactWriteItemsInput(transactItems: [put], clientRequestToken: String(repeating: "t", count: 37)),
                "clientRequestToken"
            ),
            (
                TransactWriteItemsInput(transactItems: [
                    .put(
                        PutItemInput(
                            tableName: "payments", item: ["pk": .s("z")],
                            options: WriteOptions(conditionExpression: "pk =")))
                ]), "Syntax error"
            ),
        ]
        for (input, fragment) in cases {
            do {
                try store.transactWriteItems(input)
                Issue.record("expected \(fragment)")
            } catch {
                #expect(error.code == .validation)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        // A type error met while applying an update cancels the transaction with ValidationError.
        try store.putItem(PutItemInput(tableName: "payments", item: ["pk": .s("s"), "name": .s("text")]))
        do {
            try store.transactWriteItems(
                TransactWriteItemsInput(transactItems: [
                    put,
                    .update(
                        UpdateItemInput(
                            tableName: "payments", key: ["pk": .s("s")], updateExpression: "ADD #n :one",
                            options: WriteOptions(
                                expressionAttributeNames: ["#n": "name"],
                                expressionAttributeValues: [":one": .number(1)]))),
                ]))
            Issue.record("expected a cancellation")
        } catch {
            #expect(error.cancellationReasons?.map(\.code) == ["None", "ValidationError"])
        }
        #expect(try get("payments", "a") == nil)
    }

    @Test("TransactGetItems reads every item from one snapshot, in order, with projections")
    func transactGet() throws {
        try store.putItem(
            PutItemInput(tableName: "payments", item: ["pk": .s("a"), "amount": .number(1), "note": .s("x")]))
        try store.putItem(PutItemInput(tableName: "locks", item: ["pk": .s("l")]))
        let output = try store.transactGetItems(
            TransactGetItemsInput(
                transactItems: [
                    TransactGetItem(tableName: "payments", key: ["pk": .s("a")], projectionExpression: "amount"),
                    TransactGetItem(tableName: "payments", key: ["pk": .s("absent")]),
                    TransactGetItem(tableName: "locks", key: ["pk": .s("l")]),
                ], returnConsumedCapacity: .total))
        #expect(output.responses == [["amount": .number(1)], nil, ["pk": .s("l")]])
        #expect(output.consumedCapacity?.first { $0.tableName == "payments" }?.capacityUnits == 4)
        #expect(throws: StoreError.self) {
            try store.transactGetItems(
                TransactGetItemsInput(transactItems: [
                    TransactGetItem(tableName: "payments", key: ["pk": .s("a")]),
                    TransactGetItem(tableName: "payments", key: ["pk": .s("a")]),
                ]))
        }
    }

    // MARK: Capacity

    @Test("consumed capacity follows DynamoDB's rules for reads, writes and indexes")
    func capacity() throws {
        let twoKB: Item = ["pk": .s("c"), "ref": .s("r1"), "body": .s(String(repeating: "x", count: 2_000))]
        let put = try store.putItem(
            PutItemInput(tableName: "payments", item: twoKB, options: WriteOptions(returnConsumedCapacity: .indexes)))
        // 2 KB → 2 units on the table, 2 on the index (the item is projected whole).
        #expect(put.consumedCapacity?.capacityUnits == 4)
        #expect(put.consumedCapacity?.table?.capacityUnits == 2)
        #expect(put.consumedCapacity?.globalSecondaryIndexes?["byRef"]?.capacityUnits == 2)
        #expect(try store.putItem(PutItemInput(tableName: "payments", item: twoKB)).consumedCapacity == nil)

        var moved = twoKB
        moved["ref"] = .s("r2")
        // A changed index key is a delete and a put on the index.
        #expect(
            try store.putItem(
                PutItemInput(
                    tableName: "payments", item: moved, options: WriteOptions(returnConsumedCapacity: .indexes))
            )
            .consumedCapacity?.globalSecondaryIndexes?["byRef"]?.capacityUnits == 4)

        #expect(
            try store.getItem(GetItemInput(tableName: "payments", key: ["pk": .s("c")], returnConsumedCapacity: .total))
                .consumedCapacity?.capacityUnits == 0.5)
        #expect(
            try store.getItem(
                GetItemInput(
                    tableName: "payments", key: ["pk": .s("c")], consistentRead: true, returnConsumedCapacity: .total)
            ).consumedCapacity?.capacityUnits == 1)
        #expect(
            try store.getItem(
                GetItemInput(tableName: "payments", key: ["pk": .s("none")], returnConsumedCapacity: .total)
            ).consumedCapacity?.capacityUnits == 0.5)

        for index in 0..<10 {
            try store.putItem(
                PutItemInput(
                    tableName: "payments",
                    item: ["pk": .s("q\(index)"), "ref": .s("same"), "body": .s(String(repeating: "y", count: 1_000))]))
        }
        let page = try store.query(
            QueryInput(
                tableName: "payments", indexName: "byRef", keyConditionExpression: "#r = :r",
                expressionAttributeNames: ["#r": "ref"], expressionAttributeValues: [":r": .s("same")],
                returnConsumedCapacity: .indexes))
        // About 10 KB read through the index, eventually consistent: 3 units, halved.
        #expect(page.consumedCapacity?.capacityUnits == 1.5)
        #expect(page.consumedCapacity?.globalSecondaryIndexes?["byRef"]?.capacityUnits == 1.5)
    }
}
