import Testing

@testable import PartitionStore

/// Continuation pages must begin where the last page ended, by an index search on the start key.
/// If SQLite ranged on another bound instead, each page would re-read every earlier row and a
/// full Scan would take quadratic time.
@Suite("Query plans of continuation pages")
struct QueryPlanTests {
    let temp: TemporaryStore

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "plans",
                keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("g", .s),
                    AttributeDefinition("d", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byG", keySchema: [KeySchemaElement("g", .hash), KeySchemaElement("d", .range)],
                        projection: .all)
                ]))
    }

    func plan(_ builder: SQLBuilder) throws -> String {
        let connection = try SQLiteConnection(path: temp.path, busyTimeoutMilliseconds: 1_000)
        let statement = try connection.statement("EXPLAIN QUERY PLAN " + builder.render())
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(3)) }
        return lines.joined(separator: "\n")
    }

    func target(index: String? = nil) throws -> ReadTarget {
        try ReadTarget(try temp.store.describeSchema("plans"), indexName: index, consistentRead: false)
    }

    @Test("a Scan page after a start key searches from the start key")
    func scanContinuation() throws {
        for index in [nil, "byG"] {
            var builder = SQLBuilder(target: try target(index: index), operation: .scan)
            builder.add(.after(includeHash: true), binds: [])
            builder.add(.segmentEnd, binds: [])
            let text = try plan(builder)
            #expect(text.contains(index == nil ? "(ph,pk,sk)>(?,?,?)" : "(ph,pk,sk,tpk,tsk)>(?,?,?,?,?)"), "\(text)")
        }
    }

    @Test("a Query page after a start key, with a sort condition, searches from the start key")
    func queryContinuation() throws {
        for (index, forward) in [(nil, true), (nil, false), ("byG", true), ("byG", false)] as [(String?, Bool)] {
            var builder = SQLBuilder(target: try target(index: index), operation: .query(forward: forward))
            builder.add(.partition, binds: [])
            builder.add(.sort(forward ? "<=" : ">="), binds: [])
            builder.add(.after(includeHash: false), binds: [])
            let text = try plan(builder)
            let expected =
                index == nil ? (forward ? "sk>?" : "sk<?") : (forward ? "(sk,tpk,tsk)>(?,?,?)" : "(sk,tpk,tsk)<(?,?,?)")
            #expect(text.contains(expected), "\(text)")
        }
    }

    @Test("a start key outside the key condition or the segment is rejected")
    func startOutsideBounds() throws {
        let store = temp.store
        for sk in ["a", "b", "c"] {
            try store.putItem(PutItemInput(tableName: "plans", item: ["pk": .s("p"), "sk": .s(sk)]))
        }
        #expect(
            throws: StoreError.validation(
                "The provided starting key is outside query boundaries based on provided conditions")
        ) {
            try store.query(
                QueryInput(
                    tableName: "plans",
                    keyConditions: ["pk": Condition(.eq, [.s("p")]), "sk": Condition(.ge, [.s("b")])],
                    exclusiveStartKey: ["pk": .s("p"), "sk": .s("a")]))
        }
        #expect(
            throws: StoreError.validation(
                "The provided starting key is outside query boundaries based on provided conditions")
        ) {
            try store.query(
                QueryInput(
                    tableName: "plans", keyConditions: ["pk": Condition(.eq, [.s("p")])],
                    exclusiveStartKey: ["pk": .s("other"), "sk": .s("a")]))
        }
        let page = try store.query(
            QueryInput(
                tableName: "plans", keyConditions: ["pk": Condition(.eq, [.s("p")]), "sk": Condition(.le, [.s("b")])],
                scanIndexForward: false, exclusiveStartKey: ["pk": .s("p"), "sk": .s("b")]))
        #expect(page.items.map { $0["sk"] } == [.s("a")])
        // Segment 0 of 2 covers hashes below 2^31; a key from the other half does not belong to it.
        let key: Item = ["pk": .s("p"), "sk": .s("a")]
        let hash = KeyCodec.partitionHash(Array("p".utf8))
        let foreignSegment = hash < (1 << 31) ? 1 : 0
        #expect(throws: StoreError.self) {
            try store.scan(
                ScanInput(tableName: "plans", exclusiveStartKey: key, segment: foreignSegment, totalSegments: 2))
        }
    }
}
