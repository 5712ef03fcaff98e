import Foundation

/// Where a condition reads attributes from: a decoded item, or an item's stored bytes (so a
/// filter reads only the attributes it names, and rows it rejects are never decoded).
protocol AttributeSource {
    func attribute(named name: String) throws(StoreError) -> AttributeValue?
}

extension Dictionary: AttributeSource where Key == String, Value == AttributeValue {
    func attribute(named name: String) throws(StoreError) -> AttributeValue? { self[name] }
}

/// An encoded item read in place, valid only while its buffer is.
struct EncodedItemSource: AttributeSource {
    let raw: UnsafeRawBufferPointer

    func attribute(named name: String) throws(StoreError) -> AttributeValue? {
        try ItemCodec.value(named: name, in: raw)
    }
}

extension AttributePath {
    /// The value at this path, or nil when any step of it is missing or of the wrong type.
    func value(in source: some AttributeSource) throws(StoreError) -> AttributeValue? {
        guard var value = try source.attribute(named: attribute) else { return nil }
        for element in elements.dropFirst() {
            switch (element, value) {
            case (.key(let name), .m(let map)):
                guard let next = map[name] else { return nil }
                value = next
            case (.index(let index), .l(let list)):
                guard index < list.count else { return nil }
                value = list[index]
            default:
                return nil
            }
        }
        return value
    }
}

/// DynamoDB's ordering and equality of values: numbers numerically, strings and binaries by
/// their bytes; values of different types are neither equal nor ordered.
enum ValueOrder {
    /// Negative, zero or positive; nil when the two cannot be ordered.
    static func compare(_ left: AttributeValue, _ right: AttributeValue) -> Int? {
        switch (left, right) {
        case (.n(let a), .n(let b)): DecimalNumber.compare(a, b)
        case (.s(let a), .s(let b)): compareBytes(a.utf8, b.utf8)
        case (.b(let a), .b(let b)): compareBytes(a, b)
        default: nil
        }
    }

    static func equal(_ left: AttributeValue, _ right: AttributeValue) -> Bool {
        left.isEqual(to: right)
    }

    private static func compareBytes(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Int {
        var first = a.makeIterator()
        var second = b.makeIterator()
        while true {
            switch (first.next(), second.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// A value as DynamoDB shows it inside messages.
    static func render(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): text
        case .n(let number): number.description
        case .b(let bytes): Data(bytes).base64EncodedString()
        default: value.description
        }
    }
}

extension Predicate {
    /// Whether `source` satisfies the condition. Missing attributes and mismatched types make a
    /// comparison false (and `<>` true); they are never errors.
    func isSatisfied(by source: some AttributeSource) throws(StoreError) -> Bool {
        switch self {
        case .compare(let left, let comparator, let right):
            let a = try left.evaluate(in: source)
            let b = try right.evaluate(in: source)
            switch comparator {
            case .eq:
                guard let a, let b else { return false }
                return ValueOrder.equal(a, b)
            case .ne:
                guard let a, let b else { return true }
                return !ValueOrder.equal(a, b)
            case .lt, .le, .gt, .ge:
                guard let a, let b, let order = ValueOrder.compare(a, b) else { return false }
                switch comparator {
                case .lt: return order < 0
                case .le: return order <= 0
                case .gt: return order > 0
                default: return order >= 0
                }
            }
        case .between(let value, let low, let high):
            guard let v = try value.evaluate(in: source), let l = try low.evaluate(in: source),
                let h = try high.evaluate(in: source),
                let lower = ValueOrder.compare(v, l), let upper = ValueOrder.compare(v, h)
            else { return false }
            return lower >= 0 && upper <= 0
        case .in(let value, let list):
            guard let v = try value.evaluate(in: source) else { return false }
            for candidate in list {
                if let c = try candidate.evaluate(in: source), ValueOrder.equal(v, c) { return true }
            }
            return false
        case .exists(let path):
            return try path.value(in: source) != nil
        case .notExists(let path):
            return try path.value(in: source) == nil
        case .hasType(let path, let type):
            return try path.value(in: source)?.typeName == type
        case .beginsWith(let value, let prefix):
            switch (try value.evaluate(in: source), try prefix.evaluate(in: source)) {
            case (.s(let text)?, .s(let start)?): return text.utf8.starts(with: start.utf8)
            case (.b(let bytes)?, .b(let start)?): return bytes.starts(with: start)
            default: return false
            }
        case .contains(let container, let element):
            guard let c = try container.evaluate(in: source), let e = try element.evaluate(in: source) else {
                return false
            }
            return Self.contains(c, e)
        case .and(let left, let right):
            guard try left.isSatisfied(by: source) else { return false }
            return try right.isSatisfied(by: source)
        case .or(let left, let right):
            if try left.isSatisfied(by: source) { return true }
            return try right.isSatisfied(by: source)
        case .not(let inner):
            return try !inner.isSatisfied(by: source)
        }
    }

    private static func contains(_ container: AttributeValue, _ element: AttributeValue) -> Bool {
        switch (container, element) {
        case (.s(let text), .s(let part)): Array(text.utf8).firstRange(of: Array(part.utf8)) != nil
        case (.b(let bytes), .b(let part)): bytes.firstRange(of: part) != nil
        case (.ss(let set), .s(let member)): set.contains { $0.utf8.elementsEqual(member.utf8) }
        case (.ns(let set), .n(let member)): set.contains(member)
        case (.bs(let set), .b(let member)): set.contains(member)
        case (.l(let list), _): list.contains { $0.isEqual(to: element) }
        default: false
        }
    }
}

extension Term {
    /// The term's value in a condition; nil for a missing attribute, or size() of a value that
    /// has no size.
    func evaluate(in source: some AttributeSource) throws(StoreError) -> AttributeValue? {
        switch self {
        case .path(let path): return try path.value(in: source)
        case .literal(let value): return value
        case .size(let path):
            guard let value = try path.value(in: source) else { return nil }
            return value.size.map { .number($0) }
        case .ifNotExists, .listAppend, .plus, .minus:
            // Update-only terms; the parser never puts them in a condition.
            return nil
        }
    }
}

extension AttributeValue {
    /// What size() returns: bytes of a string or binary, members of a set, list or map.
    var size: Int? {
        switch self {
        case .s(let text): text.utf8.count
        case .b(let bytes): bytes.count
        case .ss(let set): set.count
        case .ns(let set): set.count
        case .bs(let set): set.count
        case .l(let list): list.count
        case .m(let map): map.count
        case .n, .bool, .null: nil
        }
    }
}
