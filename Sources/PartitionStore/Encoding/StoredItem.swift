import Foundation

/// An item as it is stored: its encoded bytes, read in place.
///
/// Reading a few attributes of many items (a list screen, a key for the next page) costs a scan
/// of each item's bytes instead of building a dictionary of every attribute. `item()` decodes
/// the whole item when it is needed.
public struct StoredItem: Sendable, Hashable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ item: Item) { bytes = ItemCodec.encode(item) }

    /// The whole item.
    public func item() throws(StoreError) -> Item { try ItemCodec.decode(bytes) }

    /// The item as DynamoDB JSON text, written straight from its stored form.
    public func writeDynamoJSON(into out: inout [UInt8]) throws(StoreError) {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try ItemCodec.writeDynamoJSON(raw, into: &out) }
        }.get()
    }

    /// One top-level attribute, or nil when the item has none of that name.
    public func value(of name: String) throws(StoreError) -> AttributeValue? {
        try withSource { source throws(StoreError) in try source.attribute(named: name) }
    }

    /// The item narrowed to document paths, decoding only the attributes they start from.
    func projected(_ paths: [AttributePath]) throws(StoreError) -> Item {
        if ItemProjection.isTopLevel(paths) { return try values(of: paths.map(\.attribute)) }
        return try withSource { source throws(StoreError) in try ItemProjection.project(source, paths) }
    }

    /// Whether the item satisfies a condition, reading only the attributes it names.
    func satisfies(_ predicate: Predicate) throws(StoreError) -> Bool {
        try withSource { source throws(StoreError) in try predicate.isSatisfied(by: source) }
    }

    /// Runs `body` over the encoded bytes read in place.
    private func withSource<T>(_ body: (EncodedItemSource) throws(StoreError) -> T) throws(StoreError) -> T {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try body(EncodedItemSource(raw: raw)) }
        }.get()
    }

    /// The named top-level attributes that the item has.
    public func values(of names: [String]) throws(StoreError) -> Item {
        var selected = Item(minimumCapacity: names.count)
        for name in names {
            if let value = try value(of: name) { selected[name] = value }
        }
        return selected
    }
}

extension ItemCodec {
    /// Finds one top-level attribute without decoding the others.
    static func value(named name: String, in raw: UnsafeRawBufferPointer) throws(StoreError) -> AttributeValue? {
        var name = name
        return try name.withUTF8 { wanted in
            Result { () throws(StoreError) -> AttributeValue? in
                var walker = Walker(bytes: raw)
                guard try walker.byte() == formatVersion else { throw corrupt("unknown item format version") }
                _ = try walker.varint()  // the recorded size
                let count = try walker.varint()
                for _ in 0..<count {
                    let candidate = try walker.slice()
                    if sameBytes(candidate, wanted) {
                        var reader = Reader(bytes: raw, offset: walker.offset)
                        return try reader.value(depth: 0)
                    }
                    try walker.skipValue(depth: 0)
                }
                return nil
            }
        }.get()
    }

    private static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return a.count == 0 }
        return memcmp(first, second, a.count) == 0
    }

    /// DynamoDB's size of an encoded item, as recorded in its header.
    static func recordedSize(of raw: UnsafeRawBufferPointer) throws(StoreError) -> Int {
        var walker = Walker(bytes: raw)
        guard try walker.byte() == formatVersion else { throw corrupt("unknown item format version") }
        return try walker.varint()
    }

    /// DynamoDB's size of an encoded item, counted by walking its bytes without building any value.
    static func size(of raw: UnsafeRawBufferPointer) throws(StoreError) -> Int {
        var walker = Walker(bytes: raw)
        guard try walker.byte() == formatVersion else { throw corrupt("unknown item format version") }
        _ = try walker.varint()
        let count = try walker.varint()
        for _ in 0..<count {
            walker.size += try walker.slice().count
            try walker.skipValue(depth: 0)
        }
        guard walker.offset == raw.count else { throw corrupt("trailing bytes") }
        return walker.size
    }

    /// Steps over encoded values, adding up DynamoDB sizes, allocating nothing.
    struct Walker {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var size = 0

        mutating func byte() throws(StoreError) -> UInt8 {
            guard offset < bytes.count else { throw ItemCodec.corrupt("truncated") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws(StoreError) -> Int {
            var result = 0
            var shift = 0
            while true {
                let next = try byte()
                result |= Int(next & 0x7F) << shift
                if next & 0x80 == 0 { return result }
                shift += 7
                guard shift < 35 else { throw ItemCodec.corrupt("length too large") }
            }
        }

        mutating func slice() throws(StoreError) -> UnsafeRawBufferPointer {
            let count = try varint()
            guard count <= bytes.count - offset else { throw ItemCodec.corrupt("truncated") }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        private mutating func count() throws(StoreError) -> Int {
            let count = try varint()
            guard count <= bytes.count - offset else { throw ItemCodec.corrupt("bad count") }
            return count
        }

        /// A number's size from its encoded length: the digit pairs, plus one.
        private mutating func numberSize() throws(StoreError) -> Int {
            let encoded = try slice()
            guard let first = encoded.first else { throw ItemCodec.corrupt("bad number") }
            switch first {
            case 0x02: return 1  // zero
            case 0x03: return encoded.count - 1  // class and exponent bytes, pairs: pairs + 1
            default: return encoded.count - 2  // negatives also end with a terminator byte
            }
        }

        mutating func skipValue(depth: Int) throws(StoreError) {
            guard depth <= AttributeValue.maxNestingDepth + 1 else { throw ItemCodec.corrupt("too deep") }
            switch try byte() {
            case 0, 2: size += try slice().count  // S, B
            case 1: size += try numberSize()  // N
            case 3, 4, 5: size += 1  // BOOL, NULL
            case 6:  // M
                let count = try count()
                size += 3 + count
                for _ in 0..<count {
                    size += try slice().count
                    try skipValue(depth: depth + 1)
                }
            case 7:  // L
                let count = try count()
                size += 3 + count
                for _ in 0..<count { try skipValue(depth: depth + 1) }
            case 8, 10:  // SS, BS
                for _ in 0..<(try count()) { size += try slice().count }
            case 9:  // NS
                for _ in 0..<(try count()) { size += try numberSize() }
            default:
                throw ItemCodec.corrupt("unknown type tag")
            }
        }
    }
}
