import TestSupport
import Testing

@testable import PartitionStore

/// PartiQL for DynamoDB on the embedded store (Developer Guide, "PartiQL - a SQL-compatible query
/// language for Amazon DynamoDB": select, insert, update and delete statements, functions, batch
/// operations and transactions).
@Suite("PartiQL")
struct PartiQLTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "music",
                keySchema: [KeySchemaElement("artist", .hash), KeySchemaElement("song", .range)],
                attributeDefinitions: [
                    AttributeDefinition("artist", .s), AttributeDefinition("song", .s),
                    AttributeDefinition("label", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(
                        indexName: "byLabel", keySchema: [KeySchemaElement("label", .hash)], projection: .all)
                ],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages)))
        for (artist, song, year, label) in [
            ("Acme", "a-one", 2001, "Blue"), ("Acme", "b-two", 2005, "Red"), ("Acme", "c-three", 2010, "Blue"),
            ("Zeta", "a-one", 1999, "Red"),
        ] {
            try temp.store.putItem(
                PutItemInput(
                    tableName: "music",
                    item: [
                        "artist": .s(artist), "song": .s(song), "year": .number(year), "label": .s(label),
                        "tags": .ss(["rock"]),
                    ]))
        }
    }

    /// Runs an operation on the calling thread, as the engine's blocking callers do.
    func send<Operation: StoreOperation>(_ operation: Operation) throws(StoreError) -> Operation.Output {
        try operation.run(blockingOn: store)
    }

    func run(
        _ statement: String, _ parameters: [AttributeValue]? = nil, limit: Int? = nil
    ) throws(StoreError)
        -> ExecuteStatementOutput
    {
        try send(ExecuteStatementInput(statement: statement, parameters: parameters, limit: limit))
    }

    func songs(_ output: ExecuteStatementOutput) -> [String] {
        output.items.compactMap { item in
            if case .s(let song)? = item["song"] { return "\(item["artist"].map { "\($0)" } ?? "")/\(song)" }
            return nil
        }
    }

    static let selects: [(String, [AttributeValue]?, [String])] = [
        ("SELECT * FROM music WHERE artist = 'Acme'", nil, ["a-one", "b-two", "c-three"]),
        ("select * from \"music\" where \"artist\" = ? and song > 'a-one'", [.s("Acme")], ["b-two", "c-three"]),
        ("SELECT song FROM music WHERE artist = 'Acme' ORDER BY song DESC", nil, ["c-three", "b-two", "a-one"]),
        ("SELECT * FROM music WHERE artist = 'Acme' AND begins_with(song, 'b')", nil, ["b-two"]),
        ("SELECT * FROM music WHERE artist = 'Acme' AND song BETWEEN 'b' AND 'z'", nil, ["b-two", "c-three"]),
        ("SELECT * FROM music WHERE artist = 'Acme' AND year >= 2005", nil, ["b-two", "c-three"]),
        ("SELECT * FROM music WHERE artist = 'Acme' AND song IN ['a-one', 'c-three']", nil, ["a-one", "c-three"]),
        ("SELECT * FROM music WHERE year < 2002", nil, ["a-one", "a-one"]),
        ("SELECT * FROM music WHERE year <> 2005 AND NOT (label = 'Red')", nil, ["a-one", "c-three"]),
        ("SELECT * FROM music WHERE contains(tags, 'rock') AND artist = 'Zeta'", nil, ["a-one"]),
        ("SELECT * FROM music WHERE attribute_type(year, 'N') AND year > 2006", nil, ["c-three"]),
        ("SELECT * FROM music WHERE missing_one IS MISSING AND year = 2010", nil, ["c-three"]),
        ("SELECT * FROM music WHERE year IS NOT MISSING AND (year = 1999 OR year = 2010)", nil, ["a-one", "c-three"]),
        ("SELECT * FROM music WHERE size(song) = 5", nil, ["a-one", "b-two", "a-one"]),
        ("SELECT * FROM \"music\".\"byLabel\" WHERE label = 'Blue'", nil, ["a-one", "c-three"]),
        ("SELECT * FROM music WHERE label IS NULL", nil, []),
    ]

    @Test("SELECT: key conditions, filters, functions, indexes and ORDER BY", arguments: selects.indices)
    func select(index: Int) throws {
        let (statement, parameters, expected) = Self.selects[index]
        let output = try run(statement, parameters)
        let found = output.items.compactMap { item -> String? in
            if case .s(let song)? = item["song"] { return song }
            return nil
        }
        if statement.contains("ORDER BY") {
            #expect(found == expected, "\(statement)")
        } else {
            #expect(found.sorted() == expected.sorted(), "\(statement)")
        }
    }

    @Test("a projection returns only the paths named")
    func projection() throws {
        let output = try run("SELECT song, tags, \"year\" FROM music WHERE artist = 'Zeta'")
        #expect(output.items == [["song": .s("a-one"), "tags": .ss(["rock"]), "year": .number(1999)]])
    }

    @Test("INSERT writes an item, refuses an existing key with DuplicateItemException, and streams as a PutItem")
    func insert() throws {
        _ = try run(
            "INSERT INTO music VALUE {'artist': ?, 'song': 'd-four', 'info': {'n': [1, 2.5, -3], 'ok': true, 'x': null}, 'ids': <<1, 2>>}",
            [.s("Acme")])
        let item = try store.getItem(
            GetItemInput(tableName: "music", key: ["artist": .s("Acme"), "song": .s("d-four")])
        )
        .item
        #expect(item?["info"] == .m(["n": .l([.number(1), .num("2.5"), .number(-3)]), "ok": .bool(true), "x": .null]))
        #expect(item?["ids"] == .ns([DecimalNumber(1), DecimalNumber(2)]))
        #expect(throws: StoreError(.duplicateItem, "Duplicate primary key exists in table")) {
            try run("INSERT INTO music VALUE {'artist': 'Acme', 'song': 'd-four'}")
        }
        let arn = try #require(try store.describeTable("music").latestStreamArn)
        let shard = try #require(try store.describeStream(arn).shards.first)
        let iterator = try store.getShardIterator(streamArn: arn, shardId: shard.shardId, type: .trimHorizon)
        let records = try store.getRecords(shardIterator: iterator).records
        #expect(records.last?.eventName == .insert)
        #expect(records.last?.newImage == item)
    }

    @Test("UPDATE changes an existing item only, with arithmetic, set_add, set_delete, list_append and RETURNING")
    func update() throws {
        let updated = try run(
            """
            UPDATE music SET year = year + 1 SET tags = set_add(tags, <<'indie'>>) SET notes = list_append(?, ['x'])
            REMOVE label WHERE artist = 'Acme' AND song = 'a-one' RETURNING MODIFIED NEW *
            """, [.l([.s("w")])])
        #expect(
            updated.items == [
                ["year": .number(2002), "tags": .ss(["rock", "indie"]), "notes": .l([.s("w"), .s("x")])]
            ])
        let removed = try run(
            "UPDATE music SET tags = set_delete(tags, <<'rock'>>) WHERE artist = 'Acme' AND song = 'a-one' RETURNING ALL OLD *"
        )
        #expect(removed.items.first?["year"] == .number(2002))
        #expect(
            try store.getItem(GetItemInput(tableName: "music", key: ["artist": .s("Acme"), "song": .s("a-one")])).item?[
                "tags"] == .ss(["indie"]))
        // A missing item is not created; a condition that fails is ConditionalCheckFailed.
        #expect(throws: StoreError.self) { try run("UPDATE music SET year = 1 WHERE artist = 'Nobody' AND song = 'x'") }
        #expect(try store.describeTable("music").itemCount == 4)
        do {
            _ = try send(
                ExecuteStatementInput(
                    statement: "UPDATE music SET year = 1 WHERE artist = 'Zeta' AND song = 'a-one' AND year = 3000",
                    returnValuesOnConditionCheckFailure: .allOld))
            Issue.record("the condition did not fail")
        } catch {
            #expect(error.code == .conditionalCheckFailed)
            #expect(error.item?["year"] == .number(1999))
        }
        #expect(throws: StoreError.self) { try run("UPDATE music SET year = 1 WHERE artist = 'Zeta'") }
    }

    @Test("DELETE removes the item named by its full key; a missing one is no error; a false condition is")
    func delete() throws {
        let gone = try run("DELETE FROM music WHERE artist = 'Zeta' AND song = 'a-one' RETURNING ALL OLD *")
        #expect(gone.items.first?["year"] == .number(1999))
        #expect(try run("DELETE FROM music WHERE artist = 'Zeta' AND song = 'a-one'").items.isEmpty)
        #expect(throws: StoreError.self) {
            try run("DELETE FROM music WHERE artist = 'Acme' AND song = 'a-one' AND year = 1")
        }
        _ = try run("DELETE FROM music WHERE artist = 'Acme' AND song = 'a-one' AND year = 2001")
        #expect(try store.describeTable("music").itemCount == 2)
    }

    @Test(
        "bad statements get a ValidationException naming the token and its position",
        arguments: [
            ("SELEC * FROM music", "unexpected SELEC at position 1"),
            ("SELECT * FROM music WHERE artist = ", "unexpected end of statement at position 36"),
            ("SELECT * FROM music WHERE artist = 'Acme", "unterminated string starting at position 36"),
            ("SELECT * FROM music WHERE artist = 'a' AND", "unexpected end of statement"),
            ("INSERT INTO music VALUE {'artist': 'a', 'artist': 'b'}", "Duplicate key 'artist'"),
            ("SELECT * FROM music WHERE artist = ?", "Number of parameters"),
            ("SELECT * FROM music WHERE artist = 'a' ORDER BY year", "ORDER BY"),
            ("SELECT * FROM music WHERE nope(artist)", "Unsupported function nope"),
            ("SELECT * FROM music WHERE artist = 'é' ☃", "unexpected character '☃' at position 40"),
            ("SELECT * FROM \"music\".\"nope\" WHERE label = 'x'", "does not have the specified index: nope"),
            ("UPDATE music SET pk = 1 WHERE artist = 'a'", "mandatory equality on all key attributes"),
            ("INSERT INTO music VALUE {'artist': 'a', 'song': 'b', 's': <<1, 'x'>>}", "all of one type"),
            (
                "SELECT * FROM music WHERE " + String(repeating: "(", count: 200) + "year = 1"
                    + String(repeating: ")", count: 200), "nested too deeply"
            ),
        ])
    func badStatements(statement: String, fragment: String) {
        do {
            _ = try run(statement)
            Issue.record("\(statement) ran")
        } catch {
            #expect(error.code == .validation, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("NextToken pages through every item exactly once, for a Query and for a Scan")
    func paging() throws {
        for statement in ["SELECT * FROM music WHERE artist = 'Acme'", "SELECT * FROM music"] {
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try send(ExecuteStatementInput(statement: statement, nextToken: token, limit: 1))
                seen += songs(page)
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 20
            let all = songs(try run(statement))
            #expect(seen.sorted() == all.sorted() && Set(seen).count == seen.count, "\(statement)")
        }
        #expect(throws: StoreError.validation("Invalid NextToken")) {
            try send(ExecuteStatementInput(statement: "SELECT * FROM music", nextToken: "bm90IGEgdG9rZW4="))
        }
    }

    @Test("random SELECTs return the items of the equivalent Query or Scan with expressions", arguments: 1...3)
    func differential(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let artists = ["Acme", "Zeta", "Ünïcode ☃"]
        for number in 0..<60 {
            var item: Item = [
                "artist": .s(artists[number % 3]), "song": .s(String(format: "s%03d", number)),
                "label": .s(["Blue", "Red"][Int.random(in: 0...1, using: &rng)]),
            ]
            if Bool.random(using: &rng) { item["year"] = .number(Int.random(in: 1990...2020, using: &rng)) }
            try store.putItem(PutItemInput(tableName: "music", item: item))
        }
        for _ in 0..<60 {
            let artist = artists.randomElement(using: &rng) ?? "Acme"
            let year = Int.random(in: 1990...2020, using: &rng)
            let song = String(format: "s%03d", Int.random(in: 0..<60, using: &rng))
            let comparator = ["<", "<=", ">", ">=", "="].randomElement(using: &rng) ?? "<"
            var partiql: [String] = []
            var expression: [String] = []
            var keyed = false
            if Bool.random(using: &rng) {
                partiql.append("artist = ?")
                keyed = true
            }
            let sortBound = keyed && Bool.random(using: &rng)
            if sortBound { partiql.append("song \(comparator) '\(song)'") }
            let filter = Int.random(in: 0..<4, using: &rng)
            switch filter {
            case 0: break
            case 1:
                partiql.append("year \(comparator) \(year)")
                expression.append("#y \(comparator) :y")
            case 2:
                partiql.append("(year IS MISSING OR label = 'Blue')")
                expression.append("(attribute_not_exists(#y) OR #l = :blue)")
            default:
                partiql.append("NOT (year BETWEEN \(year) AND \(year + 5))")
                expression.append("NOT (#y BETWEEN :y AND :y5)")
            }
            let statement =
                "SELECT * FROM music" + (partiql.isEmpty ? "" : " WHERE " + partiql.joined(separator: " AND "))
            let found = try everyPage(statement, parameters: keyed ? [.s(artist)] : nil)

            var names: [String: String] = [:]
            var values: [String: AttributeValue] = [:]
            if filter == 1 || filter == 3 || filter == 2 { names["#y"] = "year" }
            if filter == 2 {
                names["#l"] = "label"
                values[":blue"] = .s("Blue")
            }
            if filter == 1 || filter == 3 { values[":y"] = .number(year) }
            if filter == 3 { values[":y5"] = .number(year + 5) }
            var expected: [Item] = []
            if keyed {
                names["#a"] = "artist"
                values[":a"] = .s(artist)
                var key = "#a = :a"
                if sortBound {
                    names["#s"] = "song"
                    values[":s"] = .s(song)
                    key += " AND #s \(comparator) :s"
                }
                var start: Item?
                repeat {
                    let page = try store.query(
                        QueryInput(
                            tableName: "music", keyConditionExpression: key,
                            filterExpression: expression.isEmpty ? nil : expression.joined(separator: " AND "),
                            expressionAttributeNames: names, expressionAttributeValues: values, exclusiveStartKey: start
                        ))
                    expected += page.items
                    start = page.lastEvaluatedKey
                } while start != nil
            } else {
                var start: Item?
                repeat {
                    let page = try store.scan(
                        ScanInput(
                            tableName: "music",
                            filterExpression: expression.isEmpty ? nil : expression.joined(separator: " AND "),
                            expressionAttributeNames: names.isEmpty ? nil : names,
                            expressionAttributeValues: values.isEmpty ? nil : values, exclusiveStartKey: start))
                    expected += page.items
                    start = page.lastEvaluatedKey
                } while start != nil
            }
            #expect(Set(found) == Set(expected), "\(statement)")
            #expect(found.count == expected.count, "\(statement)")
        }
    }

    func everyPage(_ statement: String, parameters: [AttributeValue]?) throws -> [Item] {
        var items: [Item] = []
        var token: String?
        repeat {
            let page = try send(
                ExecuteStatementInput(statement: statement, parameters: parameters, nextToken: token, limit: 7))
            items += page.items
            token = page.nextToken
        } while token != nil
        return items
    }

    @Test("a batch runs every statement on its own and reports each failure in its place")
    func batch() throws {
        let writes = try send(
            BatchExecuteStatementInput(statements: [
                BatchStatementRequest(statement: "INSERT INTO music VALUE {'artist': 'New', 'song': 'x'}"),
                BatchStatementRequest(statement: "INSERT INTO music VALUE {'artist': 'Acme', 'song': 'a-one'}"),
                BatchStatementRequest(statement: "UPDATE music SET year = 1 WHERE artist = 'Acme' AND song = 'b-two'"),
                BatchStatementRequest(statement: "DELETE FROM nope WHERE artist = 'a' AND song = 'b'"),
            ]))
        #expect(writes.responses.map(\.error?.code) == [nil, "DuplicateItem", nil, "ResourceNotFound"])
        let reads = try send(
            BatchExecuteStatementInput(statements: [
                BatchStatementRequest(statement: "SELECT year FROM music WHERE artist = 'Acme' AND song = 'b-two'"),
                BatchStatementRequest(statement: "SELECT * FROM music WHERE artist = 'Gone' AND song = 'x'"),
                BatchStatementRequest(statement: "SELECT * FROM music WHERE artist = 'Acme'"),
            ]))
        #expect(reads.responses[0].item == ["year": .number(1)])
        #expect(reads.responses[1].item == nil && reads.responses[1].error == nil)
        #expect(reads.responses[2].error?.code == "ValidationError")
        let mixed = try send(
            BatchExecuteStatementInput(statements: [
                BatchStatementRequest(statement: "SELECT * FROM music WHERE artist = 'Acme' AND song = 'b-two'"),
                BatchStatementRequest(statement: "DELETE FROM music WHERE artist = 'Acme' AND song = 'b-two'"),
            ]))
        #expect(mixed.responses[1].error?.code == "ValidationError")
        #expect(throws: StoreError.self) {
            try send(
                BatchExecuteStatementInput(
                    statements: Array(repeating: BatchStatementRequest(statement: "SELECT * FROM music"), count: 26)))
        }
    }

    @Test("a transaction writes everything or nothing, names a duplicate insert, and reads as of one moment")
    func transaction() throws {
        let statements = [
            ParameterizedStatement(statement: "INSERT INTO music VALUE {'artist': 'New', 'song': 'x'}"),
            ParameterizedStatement(statement: "UPDATE music SET year = 3 WHERE artist = 'Zeta' AND song = 'a-one'"),
            ParameterizedStatement(statement: "INSERT INTO music VALUE {'artist': 'Acme', 'song': 'a-one'}"),
        ]
        do {
            _ = try send(ExecuteTransactionInput(transactStatements: statements))
            Issue.record("the transaction committed")
        } catch {
            #expect(error.code == .transactionCanceled)
            #expect(error.cancellationReasons?.map(\.code) == ["None", "None", "DuplicateItem"])
        }
        #expect(try store.describeTable("music").itemCount == 4)
        let committed =
            Array(statements.prefix(2)) + [
                ParameterizedStatement(
                    statement: "EXISTS(SELECT * FROM music WHERE artist = 'Acme' AND song = 'a-one' AND year = 2001)")
            ]
        _ = try send(ExecuteTransactionInput(transactStatements: committed, clientRequestToken: "once"))
        // The same token and statements again is the same transaction, not a second one.
        _ = try send(ExecuteTransactionInput(transactStatements: committed, clientRequestToken: "once"))
        let read = try send(
            ExecuteTransactionInput(transactStatements: [
                ParameterizedStatement(
                    statement: "SELECT year FROM music WHERE artist = ? AND song = ?",
                    parameters: [
                        .s("Zeta"), .s("a-one"),
                    ]),
                ParameterizedStatement(statement: "SELECT * FROM music WHERE artist = 'New' AND song = 'none'"),
            ]))
        #expect(read.responses == [["year": .number(3)], nil])
        #expect(throws: StoreError.self) {
            try send(
                ExecuteTransactionInput(transactStatements: [
                    ParameterizedStatement(statement: "SELECT * FROM music WHERE artist = 'New' AND song = 'x'"),
                    ParameterizedStatement(statement: "DELETE FROM music WHERE artist = 'New' AND song = 'x'"),
                ]))
        }
    }

    @Test(
        "an editor's view of how a SELECT runs agrees with the planner",
        arguments: [
            ("SELECT * FROM music WHERE artist = 'a' AND song = 'b'", "GetItem"),
            ("SELECT * FROM music WHERE artist = 'a'", "Query"),
            ("SELECT * FROM music WHERE artist = 'a' AND song > 'b' AND year = 1", "Query"),
            ("SELECT * FROM music WHERE artist = 'a' AND song IN ['b', 'c']", "Scan"),
            ("SELECT * FROM music WHERE year = 1", "Scan"),
            ("SELECT * FROM music", "Scan"),
            ("SELECT * FROM \"music\".\"byLabel\" WHERE label = 'Blue'", "Query"),
        ])
    func plannedAs(statement: String, expected: String) throws {
        let key = PartiQLCheck.Key(partition: "artist", sort: "song")
        let indexes = ["byLabel": PartiQLCheck.Key(partition: "label", sort: nil)]
        #expect(PartiQLCheck.plannedAs(statement, table: key, indexes: indexes) == expected)
        let plan = try store.partiQLPlan(statement, parameters: nil)
        let actual: String =
            switch plan {
            case .get: "GetItem"
            case .query: "Query"
            default: "Scan"
            }
        #expect(actual == expected, "the planner ran \(statement) as \(actual)")
    }

    @Test("a statement is parsed once however often it runs")
    func cached() throws {
        let statement =
            "SELECT * FROM music WHERE artist = ? AND song = 'cache-probe-\(UInt64.random(in: 0...UInt64.max))'"
        _ = try run(statement, [.s("Acme")])
        let parsed = try ExpressionCache.shared.statement(statement)
        _ = try run(statement, [.s("Zeta")])
        #expect(try ExpressionCache.shared.statement(statement) === parsed, "the same parse, not a new one")
    }
}
