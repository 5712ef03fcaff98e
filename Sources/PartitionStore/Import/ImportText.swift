import Foundation

/// Why one record of an import could not be read: the import counts it and carries on.
struct ImportLineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A cursor over the bytes of one record, shared by the DynamoDB JSON and Ion readers: both are
/// text with quoted strings, braces and brackets.
struct TextCursor {
    let bytes: [UInt8]
    var position = 0
    var depth = 0
    static let maxDepth = 64

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    func failure(_ reason: String) -> ImportLineError {
        ImportLineError("\(reason) at column \(position + 1)")
    }

    mutating func expect(_ byte: UInt8) throws(ImportLineError) {
        skipWhitespace()
        guard current == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    mutating func takeWord(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            return false
        }
        let after = position + utf8.count
        if after < bytes.count, Self.isNameByte(bytes[after]) { return false }
        position = after
        return true
    }

    /// A string between `quote`s (double for JSON and Ion strings, single for Ion's quoted
    /// symbols) with JSON's escapes, which Ion's strings share.
    mutating func string(quote: UInt8 = UInt8(ascii: "\"")) throws(ImportLineError) -> String {
        try expect(quote)
        // Most strings hold no escape: made straight from the bytes between the quotes.
        var end = position
        while end < bytes.count, bytes[end] != quote, bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
            end += 1
        }
        if end < bytes.count, bytes[end] == quote {
            guard let text = String(validating: bytes[position..<end], as: UTF8.self) else {
                throw failure("invalid UTF-8 in a string")
            }
            position = end + 1
            return text
        }
        var out: [UInt8] = []
        while let byte = current {
            position += 1
            switch byte {
            case quote:
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw failure("invalid UTF-8 in a string")
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escaped = current else { break }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard take(UInt8(ascii: "\\")), current == UInt8(ascii: "u") else {
                            throw failure("a lone surrogate in a string")
                        }
                        position += 1
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("a lone surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
                    out += Array(String(Character(unicode)).utf8)
                default: throw failure("an invalid escape \\\(Character(Unicode.Scalar(escaped)))")
                }
            case ..<0x20: throw failure("a control character in a string")
            default: out.append(byte)
            }
        }
        throw failure("a string that does not end")
    }

    private mutating func hex4() throws(ImportLineError) -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw failure("an invalid \\u escape") }
        position += 4
        return value
    }

    /// Letters, digits, `_` and `$`: Ion's identifier bytes, and what may not follow a keyword.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    mutating func enter() throws(ImportLineError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
    }
}

/// Reads DYNAMODB_JSON records, `{"Item": {…}}` on one line each, as exports write them.
enum DynamoJSONRecord {
    static func item(_ line: [UInt8]) throws(ImportLineError) -> Item {
        var cursor = TextCursor(line)
        try cursor.expect(UInt8(ascii: "{"))
        let key = try cursor.string()
        guard key == "Item" else { throw ImportLineError("expected the member \"Item\", found \"\(key)\"") }
        try cursor.expect(UInt8(ascii: ":"))
        let item = try map(&cursor)
        try cursor.expect(UInt8(ascii: "}"))
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.failure("unexpected text after the record") }
        return item
    }

    static func map(_ cursor: inout TextCursor) throws(ImportLineError) -> Item {
        try cursor.enter()
        defer { cursor.depth -= 1 }
        try cursor.expect(UInt8(ascii: "{"))
        var item: Item = [:]
        if cursor.take(UInt8(ascii: "}")) { return item }
        repeat {
            let name = try cursor.string()
            try cursor.expect(UInt8(ascii: ":"))
            item[name] = try value(&cursor)
        } while cursor.take(UInt8(ascii: ","))
        try cursor.expect(UInt8(ascii: "}"))
        return item
    }

    /// One attribute value: `{"TYPE": …}`.
    static func value(_ cursor: inout TextCursor) throws(ImportLineError) -> AttributeValue {
        try cursor.enter()
        defer { cursor.depth -= 1 }
        try cursor.expect(UInt8(ascii: "{"))
        let type = try cursor.string()
        try cursor.expect(UInt8(ascii: ":"))
        let value: AttributeValue
        switch type {
        case "S": value = .s(try cursor.string())
        case "N": value = .n(try number(cursor.string(), cursor))
        case "B": value = .b(try binary(cursor.string(), cursor))
        case "BOOL": value = .bool(try boolean(&cursor))
        case "NULL":
            guard try boolean(&cursor) else { throw cursor.failure("NULL must be true") }
            value = .null
        case "SS": value = .ss(try strings(&cursor))
        case "NS": value = .ns(try strings(&cursor).map { (text) throws(ImportLineError) in try number(text, cursor) })
        case "BS": value = .bs(try strings(&cursor).map { (text) throws(ImportLineError) in try binary(text, cursor) })
        case "M": value = .m(try map(&cursor))
        case "L":
            try cursor.expect(UInt8(ascii: "["))
            var list: [AttributeValue] = []
            if !cursor.take(UInt8(ascii: "]")) {
                repeat { list.append(try self.value(&cursor)) } while cursor.take(UInt8(ascii: ","))
                try cursor.expect(UInt8(ascii: "]"))
            }
            value = .l(list)
        default: throw cursor.failure("unknown attribute type \"\(type)\"")
        }
        try cursor.expect(UInt8(ascii: "}"))
        return value
    }

    private static func strings(_ cursor: inout TextCursor) throws(ImportLineError) -> [String] {
        try cursor.expect(UInt8(ascii: "["))
        var texts: [String] = []
        if cursor.take(UInt8(ascii: "]")) { return texts }
        repeat { texts.append(try cursor.string()) } while cursor.take(UInt8(ascii: ","))
        try cursor.expect(UInt8(ascii: "]"))
        return texts
    }

    private static func boolean(_ cursor: inout TextCursor) throws(ImportLineError) -> Bool {
        cursor.skipWhitespace()
        if cursor.takeWord("true") { return true }
        if cursor.takeWord("false") { return false }
        throw cursor.failure("expected true or false")
    }

    static func number(_ text: String, _ cursor: TextCursor) throws(ImportLineError) -> DecimalNumber {
        do { return try DecimalNumber(text) } catch { throw cursor.failure("\"\(text)\" is not a number") }
    }

    static func binary(_ text: String, _ cursor: TextCursor) throws(ImportLineError) -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw cursor.failure("binary that is not base64") }
        return Array(data)
    }
}
