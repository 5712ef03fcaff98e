import TestSupport
import Testing

@testable import DynamoWire

enum RandomJSON {
    static let alphabet: [Character] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "世", "😀", "\u{7F}",
    ]

    static func string(_ rng: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
    }

    static func number(_ rng: inout SeededGenerator) -> String {
        let choices = ["0", "-0", "1", "-17", "3.25", "1e10", "-2.5E-3", "12345678901234567890123", "0.000001"]
        return choices.randomElement(using: &rng) ?? "0"
    }

    static func value(_ rng: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 4 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(number(&rng))
        case 3: return .string(string(&rng))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { members[string(&rng)] = value(&rng, depth: depth + 1) }
            return .object(members)
        }
    }
}

@Suite("JSON parser and writer")
struct JSONTests {
    @Test("Writing then parsing gives back the same document (1,000 random documents)")
    func roundTrip() throws {
        var rng = SeededGenerator(seed: 0x150_0001)
        for _ in 0..<1_000 {
            let document = RandomJSON.value(&rng)
            let bytes = JSONWriter.encode(document)
            #expect(try JSONParser.parse(bytes) == document)
        }
    }

    @Test("Escapes, surrogate pairs and whitespace")
    func escapes() throws {
        let parsed = try JSONParser.parse(#" { "a" : [ "\u00e9\ud83d\ude00\n\"\\\/" , true , null , -1.5e+3 ] } "#)
        #expect(parsed == .object(["a": .array([.string("é😀\n\"\\/"), .bool(true), .null, .number("-1.5e+3")])]))
    }

    @Test(
        "Malformed documents are refused with the byte offset",
        arguments: [
            ("", "unexpected end"), ("{", "member name"), ("{\"a\" 1}", "':'"), ("[1,]", "unexpected character"),
            ("[1 2]", "',' or ']'"), ("01", "after the document"), ("1.", "no digit after"), ("-", "invalid number"),
            ("1e", "exponent"), ("\"abc", "unterminated"), ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "unpaired surrogate"),
            ("\"\\udc00\"", "unpaired surrogate"), ("\"\\u12\"", "\\u escape"), ("tru", "unexpected end"),
            ("nul!", "unexpected character"),
            ("\"a\u{01}\"", "control character"), ("{} {}", "after the document"),
        ])
    func malformed(text: String, fragment: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.reason.contains(fragment) && error.offset >= 0
        }
    }

    @Test("Invalid UTF-8 in a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test("Nesting beyond the limit is refused without exhausting the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 200_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        let allowed =
            String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        _ = try JSONParser.parse(allowed)
    }

    @Test("CRC-32 matches the standard check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }
}
