/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]

/// A DynamoDB attribute value, with all ten of its types.
public enum AttributeValue: Sendable, Hashable {
    case s(String)
    case n(DecimalNumber)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([DecimalNumber])
    case bs([[UInt8]])

    /// DynamoDB's one- or two-letter type descriptor.
    public var typeName: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .m: "M"
        case .l: "L"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        }
    }

    /// The key type of a scalar value (S, N or B); nil for every other type.
    var scalarType: ScalarAttributeType? {
        switch self {
        case .s: .s
        case .n: .n
        case .b: .b
        default: nil
        }
    }

    /// A number from its text; throws ValidationException for malformed or out-of-range input.
    public static func number(_ text: String) throws(StoreError) -> AttributeValue {
        .n(try DecimalNumber(text))
    }

    public static func number(_ value: Int) -> AttributeValue { .n(DecimalNumber(value)) }

    public var stringValue: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    public var numberValue: DecimalNumber? {
        if case .n(let value) = self { return value }
        return nil
    }
}

extension AttributeValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .s(let value): "S(\(value.debugDescription))"
        case .n(let value): "N(\(value))"
        case .b(let value): "B(\(value.count) bytes)"
        case .bool(let value): "BOOL(\(value))"
        case .null: "NULL"
        case .m(let value):
            "M(\(value.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))"
        case .l(let value): "L(\(value.map(\.description).joined(separator: ", ")))"
        case .ss(let value): "SS(\(value))"
        case .ns(let value): "NS(\(value.map(\.description)))"
        case .bs(let value): "BS(\(value.count) values)"
        }
    }
}

// MARK: - Equality as DynamoDB sees it

extension AttributeValue {
    /// Equality by DynamoDB's rules: sets compare as sets (order does not matter).
    public func isEqual(to other: AttributeValue) -> Bool {
        switch (self, other) {
        // Strings are equal when their bytes are: Swift's == would also equate canonically
        // equivalent spellings, which DynamoDB keeps distinct.
        case (.s(let a), .s(let b)): a.utf8.elementsEqual(b.utf8)
        case (.ss(let a), .ss(let b)): a.count == b.count && Set(a) == Set(b)
        case (.ns(let a), .ns(let b)): a.count == b.count && Set(a) == Set(b)
        case (.bs(let a), .bs(let b)): a.count == b.count && Set(a) == Set(b)
        case (.m(let a), .m(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { value.isEqual(to: $0) } ?? false }
        case (.l(let a), .l(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        default: self == other
        }
    }
}

// MARK: - Validation

extension AttributeValue {
    static let maxNestingDepth = 32
    static let nestingMessage =
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"

    /// Checks DynamoDB's rules on a value written to the store: non-empty sets without duplicates,
    /// nesting no deeper than 32 levels, the attribute itself being the first (so 31 maps or
    /// lists around a scalar are the most DynamoDB accepts).
    func validate(depth: Int = 0) throws(StoreError) {
        guard depth < Self.maxNestingDepth else {
            throw .validation(Self.nestingMessage)
        }
        switch self {
        case .ss(let values):
            try Self.checkSet(values.count, distinct: Set(values).count, type: "string", render: { values.description })
        case .ns(let values):
            try Self.checkSet(
                values.count, distinct: Set(values).count, type: "number",
                render: { values.map(\.description).description })
        case .bs(let values):
            try Self.checkSet(
                values.count, distinct: Set(values).count, type: "binary", render: { "\(values.count) binary values" })
        case .m(let map):
            for value in map.values { try value.validate(depth: depth + 1) }
        case .l(let list):
            for value in list { try value.validate(depth: depth + 1) }
        case .s, .n, .b, .bool, .null:
            break
        }
    }

    private static func checkSet(_ count: Int, distinct: Int, type: String, render: () -> String) throws(StoreError) {
        if count == 0 {
            throw .invalidParameter("An \(type) set may not be empty")
        }
        if distinct != count {
            throw .invalidParameter("Input collection \(render()) contains duplicates.")
        }
    }
}
