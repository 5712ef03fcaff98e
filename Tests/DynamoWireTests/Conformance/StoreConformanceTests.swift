import DynamoWire
import Foundation
import PartitionStore
import Testing

/// One suite at the store-protocol level, run on three targets: the embedded store in-process,
/// `vaultdesk serve` through the remote client, and moto's emulator through the remote client.
/// Where moto differs from DynamoDB, `docs/compatibility.md` says so and the case says why.
/// The cases run one at a time: moto has lost a table just created while a dozen clients
/// created others at once (also in `docs/compatibility.md`).
@Suite("Store conformance", .serialized)
struct StoreConformanceTests {
    static let targets = ConformanceTarget.allCases

    // MARK: Tables

    @Test("tables: create, describe, duplicate, missing, TTL", arguments: targets)
    func tables(_ target: ConformanceTarget) async throws {
        let (store, _) = try await target.open()
        let name = uniqueTable("tables")
        let created = try await store.createTable(Self.definition(name))
        #expect(created.tableName == name)
        #expect(created.keySchema == [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)])
        let described = try await store.describeTable(name)
        #expect(described.globalSecondaryIndexes.map(\.indexName) == ["byStatus"])
        #expect(
            described.globalSecondaryIndexes.first?.keySchema == [
                KeySchemaElement("status", .hash), KeySchemaElement("sk", .range),
            ])
        #expect(described.streamSpecification?.streamViewType == .newAndOldImages)
        #expect(described.latestStreamArn != nil)

        let duplicate = await Self.failure { _ = try await store.createTable(Self.definition(name)) }
        #expect(duplicate?.code == .resourceInUse)
        let missing = await Self.failure { _ = try await store.describeTable("no-such-\(name)") }
        #expect(missing?.code == .resourceNotFound)

        #expect(try await store.describeTimeToLive(tableName: name).timeToLiveStatus == .disabled)
        let ttl = try await store.updateTimeToLive(
            tableName: name, specification: TimeToLiveSpecification(enabled: true, attributeName: "expires"))
        #expect(ttl == TimeToLiveSpecification(enabled: true, attributeName: "expires"))
        let description = try await store.describeTimeToLive(tableName: name)
        #expect(description.attributeName == "expires")
        #expect(description.timeToLiveStatus == .enabled)
    }

    // MARK: Items

    @Test("every attribute type round-trips through put and get", arguments: targets)
    func attributeTypes(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "types")
        let item: Item = [
            "pk": .s("p"), "sk": .s("all"), "text": .s("ünïcødé ✓"), "number": .n(try DecimalNumber("-12.500")),
            "big": .n(try DecimalNumber("123456789012345678901234567890")), "binary": .b([0, 1, 2, 255]),
            "yes": .bool(true), "nothing": .null, "list": .l([.s("a"), .n(DecimalNumber(1)), .bool(false)]),
            "map": .m(["nested": .m(["deep": .s("x")])]), "strings": .ss(["b", "a"]),
            "numbers": .ns([DecimalNumber(3), DecimalNumber(1)]),
            "binaries": .bs([[1], [2, 3]]),
        ]
        _ = try await store.putItem(PutItemInput(tableName: name, item: item))
        let read = try #require(
            try await store.getItem(GetItemInput(tableName: name, key: Self.key("p", "all"), consistentRead: true)).item
        )
        #expect(read.keys.sorted() == item.keys.sorted())
        for (attribute, value) in item {
            #expect(
                Self.same(read[attribute], value), "\(attribute): \(String(describing: read[attribute])) vs \(value)")
        }
        let projected = try await store.getItem(
            GetItemInput(
                tableName: name, key: Self.key("p", "all"), projectionExpression: "#t, #m.nested",
                expressionAttributeNames: ["#t": "text", "#m": "map"])
        ).item
        #expect(projected == ["text": .s("ünïcødé ✓"), "map": .m(["nested": .m(["deep": .s("x")])])])
        #expect(try await store.getItem(GetItemInput(tableName: name, key: Self.key("p", "none"))).item == nil)
    }

    @Test("conditional writes: create once, fail with the old item, delete returning it", arguments: targets)
    func conditionalWrites(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "conditions")
        let first = PutItemInput(
            tableName: name, item: ["pk": .s("p"), "sk": .s("1"), "version": .n(DecimalNumber(1))],
            options: WriteOptions(conditionExpression: "attribute_not_exists(pk)"))
        _ = try await store.putItem(first)
        var again = first
        again.item["version"] = .n(DecimalNumber(2))
        again.returnValuesOnConditionCheckFailure = .allOld
        let failed = await Self.failure { _ = try await store.putItem(again) }
        #expect(failed?.code == .conditionalCheckFailed)
        #expect(failed?.item?["version"] == .n(DecimalNumber(1)))

        let optimistic = UpdateItemInput(
            tableName: name, key: Self.key("p", "1"), updateExpression: "SET version = :next",
            options: WriteOptions(
                conditionExpression: "version = :expected",
                expressionAttributeValues: [":next": .n(DecimalNumber(2)), ":expected": .n(DecimalNumber(1))]))
        _ = try await store.updateItem(optimistic)
        let stale = await Self.failure { _ = try await store.updateItem(optimistic) }
        #expect(stale?.code == .conditionalCheckFailed)

        let deleted = try await store.deleteItem(
            DeleteItemInput(tableName: name, key: Self.key("p", "1"), options: WriteOptions(returnValues: .allOld)))
        #expect(deleted.attributes?["version"] == .n(DecimalNumber(2)))
        let gone = await Self.failure {
            _ = try await store.deleteItem(
                DeleteItemInput(
                    tableName: name, key: Self.key("p", "1"),
                    options: WriteOptions(conditionExpression: "attribute_exists(pk)")))
        }
        #expect(gone?.code == .conditionalCheckFailed)
    }

    @Test("update expressions: SET, ADD, REMOVE, list_append, if_not_exists and what they return", arguments: targets)
    func updateExpressions(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "updates")
        _ = try await store.putItem(
            PutItemInput(
                tableName: name,
                item: [
                    "pk": .s("p"), "sk": .s("u"), "count": .n(DecimalNumber(5)),
                    "tags": .l([.s("a")]), "note": .s("drop me"),
                ]))
        let output = try await store.updateItem(
            UpdateItemInput(
                tableName: name, key: Self.key("p", "u"),
                updateExpression:
                    "SET tags = list_append(tags, :more), created = if_not_exists(created, :now) ADD #c :two REMOVE note",
                options: WriteOptions(
                    expressionAttributeNames: ["#c": "count"],
                    expressionAttributeValues: [
                        ":more": .l([.s("b")]), ":now": .s("2026-11-22"), ":two": .n(DecimalNumber(2)),
                    ], returnValues: .updatedNew)))
        #expect(
            output.attributes == [
                "tags": .l([.s("a"), .s("b")]), "created": .s("2026-11-22"), "count": .n(DecimalNumber(7)),
            ])
        let old = try await store.updateItem(
            UpdateItemInput(
                tableName: name, key: Self.key("p", "u"), updateExpression: "SET created = :later",
                options: WriteOptions(expressionAttributeValues: [":later": .s("2027-01-01")], returnValues: .allOld)))
        #expect(old.attributes?["created"] == .s("2026-11-22"))
        #expect(old.attributes?["note"] == nil)
        let upserted = try await store.updateItem(
            UpdateItemInput(
                tableName: name, key: Self.key("p", "new"), updateExpression: "ADD hits :one",
                options: WriteOptions(expressionAttributeValues: [":one": .n(DecimalNumber(1))], returnValues: .allNew))
        )
        #expect(upserted.attributes == ["pk": .s("p"), "sk": .s("new"), "hits": .n(DecimalNumber(1))])
    }

    // MARK: Reading many

    @Test("query: key conditions, order both ways, filters, paging to the end", arguments: targets)
    func query(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "query")
        try await Self.fill(store, name, partition: "q", count: 23)
        _ = try await store.putItem(PutItemInput(tableName: name, item: ["pk": .s("other"), "sk": .s("item-00")]))

        let forward = try await Self.pages(
            store,
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p",
                expressionAttributeValues: [":p": .s("q")], limit: 5))
        #expect(forward.items.map { $0["sk"]?.stringValue } == (0..<23).map { Self.sortKey($0) })
        #expect(forward.pages == 5)

        let backward = try await Self.pages(
            store,
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p",
                expressionAttributeValues: [":p": .s("q")], scanIndexForward: false, limit: 7))
        #expect(backward.items.map { $0["sk"]?.stringValue } == (0..<23).reversed().map { Self.sortKey($0) })

        let between = try await store.query(
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
                expressionAttributeValues: [":p": .s("q"), ":a": .s(Self.sortKey(3)), ":b": .s(Self.sortKey(6))]))
        #expect(between.items.map { $0["sk"]?.stringValue } == (3...6).map { Self.sortKey($0) })
        let prefix = try await store.query(
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p AND begins_with(sk, :prefix)",
                expressionAttributeValues: [":p": .s("q"), ":prefix": .s("item-1")]))
        #expect(prefix.count == 10)

        let filtered = try await store.query(
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p", filterExpression: "#n > :five",
                expressionAttributeNames: ["#n": "n"],
                expressionAttributeValues: [":p": .s("q"), ":five": .n(DecimalNumber(20))]))
        #expect(filtered.count == 2)
        #expect(filtered.scannedCount == 23)

        let counted = try await store.query(
            QueryInput(
                tableName: name, keyConditionExpression: "pk = :p",
                expressionAttributeValues: [":p": .s("q")], select: .count))
        #expect(counted.count == 23)
        #expect(counted.items.isEmpty)
    }

    @Test("query on a global index, in the index's sort order, with paging", arguments: targets)
    func indexQuery(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "index")
        try await Self.fill(store, name, partition: "a", count: 9)
        try await Self.fill(store, name, partition: "b", count: 9)
        let open = try await Self.pages(
            store,
            QueryInput(
                tableName: name, indexName: "byStatus", keyConditionExpression: "#s = :open",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":open": .s("OPEN")], limit: 4))
        // Every third item is OPEN: 3 of each partition.
        #expect(open.items.count == 6)
        #expect(
            open.items.map { $0["sk"]?.stringValue ?? "" } == open.items.map { $0["sk"]?.stringValue ?? "" }.sorted())
        #expect(Set(open.items.compactMap { $0["pk"]?.stringValue }) == ["a", "b"])
    }

    @Test("scan: every item once across pages; filters", arguments: targets)
    func scan(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "scan")
        try await Self.fill(store, name, partition: "x", count: 12)
        try await Self.fill(store, name, partition: "y", count: 12)
        var seen: [String] = []
        var start: Item?
        repeat {
            let page = try await store.scan(ScanInput(tableName: name, limit: 5, exclusiveStartKey: start))
            seen += page.items.map { "\($0["pk"]?.stringValue ?? "")/\($0["sk"]?.stringValue ?? "")" }
            start = page.lastEvaluatedKey
        } while start != nil
        #expect(seen.count == 24)
        #expect(Set(seen).count == 24)
        let filtered = try await store.scan(
            ScanInput(
                tableName: name, filterExpression: "#s = :closed AND pk = :y",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":closed": .s("CLOSED"), ":y": .s("y")]))
        #expect(filtered.count == 8)
    }

    // MARK: Batches and transactions

    @Test("batch write and batch get, and their limits", arguments: targets)
    func batches(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "batch")
        let puts = (0..<25).map {
            WriteRequest.put(["pk": .s("b"), "sk": .s(Self.sortKey($0)), "n": .n(DecimalNumber($0))])
        }
        let written = try await store.batchWriteItem(BatchWriteItemInput(requestItems: [name: puts]))
        #expect(written.unprocessedItems.values.allSatisfy { $0.isEmpty })
        let deletes = (0..<5).map { WriteRequest.delete(key: Self.key("b", Self.sortKey($0))) }
        _ = try await store.batchWriteItem(BatchWriteItemInput(requestItems: [name: deletes]))

        let keys = (0..<25).map { Self.key("b", Self.sortKey($0)) } + [Self.key("b", "missing")]
        let read = try await store.batchGetItem(BatchGetItemInput(requestItems: [name: KeysAndAttributes(keys: keys)]))
        #expect(
            Set(read.responses[name]?.compactMap { $0["sk"]?.stringValue } ?? [])
                == Set((5..<25).map { Self.sortKey($0) }))
        #expect(read.unprocessedKeys.isEmpty)

        let tooMany = (0..<26).map { WriteRequest.put(["pk": .s("b"), "sk": .s("over-\($0)")]) }
        let refused = await Self.failure {
            _ = try await store.batchWriteItem(BatchWriteItemInput(requestItems: [name: tooMany]))
        }
        if target == .moto {
            // docs/compatibility.md, "Limits moto does not enforce": moto writes all 26.
            #expect(refused == nil)
        } else {
            #expect(refused?.code == .validation)
        }
    }

    @Test("transactions: all or nothing, with a reason per action", arguments: targets)
    func transactions(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "transactions")
        _ = try await store.putItem(
            PutItemInput(
                tableName: name, item: ["pk": .s("t"), "sk": .s("account"), "balance": .n(DecimalNumber(100))]))
        let transfer: (Int) -> TransactWriteItemsInput = { amount in
            TransactWriteItemsInput(transactItems: [
                .update(
                    UpdateItemInput(
                        tableName: name, key: Self.key("t", "account"), updateExpression: "SET balance = balance - :a",
                        options: WriteOptions(
                            conditionExpression: "balance >= :a",
                            expressionAttributeValues: [":a": .n(DecimalNumber(amount))]))),
                .put(
                    PutItemInput(
                        tableName: name,
                        item: ["pk": .s("t"), "sk": .s("payment-\(amount)"), "amount": .n(DecimalNumber(amount))],
                        options: WriteOptions(conditionExpression: "attribute_not_exists(pk)"))),
            ])
        }
        _ = try await store.transactWriteItems(transfer(60))
        let refused = await Self.failure { _ = try await store.transactWriteItems(transfer(70)) }
        #expect(refused?.code == .transactionCanceled)
        #expect(refused?.cancellationReasons?.map(\.code) == ["ConditionalCheckFailed", "None"])

        let read = try await store.transactGetItems(
            TransactGetItemsInput(transactItems: [
                TransactGetItem(tableName: name, key: Self.key("t", "account")),
                TransactGetItem(tableName: name, key: Self.key("t", "payment-60")),
                TransactGetItem(tableName: name, key: Self.key("t", "payment-70")),
            ]))
        #expect(read.responses.count == 3)
        #expect(read.responses[0]?["balance"] == .n(DecimalNumber(40)))
        #expect(read.responses[1]?["amount"] == .n(DecimalNumber(60)))
        #expect(read.responses[2] == nil)
    }

    // MARK: Errors

    @Test("bad requests are validation errors with DynamoDB's words", arguments: targets)
    func validation(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "errors")
        let missingKey = await Self.failure {
            _ = try await store.putItem(PutItemInput(tableName: name, item: ["pk": .s("only")]))
        }
        #expect(missingKey?.code == .validation)
        #expect(missingKey?.message.contains("sk") == true)
        let wrongType = await Self.failure {
            _ = try await store.putItem(
                PutItemInput(tableName: name, item: ["pk": .n(DecimalNumber(1)), "sk": .s("x")]))
        }
        #expect(wrongType?.code == .validation)
        let syntax = await Self.failure {
            _ = try await store.query(
                QueryInput(
                    tableName: name, keyConditionExpression: "pk = = :p", expressionAttributeValues: [":p": .s("x")]))
        }
        if target == .moto {
            // docs/compatibility.md, "Malformed expressions": moto fails with HTTP 500, which the
            // client retries as a server error and then reports as the service being unavailable.
            #expect(syntax?.code == .serviceUnavailable)
        } else {
            #expect(syntax?.code == .validation)
            #expect(syntax?.message.contains("Invalid KeyConditionExpression") == true)
        }
        let unusedValue = await Self.failure {
            _ = try await store.query(
                QueryInput(
                    tableName: name, keyConditionExpression: "pk = :p",
                    expressionAttributeValues: [":p": .s("x"), ":spare": .s("y")]))
        }
        if target == .moto {
            // docs/compatibility.md, "Limits moto does not enforce": unused placeholders pass.
            #expect(unusedValue == nil)
        } else {
            #expect(unusedValue?.code == .validation)
            #expect(unusedValue?.message.contains(":spare") == true)
        }
        let noTable = await Self.failure {
            _ = try await store.getItem(GetItemInput(tableName: "missing-\(name)", key: Self.key("a", "b")))
        }
        #expect(noTable?.code == .resourceNotFound)
    }

    // MARK: Streams

    @Test(
        "the change source delivers inserts, modifications and removals in order, with both images", arguments: targets)
    func changes(_ target: ConformanceTarget) async throws {
        let (store, name) = try await Self.table(target, "changes")
        let (_, source) = try await target.open()
        let (ready, readiness) = AsyncStream<Void>.makeStream()
        let received = Task { () -> [StreamRecord] in
            var records: [StreamRecord] = []
            for try await record in source.changes(of: name, started: { readiness.yield() }) {
                records.append(record)
                if records.count == 3 { break }
            }
            return records
        }
        // Once the source says it has started, every later commit is its to deliver.
        try await Self.within(.seconds(10)) {
            var iterator = ready.makeAsyncIterator()
            await iterator.next()
        }
        _ = try await store.putItem(
            PutItemInput(tableName: name, item: ["pk": .s("c"), "sk": .s("1"), "v": .n(DecimalNumber(1))]))
        _ = try await store.updateItem(
            UpdateItemInput(
                tableName: name, key: Self.key("c", "1"), updateExpression: "SET v = :two",
                options: WriteOptions(expressionAttributeValues: [":two": .n(DecimalNumber(2))])))
        _ = try await store.deleteItem(DeleteItemInput(tableName: name, key: Self.key("c", "1")))
        let records = try await Self.within(.seconds(10)) { try await received.value }
        #expect(records.map(\.eventName) == [.insert, .modify, .remove])
        #expect(records.allSatisfy { $0.keys == Self.key("c", "1") })
        #expect(records[0].oldImage == nil)
        #expect(records[1].oldImage?["v"] == .n(DecimalNumber(1)))
        #expect(records[1].newImage?["v"] == .n(DecimalNumber(2)))
        #expect(records[2].newImage == nil)
        #expect(
            records.map(\.sequenceNumber)
                == records.map(\.sequenceNumber).sorted { (Decimal(string: $0) ?? 0) < (Decimal(string: $1) ?? 0) })
    }

    @Test("a table without a stream is reported, not followed in silence", arguments: targets)
    func noStream(_ target: ConformanceTarget) async throws {
        let (store, source) = try await target.open()
        let name = uniqueTable("nostream")
        var definition = Self.definition(name)
        definition.streamSpecification = nil
        _ = try await store.createTable(definition)
        let failed = try await Self.within(.seconds(10)) { () async -> Bool in
            do {
                for try await _ in source.changes(of: name) { return false }
                return false
            } catch {
                return true
            }
        }
        #expect(failed)
    }
}

// MARK: Helpers

extension StoreConformanceTests {
    static func definition(_ name: String) -> CreateTableInput {
        CreateTableInput(
            tableName: name,
            keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [
                AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("status", .s),
            ],
            globalSecondaryIndexes: [
                SecondaryIndex(
                    indexName: "byStatus",
                    keySchema: [KeySchemaElement("status", .hash), KeySchemaElement("sk", .range)],
                    projection: .all)
            ],
            billingMode: .payPerRequest,
            streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages))
    }

    static func table(_ target: ConformanceTarget, _ purpose: String) async throws -> (any ItemStore, String) {
        let (store, _) = try await target.open()
        let name = uniqueTable(purpose)
        _ = try await store.createTable(definition(name))
        return (store, name)
    }

    static func key(_ partition: String, _ sort: String) -> Item { ["pk": .s(partition), "sk": .s(sort)] }

    static func sortKey(_ index: Int) -> String { "item-" + String(format: "%02d", index) }

    /// `count` items in a partition; every third is OPEN (in the index), the rest CLOSED.
    static func fill(_ store: any ItemStore, _ name: String, partition: String, count: Int) async throws {
        for index in 0..<count {
            _ = try await store.putItem(
                PutItemInput(
                    tableName: name,
                    item: [
                        "pk": .s(partition), "sk": .s(sortKey(index)), "n": .n(DecimalNumber(index)),
                        "status": .s(index % 3 == 0 ? "OPEN" : "CLOSED"),
                    ]))
        }
    }

    static func pages(_ store: any ItemStore, _ query: QueryInput) async throws -> (items: [Item], pages: Int) {
        var input = query
        var items: [Item] = []
        var pages = 0
        repeat {
            let page = try await store.query(input)
            items += page.items
            pages += 1
            input.exclusiveStartKey = page.lastEvaluatedKey
        } while input.exclusiveStartKey != nil && pages < 100
        return (items, pages)
    }

    static func failure(_ body: () async throws -> Void) async -> StoreError? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError(.internalFailure, "not a StoreError: \(error)")
        }
    }

    /// Sets and numbers compare as sets and by value: endpoints may reorder a set or respell a number.
    static func same(_ left: AttributeValue?, _ right: AttributeValue) -> Bool {
        switch (left, right) {
        case (.ss(let a)?, .ss(let b)): Set(a) == Set(b)
        case (.ns(let a)?, .ns(let b)): Set(a) == Set(b)
        case (.bs(let a)?, .bs(let b)): Set(a) == Set(b)
        default: left == right
        }
    }

    static func within<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw ChildProcessTimeout(limit: limit)
            }
            group.cancelAll()
            return value
        }
    }
}

struct ChildProcessTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}
