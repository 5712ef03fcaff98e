/// Item sizes by DynamoDB's published rules, used for the 400 KB item limit, the 1 MB page limit
/// and consumed capacity, and shown by the console's item inspector, so the two never disagree.
/// These are DynamoDB's sizes, not the stored encoding's length.
public enum ItemSize {
    public static let maxItemBytes = 400 * 1024
    public static let maxPageBytes = 1024 * 1024

    public static func of(_ item: Item) -> Int {
        var total = 0
        for (name, value) in item { total += name.utf8.count + of(value) }
        return total
    }

    public static func of(_ value: AttributeValue) -> Int {
        switch value {
        case .s(let string): return string.utf8.count
        case .n(let number): return number.storageSize
        case .b(let bytes): return bytes.count
        case .bool, .null: return 1
        case .ss(let strings): return strings.reduce(0) { $0 + $1.utf8.count }
        case .ns(let numbers): return numbers.reduce(0) { $0 + $1.storageSize }
        case .bs(let values): return values.reduce(0) { $0 + $1.count }
        // Lists and maps: 3 bytes of overhead, plus 1 byte per element.
        case .m(let map): return 3 + map.reduce(0) { $0 + $1.key.utf8.count + of($1.value) + 1 }
        case .l(let list): return 3 + list.reduce(0) { $0 + of($1) + 1 }
        }
    }
}
