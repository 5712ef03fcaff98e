import Foundation
import TestSupport
import Testing

@testable import PartitionStore

@Suite("Stored items read in place")
struct StoredItemTests {
    @Test("looking up one attribute agrees with decoding the whole item", arguments: [21, 22, 23])
    func lookupProperty(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            var item: Item = [:]
            for index in 0..<Int.random(in: 0...8, using: &rng) { item["attr\(index)"] = Random.value(&rng) }
            let stored = StoredItem(item)
            #expect(try stored.item() == item)
            for (name, value) in item { #expect(try stored.value(of: name) == value) }
            #expect(try stored.value(of: "absent") == nil)
            #expect(try stored.value(of: "attr") == nil)  // a prefix of a name is not the name
            let size = try stored.bytes.withUnsafeBytes { raw in try ItemCodec.size(of: raw) }
            let recorded = try stored.bytes.withUnsafeBytes { raw in try ItemCodec.recordedSize(of: raw) }
            #expect(size == ItemSize.of(item) && recorded == size)
        }
    }

    @Test(
        "DynamoDB JSON written from the stored form is the item's, as the export writer writes it from the decoded item",
        arguments: [31, 32, 33])
    func dynamoJSONFromStoredForm(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            var item: Item = [:]
            for index in 0..<Int.random(in: 0...8, using: &rng) {
                item["attr \(index) \"é\"\n東"] = Random.value(&rng)
            }
            let stored = StoredItem(item)
            var transcoded: [UInt8] = []
            try stored.writeDynamoJSON(into: &transcoded)
            // The reference: decode, then write. Maps keep no order, so the two compare as JSON.
            var written: [UInt8] = []
            DynamoJSONText.write(try stored.item(), into: &written)
            #expect(transcoded.count == written.count)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(transcoded)) as? [String: Any], "not JSON")
            let reference = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any])
            #expect(NSDictionary(dictionary: object).isEqual(to: reference))
        }
    }

    @Test("corrupt bytes are a typed error when read in place")
    func corrupt() {
        var rng = SeededGenerator(seed: 5)
        let good = StoredItem([
            "id": .s("x"), "n": .n(DecimalNumber(-12)), "m": .m(["a": .l([.ns([DecimalNumber(1)])])]),
        ]).bytes
        for _ in 0..<2_000 {
            var bytes = good
            bytes[Int.random(in: 1..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng))) }
            let stored = StoredItem(bytes: bytes)
            _ = try? stored.value(of: "m")
            _ = try? bytes.withUnsafeBytes { raw in try ItemCodec.size(of: raw) }
        }
        #expect(throws: StoreError.self) { try StoredItem(bytes: [7, 1]).value(of: "id") }
        // Written as JSON, a corrupt item is an error too, never part of an answer.
        for cut in 0..<good.count {
            var text: [UInt8] = []
            #expect(throws: StoreError.self) {
                try StoredItem(bytes: Array(good.prefix(cut))).writeDynamoJSON(into: &text)
            }
        }
        // A recorded size that disagrees with the contents is corruption too.
        var wrongSize = StoredItem(["id": .s("x")]).bytes
        wrongSize[1] &+= 1
        #expect(throws: StoreError.self) { try StoredItem(bytes: wrongSize).item() }
    }

    @Test("queryStored and scanStored return the same pages as query and scan")
    func storedPagesMatch() throws {
        let temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "pages", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .n)]))
        for index in 0..<40 {
            try temp.store.putItem(
                PutItemInput(
                    tableName: "pages",
                    item: [
                        "pk": .s("p\(index % 2)"), "sk": .number(index), "v": .s("value \(index)"),
                        "tags": .ss(["a\(index)"]),
                    ]))
        }
        let query = QueryInput(
            tableName: "pages", keyConditions: ["pk": Condition(.eq, [.s("p1")])], scanIndexForward: false, limit: 7)
        let stored = try temp.store.queryStored(query)
        let decoded = try temp.store.query(query)
        #expect(try stored.materialized() == decoded)
        #expect(try stored.items.map { try $0.value(of: "sk") } == decoded.items.map { $0["sk"] })
        let scan = ScanInput(tableName: "pages", limit: 9, attributesToGet: ["v"])
        #expect(try temp.store.scanStored(scan).materialized() == temp.store.scan(scan))
        #expect(try temp.store.scan(scan).items.allSatisfy { Set($0.keys) == ["v"] })
    }
}
