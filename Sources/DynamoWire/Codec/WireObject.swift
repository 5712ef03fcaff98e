import PartitionStore

/// One structure of a request, read member by member with DynamoDB's errors: a member of the wrong
/// JSON type is a SerializationException, a missing required member or a value outside its set a
/// ValidationException that names the member's path.
public struct WireObject: Sendable {
    let members: [String: JSONValue]
    /// The path of this structure in the request, as DynamoDB spells it in messages
    /// (`transactItems.1.member.put`); empty at the top.
    let path: String

    public init(_ value: JSONValue, path: String = "") throws(WireError) {
        if case .item(let item) = value {
            self.members = AttributeJSON.members(of: item)
            self.path = path
            return
        }
        guard case .object(let members) = value else {
            throw .serialization("Expected a structure\(path.isEmpty ? "" : " at '\(path)'") but found \(value.kind)")
        }
        self.members = members
        self.path = path
    }

    /// The member's path in messages: lower camel case, as DynamoDB's validator writes it.
    func memberPath(_ name: String) -> String {
        let camel = name.prefix(1).lowercased() + name.dropFirst()
        return path.isEmpty ? camel : "\(path).\(camel)"
    }

    /// The member's value; JSON null counts as absent.
    func value(_ name: String) -> JSONValue? {
        guard let value = members[name], value != .null else { return nil }
        return value
    }

    func mismatch(_ name: String, expected: String, found: JSONValue) -> WireError {
        .serialization(
            "Expected \(expected) for '\(name)'\(path.isEmpty ? "" : " at '\(path)'") but found \(found.kind)")
    }

    // MARK: Scalars

    func string(_ name: String) throws(WireError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw mismatch(name, expected: "a string", found: value) }
        return text
    }

    func requiredString(_ name: String) throws(WireError) -> String {
        guard let text = try string(name) else { throw .missing(memberPath(name)) }
        return text
    }

    func bool(_ name: String) throws(WireError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(name, expected: "a boolean", found: value) }
        return flag
    }

    func requiredBool(_ name: String) throws(WireError) -> Bool {
        guard let flag = try bool(name) else { throw .missing(memberPath(name)) }
        return flag
    }

    /// An integer member; fractions and values beyond 64 bits are refused.
    func int(_ name: String) throws(WireError) -> Int? {
        guard let value = value(name) else { return nil }
        guard case .number(let text) = value else { throw mismatch(name, expected: "a number", found: value) }
        guard let number = Int(text) else {
            throw .serialization("Expected an integer for '\(name)' but found \(text)")
        }
        return number
    }

    /// An integer member with a lower bound, as Limit and Segment have.
    func int(_ name: String, atLeast minimum: Int) throws(WireError) -> Int? {
        guard let number = try int(name) else { return nil }
        guard number >= minimum else {
            throw .constraint(
                String(number), at: memberPath(name), "Member must have value greater than or equal to \(minimum)")
        }
        return number
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(WireError) -> E?
    where E.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw .constraint(text, at: memberPath(name), "Member must satisfy enum value set: [\(allowed)]")
        }
        return value
    }

    func requiredEnumeration<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(WireError) -> E
    where E.RawValue == String {
        guard let value = try enumeration(name, type) else { throw .missing(memberPath(name)) }
        return value
    }

    // MARK: Structures and lists

    func object(_ name: String) throws(WireError) -> WireObject? {
        guard let value = value(name) else { return nil }
        switch value {
        case .object, .item: break
        default: throw mismatch(name, expected: "a structure", found: value)
        }
        return try WireObject(value, path: memberPath(name))
    }

    func requiredObject(_ name: String) throws(WireError) -> WireObject {
        guard let object = try object(name) else { throw .missing(memberPath(name)) }
        return object
    }

    func list(_ name: String) throws(WireError) -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw mismatch(name, expected: "a list", found: value) }
        return elements
    }

    func requiredList(_ name: String) throws(WireError) -> [JSONValue] {
        guard let list = try list(name) else { throw .missing(memberPath(name)) }
        return list
    }

    /// A list of structures, each read with its path (`keySchema.1.member`).
    func objects(_ name: String) throws(WireError) -> [WireObject]? {
        guard let elements = try list(name) else { return nil }
        var objects: [WireObject] = []
        objects.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            objects.append(try WireObject(element, path: "\(memberPath(name)).\(index + 1).member"))
        }
        return objects
    }

    func requiredObjects(_ name: String) throws(WireError) -> [WireObject] {
        guard let objects = try objects(name) else { throw .missing(memberPath(name)) }
        return objects
    }

    func map(_ name: String) throws(WireError) -> [String: JSONValue]? {
        guard let value = value(name) else { return nil }
        if case .item(let item) = value { return AttributeJSON.members(of: item) }
        guard case .object(let members) = value else { throw mismatch(name, expected: "a map", found: value) }
        return members
    }

    func strings(_ name: String) throws(WireError) -> [String]? {
        guard let elements = try list(name) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let text) = element else {
                throw mismatch(name, expected: "a list of strings", found: element)
            }
            strings.append(text)
        }
        return strings
    }

    func stringMap(_ name: String) throws(WireError) -> [String: String]? {
        guard let members = try map(name) else { return nil }
        var strings: [String: String] = [:]
        strings.reserveCapacity(members.count)
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw mismatch(name, expected: "a map of strings", found: value)
            }
            strings[key] = text
        }
        return strings
    }

    // MARK: Attribute values

    func item(_ name: String) throws(WireError) -> Item? {
        if case .item(let item) = value(name) { return item }
        guard let members = try map(name) else { return nil }
        return try AttributeJSON.decodeItem(members)
    }

    func requiredItem(_ name: String) throws(WireError) -> Item {
        guard let item = try item(name) else { throw .missing(memberPath(name)) }
        return item
    }

    func attributeValue(_ name: String) throws(WireError) -> AttributeValue? {
        guard let value = value(name) else { return nil }
        return try AttributeJSON.decode(value)
    }

    func attributeValues(_ name: String) throws(WireError) -> [AttributeValue]? {
        guard let elements = try list(name) else { return nil }
        var values: [AttributeValue] = []
        for element in elements { values.append(try AttributeJSON.decode(element)) }
        return values
    }
}
