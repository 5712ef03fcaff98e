import TestSupport
import Testing

@testable import PartitionStore

@Suite("Exact decimal numbers")
struct DecimalNumberTests {
    @Test(
        "normalises as DynamoDB does",
        arguments: [
            ("1", "1"), ("1.0", "1"), ("001.500", "1.5"), ("-0", "0"), ("-0.000", "0"), ("+7", "7"),
            (".5", "0.5"), ("5.", "5"), ("1e3", "1000"), ("1.5E-3", "0.0015"), ("-12.340e1", "-123.4"),
            ("0.000001", "0.000001"),
            ("123456789012345678901234567890.12345678", "123456789012345678901234567890.12345678"),
            ("1E-130", "0." + String(repeating: "0", count: 129) + "1"),
        ])
    func normalisation(input: String, expected: String) throws {
        #expect(try DecimalNumber(input).description == expected)
    }

    @Test(
        "rejects malformed text with ValidationException",
        arguments: [
            "", "abc", "1.2.3", "--1", "1e", "e5", ".", "1 ", " 1", "0x10", "1e+", "NaN", "Infinity", "1,5",
        ])
    func malformed(input: String) {
        #expect(throws: StoreError.self) { try DecimalNumber(input) }
        do {
            _ = try DecimalNumber(input)
        } catch {
            #expect(error.code == .validation)
            #expect(error.message.contains("cannot be converted to a numeric value"))
        }
    }

    @Test("enforces DynamoDB's range and precision")
    func limits() throws {
        #expect(try DecimalNumber("9.9999999999999999999999999999999999999E+125").exponent == 126)
        #expect(try DecimalNumber("-1E-130").isNegative)
        #expect(
            throws: StoreError.validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range")
        ) {
            try DecimalNumber("1E+126")
        }
        #expect(
            throws: StoreError.validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range")
        ) {
            try DecimalNumber("-1E-131")
        }
        #expect(throws: StoreError.validation("Attempting to store more than 38 significant digits in a Number")) {
            try DecimalNumber("1234567890123456789012345678901234567891")
        }
        // Trailing zeros are not significant, so 39 written digits may still fit.
        #expect(try DecimalNumber("12345678901234567890123456789012345678000").digits.count == 38)
    }

    @Test("equal values are equal and hash alike")
    func equality() throws {
        #expect(try DecimalNumber("1") == DecimalNumber("1.00"))
        #expect(try DecimalNumber("100") == DecimalNumber("1E2"))
        #expect(try Set([DecimalNumber("1"), DecimalNumber("1.0"), DecimalNumber("10E-1")]).count == 1)
        #expect(DecimalNumber(-42).description == "-42")
        #expect(DecimalNumber(0) == .zero)
        #expect(DecimalNumber(1_000).int64Value == 1_000)
        #expect(try DecimalNumber("1.5").int64Value == nil)
    }

    @Test("adds and subtracts exactly, refusing results that need rounding")
    func arithmetic() throws {
        func sum(_ a: String, _ b: String) throws -> String {
            try DecimalNumber(a).adding(DecimalNumber(b)).description
        }
        #expect(try sum("0.1", "0.2") == "0.3")
        #expect(try sum("1", "-1") == "0")
        #expect(try sum("-5", "3") == "-2")
        #expect(try sum("99999999999999999999999999999999999999", "-1") == "99999999999999999999999999999999999998")
        #expect(try sum("1E+20", "1E-5") == "100000000000000000000.00001")
        #expect(try DecimalNumber("10").subtracting(DecimalNumber("0.001")).description == "9.999")
        #expect(throws: StoreError.self) { try sum("99999999999999999999999999999999999999", "1E-10") }
        #expect(throws: StoreError.self) { try sum("9.9999999999999999999999999999999999999E+125", "9E+125") }
    }

    @Test("ordered bytes sort numerically and decode back", arguments: [1, 2, 3, 4])
    func orderProperty(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let a = Random.number(&rng)
            let b = Bool.random(using: &rng) ? Random.number(&rng) : a.negated
            let byBytes = a.orderedBytes.lexicographicallyPrecedes(b.orderedBytes)
            #expect(byBytes == (a < b), "seed \(seed): \(a) vs \(b)")
            #expect(a.orderedBytes == b.orderedBytes ? a == b : a != b)
            #expect(DecimalNumber(orderedBytes: a.orderedBytes) == a)
        }
    }

    @Test("decoding rejects bytes that are not an encoded number")
    func badOrderedBytes() {
        #expect(DecimalNumber(orderedBytes: [UInt8]()) == nil)
        #expect(DecimalNumber(orderedBytes: [0x09]) == nil)
        #expect(DecimalNumber(orderedBytes: [0x02, 0x01]) == nil)
        #expect(DecimalNumber(orderedBytes: [0x03, 0x80, 0x00]) == nil)
        #expect(DecimalNumber(orderedBytes: [0x01, 0x7F, 0xF0]) == nil)  // negative without terminator
    }
}
