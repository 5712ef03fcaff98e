import TestSupport
import Testing

@testable import PartitionStore

@Suite("Key and item encodings")
struct EncodingTests {
    /// DynamoDB's order for one key type: numbers numerically, strings and binaries by unsigned bytes.
    private func dynamoOrder(_ a: AttributeValue, _ b: AttributeValue) -> Bool {
        switch (a, b) {
        case (.n(let x), .n(let y)): x < y
        case (.s(let x), .s(let y)): Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        case (.b(let x), .b(let y)): x.lexicographicallyPrecedes(y)
        default: false
        }
    }

    @Test("key bytes sort as DynamoDB sorts and decode back", arguments: [ScalarAttributeType.s, .n, .b])
    func keyOrderProperty(type: ScalarAttributeType) {
        var rng = SeededGenerator(seed: 42 + UInt64(type.rawValue.utf8.first ?? 0))
        func make() -> AttributeValue {
            switch type {
            case .s: .s(Random.string(&rng))
            case .n: .n(Random.number(&rng))
            case .b: .b(Random.bytes(&rng))
            }
        }
        for _ in 0..<3_000 {
            let a = make()
            let b = make()
            let ea = KeyCodec.encode(a)
            let eb = KeyCodec.encode(b)
            #expect(ea.lexicographicallyPrecedes(eb) == dynamoOrder(a, b), "\(a) vs \(b)")
            #expect(KeyCodec.decode(ea, as: type) == a)
        }
    }

    @Test("prefix successor bounds begins_with ranges")
    func prefixSuccessor() {
        #expect(KeyCodec.prefixSuccessor([0x61]) == [0x62])
        #expect(KeyCodec.prefixSuccessor([0x61, 0xFF]) == [0x62])
        #expect(KeyCodec.prefixSuccessor([0xFF, 0xFF]) == nil)
    }

    @Test("items round-trip through the binary codec", arguments: [7, 8, 9])
    func itemRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            var item: Item = [:]
            for index in 0..<Int.random(in: 0...8, using: &rng) { item["a\(index)"] = Random.value(&rng) }
            let encoded = ItemCodec.encode(item)
            #expect(encoded.first == ItemCodec.formatVersion)
            #expect(try ItemCodec.decode(encoded) == item)
            let sized = try encoded.withUnsafeBytes { raw in try ItemCodec.decodeWithSize(raw) }
            #expect(sized.size == ItemSize.of(item), "the decoder's size agrees with ItemSize")
        }
    }

    @Test("corrupt stored bytes are a typed error, never a crash")
    func corruptItems() {
        var rng = SeededGenerator(seed: 99)
        let good = ItemCodec.encode([
            "id": .s("x"), "list": .l([.n(DecimalNumber(5)), .m(["a": .bool(true)])]), "ns": .ns([DecimalNumber(1)]),
        ])
        #expect(throws: StoreError.self) { try ItemCodec.decode([]) }
        #expect(throws: StoreError.self) { try ItemCodec.decode([9]) }
        for _ in 0..<3_000 {
            var bytes = good
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            case 1: bytes[Int.random(in: 1..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default: bytes += [UInt8.random(in: 0...255, using: &rng)]
            }
            _ = try? ItemCodec.decode(bytes)
        }
    }

    @Test("item size follows DynamoDB's rules")
    func itemSize() {
        #expect(ItemSize.of(["id": .s("abc")]) == 5)
        #expect(ItemSize.of(["n": .n(DecimalNumber(12345))]) == 1 + 4)
        #expect(ItemSize.of(["f": .bool(true), "z": .null]) == 4)
        #expect(ItemSize.of(["m": .m([:])]) == 4)
        #expect(ItemSize.of(["l": .l([.s("ab"), .null])]) == 1 + 3 + (2 + 1) + (1 + 1))
        #expect(ItemSize.of(["ss": .ss(["a", "bc"])]) == 2 + 3)
    }

    @Test("values are validated: sets non-empty without duplicates, nesting limited")
    func valueValidation() throws {
        #expect(throws: StoreError.self) { try AttributeValue.ss([]).validate() }
        #expect(throws: StoreError.self) { try AttributeValue.ss(["a", "a"]).validate() }
        // 1 and 1.0 are the same number.
        #expect(throws: StoreError.self) {
            try AttributeValue.ns([DecimalNumber("1"), DecimalNumber("1.0")]).validate()
        }
        #expect(throws: StoreError.self) { try AttributeValue.bs([[1], [1]]).validate() }
        var deep = AttributeValue.null
        for _ in 0..<31 { deep = .l([deep]) }
        try deep.validate()
        #expect(throws: StoreError.validation(AttributeValue.nestingMessage)) {
            try AttributeValue.m(["x": deep]).validate()
        }
        #expect(AttributeValue.ss(["a", "b"]).isEqual(to: .ss(["b", "a"])))
    }
}
