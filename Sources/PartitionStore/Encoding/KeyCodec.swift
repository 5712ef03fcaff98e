/// Order-preserving bytes for key attributes, so that SQLite's BLOB order (memcmp, shorter prefix
/// first) is DynamoDB's order: strings by UTF-8 bytes, binaries as unsigned bytes, numbers
/// numerically. Partition and sort key are stored in separate columns, so no separators are needed.
enum KeyCodec {
    static func encode(_ value: AttributeValue) -> [UInt8] {
        switch value {
        case .s(let string): Array(string.utf8)
        case .b(let bytes): bytes
        case .n(let number): number.orderedBytes
        default: []
        }
    }

    static func decode(_ bytes: [UInt8], as type: ScalarAttributeType) -> AttributeValue? {
        switch type {
        case .s: .s(String(decoding: bytes, as: UTF8.self))
        case .b: .b(bytes)
        case .n: DecimalNumber(orderedBytes: bytes).map(AttributeValue.n)
        }
    }

    /// A stable 32-bit hash of the encoded partition key (FNV-1a). Rows are ordered by it first, as
    /// DynamoDB spreads partitions by hash: it makes Scan order independent of key order and lets
    /// parallel scan segments be disjoint ranges of hash values.
    static func partitionHash(_ bytes: [UInt8]) -> Int64 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int64(hash)
    }

    static let hashSpace: Int64 = 1 << 32

    /// The smallest byte string greater than every string that starts with `prefix`, or nil when
    /// none exists (the prefix is all 0xFF). Used to turn begins_with into a range.
    static func prefixSuccessor(_ prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
