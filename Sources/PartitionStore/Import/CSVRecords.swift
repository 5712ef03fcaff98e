/// Reads CSV as DynamoDB's import does (RFC 4180): a delimiter of one character, fields in double
/// quotes may hold the delimiter, quotes (doubled) and line breaks; the header names the
/// attributes, unless a header list is given.
struct CSVRecords {
    let delimiter: UInt8
    let bytes: [UInt8]
    private(set) var position = 0
    /// The line the next record starts on, from 1, for error messages.
    private(set) var line = 1

    init(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        // A byte order mark is not part of the first name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next record's fields, or nil at the end. A record with an unclosed quote is an error.
    mutating func next() throws(ImportLineError) -> [String]? {
        guard position < bytes.count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        let startLine = line
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.isEmpty: quoted = true
            case delimiter:
                fields.append(try text(field, startLine))
                field.removeAll(keepingCapacity: true)
            case 0x0D where position < bytes.count && bytes[position] == 0x0A: continue
            case 0x0A, 0x0D:
                line += 1
                fields.append(try text(field, startLine))
                return fields
            default: field.append(byte)
            }
        }
        guard !quoted else { throw ImportLineError("line \(startLine): a quoted field that does not end") }
        fields.append(try text(field, startLine))
        return fields
    }

    private func text(_ bytes: [UInt8], _ line: Int) throws(ImportLineError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportLineError("line \(line): invalid UTF-8")
        }
        return text
    }
}
