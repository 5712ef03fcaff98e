import TestSupport
import Testing

@testable import PartitionStore

@Suite("Query and Scan")
struct QueryScanTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "events",
                keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("n", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("n", .n), AttributeDefinition("status", .s),
                    AttributeDefinition("day", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byStatus",
                        keySchema: [KeySchemaElement("status", .hash), KeySchemaElement("day", .range)],
                        projection: Projection(.include, nonKeyAttributes: ["note"])),
                    SecondaryIndex(
                        indexName: "byStatusOnly", keySchema: [KeySchemaElement("status", .hash)], projection: .keysOnly
                    ),
                ],
                localSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byDay",
                        keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("day", .range)],
                        projection: .keysOnly)
                ]))
    }

    /// Collects every page of a query, checking page sizes on the way.
    func allPages(_ input: QueryInput) throws -> [Item] {
        var input = input
        var items: [Item] = []
        var pages = 0
        repeat {
            let page = try store.query(input)
            if let limit = input.limit { #expect(page.scannedCount <= limit) }
            items += page.items
            input.exclusiveStartKey = page.lastEvaluatedKey
            pages += 1
        } while input.exclusiveStartKey != nil && pages < 10_000
        return items
    }

    @Test("sort-key conditions, both directions, any page size, match a model", arguments: [11, 12, 13])
    func queryMatchesModel(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var model: [DecimalNumber] = []
        for _ in 0..<150 {
            let n = Random.number(&rng)
            if model.contains(n) { continue }
            model.append(n)
            try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("p"), "n": .n(n)]))
            try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("other"), "n": .n(n)]))
        }
        model.sort()
        for _ in 0..<40 {
            let a = model.randomElement(using: &rng) ?? .zero
            let b = Random.number(&rng)
            let (low, high) = a < b ? (a, b) : (b, a)
            let cases: [(ComparisonOperator, [AttributeValue], (DecimalNumber) -> Bool)] = [
                (.eq, [.n(a)], { $0 == a }), (.lt, [.n(a)], { $0 < a }), (.le, [.n(a)], { $0 <= a }),
                (.gt, [.n(b)], { $0 > b }), (.ge, [.n(a)], { $0 >= a }),
                (.between, [.n(low), .n(high)], { $0 >= low && $0 <= high }),
            ]
            let (op, values, predicate) = cases.randomElement(using: &rng)!
            let forward = Bool.random(using: &rng)
            let limit = Bool.random(using: &rng) ? Int.random(in: 1...7, using: &rng) : nil
            let got = try allPages(
                QueryInput(
                    tableName: "events", keyConditions: ["pk": Condition(.eq, [.s("p")]), "n": Condition(op, values)],
                    scanIndexForward: forward, limit: limit))
            let expected = model.filter(predicate)
            #expect(
                got.compactMap { $0["n"]?.numberValue } == (forward ? expected : expected.reversed()),
                "seed \(seed) \(op) \(values) forward \(forward) limit \(String(describing: limit))")
            #expect(got.allSatisfy { $0["pk"] == .s("p") })
        }
    }

    @Test("begins_with on strings and binaries uses byte prefixes")
    func beginsWith() throws {
        try store.createTable(
            CreateTableInput(
                tableName: "docs", keySchema: [KeySchemaElement("p", .hash), KeySchemaElement("s", .range)],
                attributeDefinitions: [AttributeDefinition("p", .s), AttributeDefinition("s", .s)]))
        for s in [
            "STATEMENT#1", "STATEMENT#2", "STATEMENT", "STATEMENU", "PAYMENT#1", "statement#3", "STATEMENT#\u{FFFF}",
        ] {
            try store.putItem(PutItemInput(tableName: "docs", item: ["p": .s("t"), "s": .s(s)]))
        }
        let page = try store.query(
            QueryInput(
                tableName: "docs",
                keyConditions: ["p": Condition(.eq, [.s("t")]), "s": Condition(.beginsWith, [.s("STATEMENT#")])]))
        #expect(page.items.map { $0["s"] } == [.s("STATEMENT#1"), .s("STATEMENT#2"), .s("STATEMENT#\u{FFFF}")])
        #expect(throws: StoreError.validation("Query key condition not supported")) {
            try store.query(
                QueryInput(
                    tableName: "events",
                    keyConditions: ["pk": Condition(.eq, [.s("p")]), "n": Condition(.beginsWith, [.number(1)])]))
        }
    }

    @Test("a Limit page that ends exactly at the last item still carries LastEvaluatedKey, like DynamoDB")
    func limitAtEnd() throws {
        for n in 1...4 { try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("p"), "n": .number(n)])) }
        let first = try store.query(
            QueryInput(tableName: "events", keyConditions: ["pk": Condition(.eq, [.s("p")])], limit: 4))
        #expect(first.count == 4)
        #expect(first.lastEvaluatedKey == ["pk": .s("p"), "n": .number(4)])
        let second = try store.query(
            QueryInput(
                tableName: "events", keyConditions: ["pk": Condition(.eq, [.s("p")])], limit: 4,
                exclusiveStartKey: first.lastEvaluatedKey))
        #expect(second.items.isEmpty && second.lastEvaluatedKey == nil)
    }

    @Test("a page stops at 1 MB of data and continues from there")
    func megabytePages() throws {
        let blob = String(repeating: "x", count: 100_000)
        for n in 0..<25 {
            try store.putItem(
                PutItemInput(tableName: "events", item: ["pk": .s("big"), "n": .number(n), "blob": .s(blob)]))
        }
        let first = try store.query(QueryInput(tableName: "events", keyConditions: ["pk": Condition(.eq, [.s("big")])]))
        #expect(first.count == 11)  // the 11th item crosses 1 MB
        #expect(first.lastEvaluatedKey?["n"] == .number(10))
        let all = try allPages(QueryInput(tableName: "events", keyConditions: ["pk": Condition(.eq, [.s("big")])]))
        #expect(all.count == 25)
        let scanned = try store.scan(ScanInput(tableName: "events", select: .count))
        #expect(scanned.items.isEmpty && scanned.count == 11 && scanned.lastEvaluatedKey != nil)
    }

    @Test("Scan pages and parallel segments see every item exactly once")
    func scanSegments() throws {
        for index in 0..<300 {
            try store.putItem(
                PutItemInput(tableName: "events", item: ["pk": .s("k\(index % 37)"), "n": .number(index)]))
        }
        func scanAll(segment: Int?, total: Int?, limit: Int?) throws -> [Int64] {
            var input = ScanInput(tableName: "events", limit: limit, segment: segment, totalSegments: total)
            var seen: [Int64] = []
            repeat {
                let page = try store.scan(input)
                seen += page.items.compactMap { $0["n"]?.numberValue?.int64Value }
                input.exclusiveStartKey = page.lastEvaluatedKey
            } while input.exclusiveStartKey != nil
            return seen
        }
        #expect(Set(try scanAll(segment: nil, total: nil, limit: 7)) == Set(0..<300))
        #expect(try scanAll(segment: nil, total: nil, limit: nil).count == 300)
        for total in [1, 2, 5, 64] {
            var union: [Int64] = []
            for segment in 0..<total { union += try scanAll(segment: segment, total: total, limit: 13) }
            #expect(union.count == 300 && Set(union) == Set(0..<300), "total \(total)")
        }
        #expect(throws: StoreError.self) { try store.scan(ScanInput(tableName: "events", segment: 1)) }
        #expect(throws: StoreError.self) { try store.scan(ScanInput(tableName: "events", totalSegments: 2)) }
        #expect(throws: StoreError.self) {
            try store.scan(ScanInput(tableName: "events", segment: 2, totalSegments: 2))
        }
        #expect(throws: StoreError.self) {
            try store.scan(ScanInput(tableName: "events", segment: 0, totalSegments: 1_000_001))
        }
        #expect(throws: StoreError.self) { try store.scan(ScanInput(tableName: "events", limit: 0)) }
    }

    @Test("GSI paging over many equal index keys never skips or repeats, in both directions")
    func duplicateIndexKeys() throws {
        for index in 0..<60 {
            try store.putItem(
                PutItemInput(
                    tableName: "events",
                    item: [
                        "pk": .s("acct\(index % 4)"), "n": .number(index), "status": .s("open"),
                        "day": .s("2026-11-0\(index % 3)"), "note": .s("n\(index)"), "secret": .s("hidden"),
                    ]))
        }
        for forward in [true, false] {
            for limit in [1, 3, 7] {
                let items = try allPages(
                    QueryInput(
                        tableName: "events", indexName: "byStatus",
                        keyConditions: ["status": Condition(.eq, [.s("open")])], scanIndexForward: forward, limit: limit
                    ))
                #expect(items.count == 60)
                #expect(Set(items.compactMap { $0["n"]?.numberValue?.int64Value }).count == 60)
                let days = items.compactMap { $0["day"]?.stringValue }
                #expect(days == (forward ? days.sorted() : days.sorted().reversed()))
                // INCLUDE projection: keys and the included attribute only.
                #expect(items.allSatisfy { Set($0.keys) == ["pk", "n", "status", "day", "note"] })
            }
            let hashOnly = try allPages(
                QueryInput(
                    tableName: "events", indexName: "byStatusOnly",
                    keyConditions: ["status": Condition(.eq, [.s("open")])], scanIndexForward: forward, limit: 4))
            #expect(Set(hashOnly.compactMap { $0["n"]?.numberValue?.int64Value }).count == 60)
            #expect(hashOnly.allSatisfy { Set($0.keys) == ["pk", "n", "status"] })
        }
        let page = try store.query(
            QueryInput(
                tableName: "events", indexName: "byStatus", keyConditions: ["status": Condition(.eq, [.s("open")])],
                limit: 2))
        #expect(Set(page.lastEvaluatedKey?.keys ?? [:].keys) == ["pk", "n", "status", "day"])
        var indexScan = ScanInput(tableName: "events", indexName: "byStatus", limit: 9)
        var scanned = 0
        repeat {
            let page = try store.scan(indexScan)
            scanned += page.count
            indexScan.exclusiveStartKey = page.lastEvaluatedKey
        } while indexScan.exclusiveStartKey != nil
        #expect(scanned == 60)
    }

    @Test("indexes are sparse and follow updates and deletes")
    func indexMaintenance() throws {
        try store.putItem(
            PutItemInput(
                tableName: "events", item: ["pk": .s("a"), "n": .number(1), "status": .s("open"), "day": .s("d1")]))
        // No day: not in byStatus.
        try store.putItem(
            PutItemInput(tableName: "events", item: ["pk": .s("a"), "n": .number(2), "status": .s("open")]))
        func byStatus(_ status: String) throws -> Int {
            try store.query(
                QueryInput(
                    tableName: "events", indexName: "byStatus", keyConditions: ["status": Condition(.eq, [.s(status)])])
            ).count
        }
        #expect(try byStatus("open") == 1)
        #expect(
            try store.query(
                QueryInput(
                    tableName: "events", indexName: "byStatusOnly",
                    keyConditions: ["status": Condition(.eq, [.s("open")])])
            ).count == 2)
        try store.updateItem(
            UpdateItemInput(
                tableName: "events", key: ["pk": .s("a"), "n": .number(1)],
                attributeUpdates: ["status": AttributeValueUpdate(.put, .s("closed"))]))
        #expect(try byStatus("open") == 0)
        #expect(try byStatus("closed") == 1)
        try store.updateItem(
            UpdateItemInput(
                tableName: "events", key: ["pk": .s("a"), "n": .number(1)],
                attributeUpdates: ["day": AttributeValueUpdate(.delete)]))
        #expect(try byStatus("closed") == 0)
        try store.deleteItem(DeleteItemInput(tableName: "events", key: ["pk": .s("a"), "n": .number(2)]))
        #expect(try store.describeTable("events").globalSecondaryIndexes.map(\.itemCount) == [0, 1])
        // A mistyped or empty index key is an error, and nothing is written.
        #expect(throws: StoreError.self) {
            try store.putItem(
                PutItemInput(tableName: "events", item: ["pk": .s("b"), "n": .number(1), "status": .number(5)]))
        }
        #expect(throws: StoreError.self) {
            try store.putItem(
                PutItemInput(tableName: "events", item: ["pk": .s("b"), "n": .number(1), "status": .s("")]))
        }
        #expect(
            try store.getItem(GetItemInput(tableName: "events", key: ["pk": .s("b"), "n": .number(1)])).item == nil)
    }

    @Test("a local index reads base items for ALL_ATTRIBUTES and specific attributes")
    func localIndex() throws {
        for n in 0..<5 {
            try store.putItem(
                PutItemInput(
                    tableName: "events",
                    item: ["pk": .s("a"), "n": .number(n), "day": .s("d\(4 - n)"), "note": .s("x\(n)")]))
        }
        let projected = try store.query(
            QueryInput(tableName: "events", indexName: "byDay", keyConditions: ["pk": Condition(.eq, [.s("a")])]))
        #expect(projected.items.first == ["pk": .s("a"), "n": .number(4), "day": .s("d0")])
        let full = try store.query(
            QueryInput(
                tableName: "events", indexName: "byDay",
                keyConditions: ["pk": Condition(.eq, [.s("a")]), "day": Condition(.ge, [.s("d3")])],
                select: .allAttributes, consistentRead: true))
        #expect(full.items.map { $0["note"] } == [.s("x1"), .s("x0")])
        let specific = try store.query(
            QueryInput(
                tableName: "events", indexName: "byDay", keyConditions: ["pk": Condition(.eq, [.s("a")])], limit: 1,
                attributesToGet: ["note"]))
        #expect(specific.items == [["note": .s("x4")]])
    }

    @Test("Select and request errors use DynamoDB's wording")
    func selectErrors() throws {
        let key = ["pk": Condition(.eq, [.s("a")])]
        #expect(
            throws: StoreError.invalidParameter(
                "Select type ALL_ATTRIBUTES is not supported for global secondary index byStatusOnly because its projection type is not ALL"
            )
        ) {
            try store.query(
                QueryInput(
                    tableName: "events", indexName: "byStatusOnly",
                    keyConditions: ["status": Condition(.eq, [.s("a")])], select: .allAttributes))
        }
        #expect(
            throws: StoreError.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        ) {
            try store.query(QueryInput(tableName: "events", keyConditions: key, select: .allProjectedAttributes))
        }
        #expect(
            throws: StoreError.validation(
                "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
        ) {
            try store.query(QueryInput(tableName: "events", keyConditions: key, select: .specificAttributes))
        }
        #expect(throws: StoreError.validation("Consistent reads are not supported on global secondary indexes")) {
            try store.query(
                QueryInput(
                    tableName: "events", indexName: "byStatus", keyConditions: ["status": Condition(.eq, [.s("a")])],
                    consistentRead: true))
        }
        #expect(throws: StoreError.validation("The table does not have the specified index: nope")) {
            try store.query(QueryInput(tableName: "events", indexName: "nope", keyConditions: key))
        }
        #expect(throws: StoreError.validation("Query condition missed key schema element: pk")) {
            try store.query(QueryInput(tableName: "events", keyConditions: ["n": Condition(.eq, [.number(1)])]))
        }
        #expect(throws: StoreError.invalidParameter("Condition parameter type does not match schema type")) {
            try store.query(QueryInput(tableName: "events", keyConditions: ["pk": Condition(.eq, [.number(1)])]))
        }
        #expect(throws: StoreError.invalidParameter("Invalid number of argument(s) for the BETWEEN ComparisonOperator"))
        {
            try store.query(
                QueryInput(
                    tableName: "events",
                    keyConditions: ["pk": Condition(.eq, [.s("a")]), "n": Condition(.between, [.number(1)])]))
        }
        #expect(throws: StoreError.self) {
            try store.query(
                QueryInput(
                    tableName: "events",
                    keyConditions: [
                        "pk": Condition(.eq, [.s("a")]), "n": Condition(.between, [.number(5), .number(1)]),
                    ]))
        }
        #expect(
            throws: StoreError.validation(
                "The provided starting key is invalid: The provided key element does not match the schema")
        ) {
            try store.query(QueryInput(tableName: "events", keyConditions: key, exclusiveStartKey: ["pk": .s("a")]))
        }
        #expect(
            throws: StoreError.validation(
                "The provided starting key is invalid: The provided key element does not match the schema")
        ) {
            try store.query(
                QueryInput(
                    tableName: "events", indexName: "byStatus", keyConditions: ["status": Condition(.eq, [.s("a")])],
                    exclusiveStartKey: ["pk": .s("a"), "n": .number(1)]))
        }
        let counted = try store.query(QueryInput(tableName: "events", keyConditions: key, select: .count))
        #expect(counted.items.isEmpty && counted.count == 0 && counted.scannedCount == 0)
    }
}
