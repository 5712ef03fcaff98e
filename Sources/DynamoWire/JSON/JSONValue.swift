import PartitionStore

/// A JSON document as the DynamoDB protocol carries it.
///
/// Numbers keep their text: DynamoDB's own numbers travel as strings, and the few JSON numbers in
/// requests (Limit, Segment, ...) are converted where they are read, with a typed error.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// An item as DynamoDB JSON (`{"name": {"S": "…"}, …}`), kept as its attribute values: the
    /// writer writes it straight from them, so an answer of a page of items builds no tree of
    /// JSON values. Readers see it as the structure it stands for.
    case item(Item)
    /// JSON text already written (an item transcoded from its stored form): the writer copies it
    /// as it is. Readers see it as the value it spells.
    case encoded([UInt8])

    /// An item equals the structure it stands for, and hashes as it.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left == right
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        case (.item(let left), .item(let right)): left == right
        case (.item(let item), .object(let members)), (.object(let members), .item(let item)):
            AttributeJSON.members(of: item) == members
        case (.encoded(let text), let other), (let other, .encoded(let text)):
            (try? JSONParser.parse(text)) == other
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let flag):
            hasher.combine(1)
            hasher.combine(flag)
        case .number(let text):
            hasher.combine(2)
            hasher.combine(text)
        case .string(let text):
            hasher.combine(3)
            hasher.combine(text)
        case .array(let elements):
            hasher.combine(4)
            hasher.combine(elements)
        case .object(let members):
            hasher.combine(5)
            hasher.combine(members)
        case .item(let item):
            hasher.combine(5)
            hasher.combine(AttributeJSON.members(of: item))
        case .encoded(let text):
            (try? JSONParser.parse(text)).map { hasher.combine($0) } ?? hasher.combine(text)
        }
    }

    /// How the protocol names a JSON type in its error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object, .item: "a structure"
        case .encoded(let text): (try? JSONParser.parse(text))?.kind ?? "JSON text"
        }
    }

    public subscript(key: String) -> JSONValue? {
        switch self {
        case .object(let members): members[key]
        case .item(let item): item[key].map(AttributeJSON.encode)
        case .encoded(let text): (try? JSONParser.parse(text))?[key]
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public static func number(_ value: Int) -> JSONValue { .number(String(value)) }
    public static func number(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A double as JSON prints it: integral values without a fraction.
    public static func number(_ value: Double) -> JSONValue {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(value.isFinite ? String(value) : "0")
    }
}
