import Foundation

/// The compact binary form in which items are stored: a format version byte, the item's DynamoDB
/// size (so a page can apply the 1 MB rule without walking the item), then the attributes as
/// length-prefixed names and tagged values. Numbers keep their exact ordered-byte form.
enum ItemCodec {
    static let formatVersion: UInt8 = 1

    fileprivate enum Tag: UInt8 {
        case s = 0
        case n
        case b
        case boolFalse
        case boolTrue
        case null
        case m
        case l
        case ss
        case ns
        case bs
    }

    static func encode(_ item: Item) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        out.append(formatVersion)
        appendVarint(ItemSize.of(item), to: &out)
        encodeMap(item, into: &out)
        return out
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> Item {
        try bytes.withUnsafeBytes { raw in Result { () throws(StoreError) in try decode(raw) } }.get()
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws(StoreError) -> Item {
        try decodeWithSize(raw).item
    }

    /// The item and its DynamoDB size (as `ItemSize.of` computes it), found in one pass.
    static func decodeWithSize(_ raw: UnsafeRawBufferPointer) throws(StoreError) -> (item: Item, size: Int) {
        var reader = Reader(bytes: raw)
        guard try reader.byte() == formatVersion else {
            throw corrupt("unknown item format version")
        }
        let recordedSize = try reader.varint()
        let item = try reader.map(depth: 0)
        guard reader.isAtEnd else { throw corrupt("trailing bytes") }
        guard reader.size == recordedSize else { throw corrupt("size does not match contents") }
        return (item, reader.size)
    }

    /// The stored item as DynamoDB JSON text (`{"name":{"S":"…"},…}`), written straight from its
    /// stored form without building its attribute values: how the endpoint answers a page of
    /// items. The same checks as decoding: a corrupt item is an error, never half an answer.
    static func writeDynamoJSON(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) throws(StoreError) {
        var reader = Reader(bytes: raw)
        guard try reader.byte() == formatVersion else {
            throw corrupt("unknown item format version")
        }
        let recordedSize = try reader.varint()
        _ = try reader.writeMap(depth: 0, into: &out)
        guard reader.isAtEnd else { throw corrupt("trailing bytes") }
        guard reader.size == recordedSize else { throw corrupt("size does not match contents") }
    }

    static func corrupt(_ detail: String) -> StoreError {
        StoreError(.internalFailure, "Stored item is corrupt (\(detail))")
    }

    // MARK: Encoding

    private static func encodeMap(_ map: [String: AttributeValue], into out: inout [UInt8]) {
        appendVarint(map.count, to: &out)
        for (name, value) in map {
            appendBytes(name.utf8, to: &out)
            encodeValue(value, into: &out)
        }
    }

    private static func encodeValue(_ value: AttributeValue, into out: inout [UInt8]) {
        switch value {
        case .s(let string):
            out.append(Tag.s.rawValue)
            appendBytes(string.utf8, to: &out)
        case .n(let number):
            out.append(Tag.n.rawValue)
            appendBytes(number.orderedBytes, to: &out)
        case .b(let bytes):
            out.append(Tag.b.rawValue)
            appendBytes(bytes, to: &out)
        case .bool(let flag):
            out.append(flag ? Tag.boolTrue.rawValue : Tag.boolFalse.rawValue)
        case .null:
            out.append(Tag.null.rawValue)
        case .m(let map):
            out.append(Tag.m.rawValue)
            encodeMap(map, into: &out)
        case .l(let list):
            out.append(Tag.l.rawValue)
            appendVarint(list.count, to: &out)
            for element in list { encodeValue(element, into: &out) }
        case .ss(let strings):
            out.append(Tag.ss.rawValue)
            appendVarint(strings.count, to: &out)
            for string in strings { appendBytes(string.utf8, to: &out) }
        case .ns(let numbers):
            out.append(Tag.ns.rawValue)
            appendVarint(numbers.count, to: &out)
            for number in numbers { appendBytes(number.orderedBytes, to: &out) }
        case .bs(let values):
            out.append(Tag.bs.rawValue)
            appendVarint(values.count, to: &out)
            for bytes in values { appendBytes(bytes, to: &out) }
        }
    }

    private static func appendBytes(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        appendVarint(bytes.count, to: &out)
        out.append(contentsOf: bytes)
    }

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var remaining = UInt64(value)
        while remaining >= 0x80 {
            out.append(UInt8(remaining & 0x7F) | 0x80)
            remaining >>= 7
        }
        out.append(UInt8(remaining))
    }

    // MARK: Decoding

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        /// DynamoDB's size of what has been decoded so far.
        var size = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws(StoreError) -> UInt8 {
            guard offset < bytes.count else { throw ItemCodec.corrupt("truncated") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws(StoreError) -> Int {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                result |= UInt64(next & 0x7F) << shift
                if next & 0x80 == 0 { break }
                shift += 7
                guard shift < 35 else { throw ItemCodec.corrupt("length too large") }
            }
            return Int(result)
        }

        mutating func slice() throws(StoreError) -> UnsafeRawBufferPointer {
            let count = try varint()
            guard count <= bytes.count - offset else { throw ItemCodec.corrupt("truncated") }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func string() throws(StoreError) -> String {
            let bytes = try slice()
            size += bytes.count
            return String(decoding: bytes, as: UTF8.self)
        }

        mutating func binary() throws(StoreError) -> [UInt8] {
            let bytes = try slice()
            size += bytes.count
            return Array(bytes)
        }

        mutating func number() throws(StoreError) -> DecimalNumber {
            guard let number = DecimalNumber(orderedBytes: try slice()) else {
                throw ItemCodec.corrupt("bad number")
            }
            size += number.storageSize
            return number
        }

        mutating func count() throws(StoreError) -> Int {
            let count = try varint()
            // Every element takes at least one byte: a larger count is corruption, not a huge alloc.
            guard count <= bytes.count - offset else { throw ItemCodec.corrupt("bad count") }
            return count
        }

        mutating func map(depth: Int) throws(StoreError) -> [String: AttributeValue] {
            let count = try count()
            var map = [String: AttributeValue](minimumCapacity: count)
            for _ in 0..<count {
                let name = try string()
                map[name] = try value(depth: depth)
            }
            return map
        }

        mutating func value(depth: Int) throws(StoreError) -> AttributeValue {
            guard depth <= AttributeValue.maxNestingDepth + 1 else { throw ItemCodec.corrupt("too deep") }
            guard let tag = Tag(rawValue: try byte()) else { throw ItemCodec.corrupt("unknown type tag") }
            switch tag {
            case .s: return .s(try string())
            case .n: return .n(try number())
            case .b: return .b(try binary())
            case .boolFalse, .boolTrue, .null:
                size += 1
                return tag == .null ? .null : .bool(tag == .boolTrue)
            case .m:
                let map = try map(depth: depth + 1)
                size += 3 + map.count  // list and map overhead, and one byte per element
                return .m(map)
            case .l:
                let count = try count()
                size += 3 + count
                var list: [AttributeValue] = []
                list.reserveCapacity(count)
                for _ in 0..<count { list.append(try value(depth: depth + 1)) }
                return .l(list)
            case .ss:
                let count = try count()
                var strings: [String] = []
                strings.reserveCapacity(count)
                for _ in 0..<count { strings.append(try string()) }
                return .ss(strings)
            case .ns:
                let count = try count()
                var numbers: [DecimalNumber] = []
                numbers.reserveCapacity(count)
                for _ in 0..<count { numbers.append(try number()) }
                return .ns(numbers)
            case .bs:
                let count = try count()
                var values: [[UInt8]] = []
                values.reserveCapacity(count)
                for _ in 0..<count { values.append(try binary()) }
                return .bs(values)
            }
        }
    }
}

// MARK: - DynamoDB JSON from the stored form

extension ItemCodec.Reader {
    /// A map's attributes as a JSON object of DynamoDB JSON values; how many there were. Sizes
    /// are counted as `map(depth:)` counts them.
    mutating func writeMap(depth: Int, into out: inout [UInt8]) throws(StoreError) -> Int {
        let count = try count()
        out.append(UInt8(ascii: "{"))
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let name = try slice()
            size += name.count
            DynamoJSONText.quoted(utf8: name, into: &out)
            out.append(UInt8(ascii: ":"))
            try writeValue(depth: depth, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return count
    }

    /// One value as DynamoDB JSON (`{"S":"…"}`, `{"N":"…"}`, …), counted as `value(depth:)` counts it.
    mutating func writeValue(depth: Int, into out: inout [UInt8]) throws(StoreError) {
        guard depth <= AttributeValue.maxNestingDepth + 1 else { throw ItemCodec.corrupt("too deep") }
        guard let tag = ItemCodec.Tag(rawValue: try byte()) else { throw ItemCodec.corrupt("unknown type tag") }
        func open(_ type: StaticString) {
            out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "\"")])
            type.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func elements(
            _ count: Int, _ element: (inout Self, inout [UInt8]) throws(StoreError) -> Void
        ) throws(StoreError) {
            out.append(UInt8(ascii: "["))
            for index in 0..<count {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try element(&self, &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        switch tag {
        case .s:
            open("S")
            try writeString(into: &out)
        case .n:
            open("N")
            try writeNumber(into: &out)
        case .b:
            open("B")
            try writeBinary(into: &out)
        case .boolFalse, .boolTrue, .null:
            size += 1
            out.append(contentsOf: tag == .null ? Self.nullText : tag == .boolTrue ? Self.trueText : Self.falseText)
            return
        case .m:
            open("M")
            let count = try writeMap(depth: depth + 1, into: &out)
            size += 3 + count
        case .l:
            open("L")
            let count = try count()
            size += 3 + count
            try elements(count) { reader, out throws(StoreError) in try reader.writeValue(depth: depth + 1, into: &out)
            }
        case .ss:
            open("SS")
            try elements(try count()) { reader, out throws(StoreError) in try reader.writeString(into: &out) }
        case .ns:
            open("NS")
            try elements(try count()) { reader, out throws(StoreError) in try reader.writeNumber(into: &out) }
        case .bs:
            open("BS")
            try elements(try count()) { reader, out throws(StoreError) in try reader.writeBinary(into: &out) }
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let nullText = Array(#"{"NULL":true}"#.utf8)
    private static let trueText = Array(#"{"BOOL":true}"#.utf8)
    private static let falseText = Array(#"{"BOOL":false}"#.utf8)

    private mutating func writeString(into out: inout [UInt8]) throws(StoreError) {
        let bytes = try slice()
        size += bytes.count
        DynamoJSONText.quoted(utf8: bytes, into: &out)
    }

    private mutating func writeNumber(into out: inout [UInt8]) throws(StoreError) {
        let number = try number()
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: number.description.utf8)
        out.append(UInt8(ascii: "\""))
    }

    private mutating func writeBinary(into out: inout [UInt8]) throws(StoreError) {
        let bytes = try slice()
        size += bytes.count
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: Data(bytes).base64EncodedString().utf8)
        out.append(UInt8(ascii: "\""))
    }
}
