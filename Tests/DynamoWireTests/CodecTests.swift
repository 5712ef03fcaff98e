import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import DynamoWire

@Suite("DynamoDB JSON and request decoding")
struct CodecTests {
    static func randomValue(_ rng: inout SeededGenerator, depth: Int = 0) -> AttributeValue {
        switch Int.random(in: 0..<(depth > 3 ? 7 : 10), using: &rng) {
        case 0: return .s(RandomJSON.string(&rng))
        case 1: return .n((try? DecimalNumber(RandomJSON.number(&rng))) ?? DecimalNumber(0))
        case 2: return .b((0..<Int.random(in: 0...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .null
        case 5: return .ss(["a", "b", RandomJSON.string(&rng) + "!"])
        case 6: return .ns([DecimalNumber(1), DecimalNumber(Int.random(in: 2...99, using: &rng))])
        case 7: return .l((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        case 8: return .bs([[0], [1, 2]])
        default:
            var map: [String: AttributeValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                map[RandomJSON.string(&rng)] = randomValue(&rng, depth: depth + 1)
            }
            return .m(map)
        }
    }

    @Test("Items survive encoding to DynamoDB JSON, writing, parsing and decoding (500 random items)")
    func itemRoundTrip() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            var item: Item = [:]
            for index in 0..<Int.random(in: 1...6, using: &rng) { item["a\(index)"] = Self.randomValue(&rng) }
            let bytes = JSONWriter.encode(AttributeJSON.encode(item))
            let decoded = try AttributeJSON.decodeItem(JSONParser.parse(bytes))
            #expect(decoded == item)
        }
    }

    @Test("A page answered from the stored form reads back as the items the decoded page holds (300 random items)")
    func storedPageAnswer() throws {
        var rng = SeededGenerator(seed: 43)
        for _ in 0..<300 {
            var item: Item = ["pk": .s("ü-\(RandomJSON.string(&rng))")]
            for index in 0..<Int.random(in: 0...6, using: &rng) { item["a\(index)"] = Self.randomValue(&rng) }
            var text: [UInt8] = []
            try StoredItem(item).writeDynamoJSON(into: &text)
            let answer = JSONWriter.encode(.object(["Items": .array([.encoded(text)])]))
            let parsed = try JSONParser.parse(answer)
            guard case .array(let items)? = parsed["Items"], let first = items.first else {
                Issue.record("no Items in \(String(decoding: answer, as: UTF8.self))")
                return
            }
            #expect(try AttributeJSON.decodeItem(first) == item)
            #expect(JSONValue.encoded(text) == AttributeJSON.encode(item), "reads as the structure it spells")
        }
    }

    @Test("GetItem, Query and Scan answered from the stored form equal their decoded answers")
    func storedAnswersEqualDecoded() throws {
        let folder = try ProcessScratch.folder("stored-answers")
        let store = try PartitionStore(
            path: folder.appendingPathComponent("s.db").path, configuration: StoreConfiguration(durability: .normal))
        try store.createTable(
            CreateTableInput(
                tableName: "things", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .s)]))
        var rng = SeededGenerator(seed: 44)
        for index in 0..<60 {
            var item: Item = ["pk": .s("p\(index % 3)"), "sk": .s("é\(index)")]
            for attribute in 0..<Int.random(in: 0...5, using: &rng) { item["a\(attribute)"] = Self.randomValue(&rng) }
            try store.putItem(PutItemInput(tableName: "things", item: item))
        }
        func same<Operation: WireCodable>(_ operation: Operation) throws {
            let stored = try JSONParser.parse(JSONWriter.encode(operation.wireAnswer(blockingOn: store)))
            let decoded = try JSONParser.parse(
                JSONWriter.encode(operation.wireResponse(operation.run(blockingOn: store))))
            #expect(stored == decoded, "\(Operation.name.rawValue)")
        }
        for index in [0, 7, 59, 60] {
            for capacity in [ReturnConsumedCapacity.none, .total] {
                try same(
                    GetItemInput(
                        tableName: "things", key: ["pk": .s("p\(index % 3)"), "sk": .s("é\(index)")],
                        returnConsumedCapacity: capacity))
            }
        }
        try same(
            GetItemInput(tableName: "things", key: ["pk": .s("p1"), "sk": .s("é1")], projectionExpression: "a0, sk"))
        try same(
            QueryInput(
                tableName: "things", keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": .s("p2")],
                limit: 7, returnConsumedCapacity: .total))
        try same(ScanInput(tableName: "things", projectionExpression: "pk, a1", limit: 11))
        try same(ScanInput(tableName: "things", select: .count))
    }

    @Test("Attribute values with no type, two types or a wrong payload are refused")
    func badValues() throws {
        func error(_ json: String) -> WireError? {
            do {
                _ = try AttributeJSON.decode(JSONParser.parse(json))
                return nil
            } catch let error as WireError {
                return error
            } catch {
                return WireError("Unexpected", "\(error)")
            }
        }
        #expect(error(#"{}"#)?.message.contains("is empty") == true)
        #expect(error(#"{"S": "a", "N": "1"}"#)?.message.contains("more than one") == true)
        #expect(error(#"{"S": 1}"#)?.type == "SerializationException")
        #expect(error(#"{"N": "1e400"}"#)?.type == "ValidationException")
        #expect(error(#"{"NULL": false}"#)?.type == "ValidationException")
        #expect(error(#"{"B": "***"}"#)?.type == "SerializationException")
        #expect(error(#"{"SS": "a"}"#)?.type == "SerializationException")
        #expect(error(#""text""#)?.type == "SerializationException")
        #expect(error(#"{"BOOL": true}"#) == nil)
    }

    @Test("Members are read with DynamoDB's errors: type, presence and enumerations")
    func members() throws {
        let request = try WireObject(
            JSONParser.parse(#"{"TableName": 5, "Limit": 2.5, "ReturnValues": "SOME", "Items": {"x": {"S": "y"}}}"#))
        #expect(throws: WireError.serialization("Expected a string for 'TableName' but found a number")) {
            try request.string("TableName")
        }
        #expect(throws: WireError.self) { try request.int("Limit") }
        #expect(
            throws: WireError.constraint(
                "SOME", at: "returnValues",
                "Member must satisfy enum value set: [NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW]")
        ) {
            try request.enumeration("ReturnValues", ReturnValue.self)
        }
        #expect(throws: WireError.missing("key")) { try request.requiredItem("Key") }
        #expect(try request.item("Items") == ["x": .s("y")])
    }

    @Test("Store errors keep their DynamoDB names; lock waits become throttling, faults 500")
    func storeErrors() {
        #expect(
            WireError(StoreError(.conditionalCheckFailed, "The conditional request failed", item: ["pk": .s("a")])).body
                == .object([
                    "__type": .string("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"),
                    "message": .string("The conditional request failed"),
                    "Item": .object(["pk": .object(["S": .string("a")])]),
                ]))
        #expect(WireError(StoreError(.storeBusy, "busy")).type == "ThrottlingException")
        #expect(WireError(StoreError(.internalFailure, "disk")).status == 500)
        #expect(WireError(StoreError(.validation, "bad")).status == 400)
    }

    @Test("Targets name operations under their own service prefix only")
    func targets() {
        #expect(WireOperation(target: "DynamoDB_20120810.PutItem") == .putItem)
        #expect(WireOperation(target: "DynamoDBStreams_20120810.GetRecords") == .getRecords)
        #expect(WireOperation(target: "DynamoDB_20120810.GetRecords") == nil)
        #expect(WireOperation(target: "DynamoDBStreams_20120810.PutItem") == nil)
        #expect(WireOperation(target: "PutItem") == nil)
        for operation in WireOperations.served.values { #expect(WireOperation(target: operation.target) == operation) }
    }
}
