import Foundation
import TestSupport
import Testing

@testable import PartitionStore

/// Imports (DynamoDB API Reference: ImportTable; Developer Guide, "DynamoDB data import from
/// Amazon S3: formats and quotas"): DYNAMODB_JSON, ION and CSV, gzip, zstd or none, bad records
/// counted and kept, never aborting the import.
@Suite("Imports")
struct ImportTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "ledger", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .n), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ]))
    }

    var ledgerShape: TableCreationParameters {
        TableCreationParameters(
            tableName: "copy", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [
                AttributeDefinition("pk", .s), AttributeDefinition("sk", .n), AttributeDefinition("g", .s),
            ],
            globalSecondaryIndexes: [
                SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
            ])
    }

    static func text(_ rng: inout SeededGenerator) -> String {
        let pieces = [
            "a", "Z", "é", "ß", "日本", "🙂", "\"", "\\", "\n", "\t", "\u{1}", "'", "::", "{{", "}", " ", "$ion_1_0",
        ]
        return (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    static func number(_ rng: inout SeededGenerator) -> DecimalNumber {
        let texts = ["0", "-1", "12", "0.5", "-0.000001", "123456789012345678901234567890123456", "1E+125", "9.9E-130"]
        return (try? DecimalNumber(texts.randomElement(using: &rng)!)) ?? DecimalNumber(7)
    }

    static func value(_ rng: inout SeededGenerator, depth: Int = 0) -> AttributeValue {
        switch Int.random(in: 0..<(depth > 2 ? 8 : 10), using: &rng) {
        case 0: return .s(text(&rng))
        case 1: return .n(number(&rng))
        case 2: return .b((0..<Int.random(in: 0...6, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .null
        case 5: return .ss(["x", text(&rng) + "!"])
        case 6: return .ns([DecimalNumber(1), number(&rng)].reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        case 7: return .bs([[0], [1, 2, 255]])
        case 8: return .l((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var map: Item = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) { map[text(&rng) + "k"] = value(&rng, depth: depth + 1) }
            return .m(map)
        }
    }

    func everything(_ table: String, index: String? = nil) throws -> Set<Item> {
        var items: Set<Item> = []
        var start: Item?
        repeat {
            let page = try store.scan(ScanInput(tableName: table, indexName: index, exclusiveStartKey: start))
            items.formUnion(page.items)
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    @Test(
        "export then import gives an equal table, indexes included, in DYNAMODB_JSON and in ION",
        arguments: [ExportSpecification.Format.dynamodbJSON, .ion], 1...2)
    func roundTrip(format: ExportSpecification.Format, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for number in 0..<300 {
            var item: Item = ["pk": .s("TENANT#\(Self.text(&rng))"), "sk": .number(number)]
            if Bool.random(using: &rng) { item["g"] = .s("G\(number % 4)") }
            for index in 0..<Int.random(in: 0...5, using: &rng) {
                item["a\(index)\(Self.text(&rng))"] = Self.value(&rng)
            }
            try store.putItem(PutItemInput(tableName: "ledger", item: item))
        }
        let exported = try store.exportTable(
            "ledger", to: temp.folder.appendingPathComponent("lake").path,
            specification: ExportSpecification(format: format))
        let result = try store.importTable(
            files: exported.dataFiles,
            source: ImportSource(format: format == .ion ? .ion : .dynamodbJSON, compression: .gzip),
            creating: ledgerShape)
        #expect(result.errorCount == 0, "\(result.errors)")
        #expect(result.processedItemCount == 300 && result.importedItemCount == 300)
        #expect(try everything("copy") == everything("ledger"))
        #expect(try everything("copy", index: "byG") == everything("ledger", index: "byG"))
    }

    @Test("a bad record is counted with its file, line and reason; the good ones are imported")
    func badRecords() throws {
        let lines = [
            #"{"Item":{"pk":{"S":"a"},"sk":{"N":"1"},"note":{"S":"fine ✓"}}}"#,
            #"{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}"#,
            #"{"Item":{"pk":{"S":"c"},"sk":{"S":"not a number key"}}}"#,
            #"{"Item":{"sk":{"N":"4"}}}"#,
            #"{"Item":{"pk":{"S":"e"},"sk":{"N":"five"}}}"#,
            #"{"Thing":{"pk":{"S":"f"},"sk":{"N":"6"}}}"#,
            "",
            #"{"Item":{"pk":{"S":"g"},"sk":{"N":"7"},"g":{"N":"1"}}}"#,
            #"{"Item":{"pk":{"S":"h\u00e9"},"sk":{"N":"8"},"b":{"B":"AAEC"},"n":{"NULL":true}}}"#,
            String(repeating: "[", count: 10_000),
        ]
        let path = temp.folder.appendingPathComponent("records.json").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let result = try store.importTable(
            files: [path], source: ImportSource(format: .dynamodbJSON), creating: ledgerShape)
        #expect(result.processedItemCount == 9)
        #expect(result.importedItemCount == 2)
        #expect(result.errorCount == 7)
        #expect(result.errors.first?.hasPrefix("records.json:2: ") == true)
        #expect(result.errors.contains { $0.hasPrefix("records.json:3: ") && $0.contains("key") })
        #expect(result.errors.contains { $0.hasPrefix("records.json:6: ") && $0.contains("Item") })
        // The GSI key of the wrong type (g is a string key) is refused like any write would be.
        #expect(result.errors.contains { $0.hasPrefix("records.json:8: ") })
        #expect(
            try everything("copy") == [
                ["pk": .s("a"), "sk": .number(1), "note": .s("fine ✓")],
                ["pk": .s("hé"), "sk": .number(8), "b": .b([0, 1, 2]), "n": .null],
            ])
    }

    @Test("CSV: a header, quoted fields with delimiters, quotes and line breaks, typed keys, another delimiter")
    func csv() throws {
        let text =
            "pk,sk,note,g\r\n"
            + "a,1,\"one, two\",G1\r\n"
            + "b,2,\"she said \"\"hi\"\"\nand left\",\n"
            + "c,x,bad number key,\n"
            + "d,4,,\n"
            + "e,5,too,many,fields\n"
        let path = temp.folder.appendingPathComponent("items.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try store.importTable(files: [path], source: ImportSource(format: .csv), creating: ledgerShape)
        #expect(result.errorCount == 2, "\(result.errors)")
        #expect(
            try everything("copy") == [
                ["pk": .s("a"), "sk": .number(1), "note": .s("one, two"), "g": .s("G1")],
                ["pk": .s("b"), "sk": .number(2), "note": .s("she said \"hi\"\nand left")],
                ["pk": .s("d"), "sk": .number(4)],
            ])
        let semicolons = temp.folder.appendingPathComponent("items.txt").path
        try Data("x;3;ü\n".utf8).write(to: URL(fileURLWithPath: semicolons))
        var table = ledgerShape
        table.tableName = "semicolons"
        let other = try store.importTable(
            files: [semicolons],
            source: ImportSource(format: .csv, csvDelimiter: ";", csvHeaderList: ["pk", "sk", "note"]),
            creating: table)
        #expect(other.errorCount == 0)
        #expect(try everything("semicolons") == [["pk": .s("x"), "sk": .number(3), "note": .s("ü")]])
    }

    @Test("a file that is not what its compression says is one error; a table that exists is refused")
    func compressionAndConflicts() throws {
        let path = temp.folder.appendingPathComponent("plain.json").path
        try Data(#"{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}"#.utf8).write(to: URL(fileURLWithPath: path))
        for (name, compression) in [("gz", ImportCompression.gzip), ("zst", .zstd)] {
            var table = ledgerShape
            table.tableName = "from_\(name)"
            let result = try store.importTable(
                files: [path], source: ImportSource(format: .dynamodbJSON, compression: compression), creating: table)
            #expect(result.errorCount == 1 && result.importedItemCount == 0)
            #expect(result.errors.first?.contains("not") == true)
        }
        var existing = ledgerShape
        existing.tableName = "ledger"
        #expect(throws: StoreError.self) {
            try store.importTable(files: [path], source: ImportSource(format: .dynamodbJSON), creating: existing)
        }
    }

    @Test("Ion text as DynamoDB writes it: decimals, blobs, annotated sets, typed nulls, quoted names")
    func ion() throws {
        let line =
            #"$ion_1_0 {Item:{pk:"a",sk:12.,'odd name':"x",n:1.5d1,i:7,b:{{AAEC}},ss:$dynamodb_SS::["p","q"],ns:$dynamodb_NS::[1.,2.5],bs:$dynamodb_BS::[{{AA==}}],m:{"k":null.string},l:[true,false,null]}}"#
        let item = try IonRecord.item(Array(line.utf8))
        #expect(
            item == [
                "pk": .s("a"), "sk": .number(12), "odd name": .s("x"), "n": .number(15), "i": .number(7),
                "b": .b([0, 1, 2]), "ss": .ss(["p", "q"]), "ns": .ns([DecimalNumber(1), try DecimalNumber("2.5")]),
                "bs": .bs([[0]]), "m": .m(["k": .null]), "l": .l([.bool(true), .bool(false), .null]),
            ])
        // A quoted symbol with an escaped quote; many of them on one line cost one pass, not one per symbol.
        #expect(try IonRecord.item(Array(#"{Item:{'it\'s':"x"}}"#.utf8)) == ["it's": .s("x")])
        let many = (0..<20_000).map { "'f\($0)':\($0)" }.joined(separator: ",")
        let started = Date()
        #expect(try IonRecord.item(Array("{Item:{\(many)}}".utf8)).count == 20_000)
        #expect(Date().timeIntervalSince(started) < 5)
        for bad in ["{Item:{pk:\"a\"}", "{Other:{}}", "{Item:{pk:unknown}}", "{Item:{b:{{not base64!}}}}", "[1,2]"] {
            #expect(throws: ImportLineError.self) { try IonRecord.item(Array(bad.utf8)) }
        }
    }
}
