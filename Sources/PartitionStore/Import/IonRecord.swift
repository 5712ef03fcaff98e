import Foundation

/// Reads ION records, `{Item:{…}}`, as DynamoDB's ION exports write them (Amazon Ion text): the
/// subset those files use. A struct is a map, a list a list (or a set when annotated
/// `$dynamodb_SS`, `$dynamodb_NS` or `$dynamodb_BS`), a string a string, an int or decimal a
/// number, a blob binary, and `null` (typed or not) NULL.
enum IonRecord {
    /// The item of one line; the `$ion_1_0` version marker a file begins with is skipped.
    static func item(_ line: [UInt8]) throws(ImportLineError) -> Item {
        var cursor = TextCursor(line)
        cursor.skipWhitespace()
        if cursor.takeWord("$ion_1_0") { cursor.skipWhitespace() }
        guard case .m(let record) = try value(&cursor) else { throw cursor.failure("a record must be a struct") }
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.failure("unexpected text after the record") }
        guard record.count == 1, case .m(let item)? = record["Item"] else {
            throw ImportLineError("expected a struct with the one field Item")
        }
        return item
    }

    static func value(_ cursor: inout TextCursor) throws(ImportLineError) -> AttributeValue {
        try cursor.enter()
        defer { cursor.depth -= 1 }
        cursor.skipWhitespace()
        var annotation: String?
        // `name::` annotations; only the sets' mean anything here.
        while let name = try annotationAhead(&cursor) { annotation = name }
        cursor.skipWhitespace()
        guard let byte = cursor.current else { throw cursor.failure("a value is missing") }
        switch byte {
        case UInt8(ascii: "{"):
            if cursor.position + 1 < cursor.bytes.count, cursor.bytes[cursor.position + 1] == UInt8(ascii: "{") {
                return .b(try blob(&cursor))
            }
            return .m(try structure(&cursor))
        case UInt8(ascii: "["):
            cursor.position += 1
            var elements: [AttributeValue] = []
            if !cursor.take(UInt8(ascii: "]")) {
                repeat { elements.append(try value(&cursor)) } while cursor.take(UInt8(ascii: ","))
                try cursor.expect(UInt8(ascii: "]"))
            }
            return try set(annotation, elements, cursor)
        case UInt8(ascii: "\""): return .s(try cursor.string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .n(try number(&cursor))
        default:
            if cursor.takeWord("true") { return .bool(true) }
            if cursor.takeWord("false") { return .bool(false) }
            if cursor.takeWord("null") {
                // A typed null (`null.string`) is a null all the same.
                if cursor.current == UInt8(ascii: ".") {
                    cursor.position += 1
                    while let next = cursor.current, TextCursor.isNameByte(next) { cursor.position += 1 }
                }
                return .null
            }
            throw cursor.failure("unexpected '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private static func structure(_ cursor: inout TextCursor) throws(ImportLineError) -> Item {
        try cursor.expect(UInt8(ascii: "{"))
        var fields: Item = [:]
        if cursor.take(UInt8(ascii: "}")) { return fields }
        repeat {
            cursor.skipWhitespace()
            let name = try fieldName(&cursor)
            try cursor.expect(UInt8(ascii: ":"))
            fields[name] = try value(&cursor)
        } while cursor.take(UInt8(ascii: ","))
        try cursor.expect(UInt8(ascii: "}"))
        return fields
    }

    /// A field name: an identifier, a 'quoted symbol' or a "string".
    private static func fieldName(_ cursor: inout TextCursor) throws(ImportLineError) -> String {
        switch cursor.current {
        case UInt8(ascii: "\""): return try cursor.string()
        case UInt8(ascii: "'"): return try quotedSymbol(&cursor)
        default:
            let start = cursor.position
            while let byte = cursor.current, TextCursor.isNameByte(byte) { cursor.position += 1 }
            guard cursor.position > start else { throw cursor.failure("expected a field name") }
            return String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)
        }
    }

    private static func quotedSymbol(_ cursor: inout TextCursor) throws(ImportLineError) -> String {
        try cursor.string(quote: UInt8(ascii: "'"))
    }

    /// `name::` ahead of a value, consumed when present.
    private static func annotationAhead(_ cursor: inout TextCursor) throws(ImportLineError) -> String? {
        let start = cursor.position
        var name = ""
        if cursor.current == UInt8(ascii: "'") {
            name = try quotedSymbol(&cursor)
        } else {
            while let byte = cursor.current, TextCursor.isNameByte(byte) { cursor.position += 1 }
            name = String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)
        }
        cursor.skipWhitespace()
        if !name.isEmpty, cursor.position + 1 < cursor.bytes.count, cursor.bytes[cursor.position] == UInt8(ascii: ":"),
            cursor.bytes[cursor.position + 1] == UInt8(ascii: ":")
        {
            cursor.position += 2
            cursor.skipWhitespace()
            return name
        }
        cursor.position = start
        return nil
    }

    private static func set(
        _ annotation: String?, _ elements: [AttributeValue], _ cursor: TextCursor
    )
        throws(ImportLineError) -> AttributeValue
    {
        switch annotation {
        case "$dynamodb_SS":
            return .ss(
                try elements.map { (element) throws(ImportLineError) in
                    guard case .s(let text) = element else { throw cursor.failure("a string set holds a non-string") }
                    return text
                })
        case "$dynamodb_NS":
            return .ns(
                try elements.map { (element) throws(ImportLineError) in
                    guard case .n(let number) = element else { throw cursor.failure("a number set holds a non-number") }
                    return number
                })
        case "$dynamodb_BS":
            return .bs(
                try elements.map { (element) throws(ImportLineError) in
                    guard case .b(let bytes) = element else { throw cursor.failure("a binary set holds a non-blob") }
                    return bytes
                })
        default: return .l(elements)
        }
    }

    /// An Ion int or decimal (`12`, `12.`, `1.5`, `15d-1`, `1.5e0`), as a DynamoDB number.
    private static func number(_ cursor: inout TextCursor) throws(ImportLineError) -> DecimalNumber {
        let start = cursor.position
        while let byte = cursor.current,
            TextCursor.isNameByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+")
        {
            cursor.position += 1
        }
        var text = String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)
            .replacingOccurrences(of: "_", with: "")
            .replacingOccurrences(of: "d", with: "e").replacingOccurrences(of: "D", with: "e")
        if text.hasSuffix(".") { text.removeLast() }
        return try DynamoJSONRecord.number(text, cursor)
    }

    private static func blob(_ cursor: inout TextCursor) throws(ImportLineError) -> [UInt8] {
        cursor.position += 2
        let start = cursor.position
        while let byte = cursor.current, byte != UInt8(ascii: "}") { cursor.position += 1 }
        let text = String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self).filter { !$0.isWhitespace }
        guard cursor.take(UInt8(ascii: "}")), cursor.current == UInt8(ascii: "}") else {
            throw cursor.failure("a blob that does not end with }}")
        }
        cursor.position += 1
        return try DynamoJSONRecord.binary(text, cursor)
    }
}
