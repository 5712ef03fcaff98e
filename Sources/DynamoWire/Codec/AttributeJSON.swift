import Foundation
import PartitionStore

/// DynamoDB JSON: each value an object with one type descriptor (`{"S": "text"}`, `{"N": "12.5"}`),
/// numbers as strings, binaries as base64.
public enum AttributeJSON {
    public static func encode(_ item: Item) -> JSONValue { .item(item) }

    /// The structure an item stands for, member by member.
    static func members(of item: Item) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(item.count)
        for (name, value) in item { object[name] = encode(value) }
        return object
    }

    public static func encode(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .s(let text): .object(["S": .string(text)])
        case .n(let number): .object(["N": .string(number.description)])
        case .b(let bytes): .object(["B": .string(Data(bytes).base64EncodedString())])
        case .bool(let flag): .object(["BOOL": .bool(flag)])
        case .null: .object(["NULL": .bool(true)])
        case .m(let members): .object(["M": encode(members)])
        case .l(let elements): .object(["L": .array(elements.map(encode))])
        case .ss(let strings): .object(["SS": .array(strings.map(JSONValue.string))])
        case .ns(let numbers): .object(["NS": .array(numbers.map { .string($0.description) })])
        case .bs(let binaries): .object(["BS": .array(binaries.map { .string(Data($0).base64EncodedString()) })])
        }
    }

    public static func decodeItem(_ members: [String: JSONValue]) throws(WireError) -> Item {
        var item: Item = [:]
        item.reserveCapacity(members.count)
        for (name, value) in members { item[name] = try decode(value) }
        return item
    }

    public static func decodeItem(_ value: JSONValue) throws(WireError) -> Item {
        if case .item(let item) = value { return item }
        guard case .object(let members) = value else {
            throw .serialization("Expected a map of attribute values but found \(value.kind)")
        }
        return try decodeItem(members)
    }

    static let typeNames: Set<String> = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]

    public static func decode(_ value: JSONValue) throws(WireError) -> AttributeValue {
        guard case .object(let members) = value else {
            throw .serialization(
                "Expected an attribute value (a structure such as {\"S\": \"text\"}) but found \(value.kind)")
        }
        var found: (name: String, value: JSONValue)?
        for (name, member) in members where member != .null && typeNames.contains(name) {
            guard found == nil else {
                throw .validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
                )
            }
            found = (name, member)
        }
        guard let (type, payload) = found else {
            throw .validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        }
        switch type {
        case "S": return .s(try string(payload, type))
        case "N": return .n(try number(payload))
        case "B": return .b(try binary(payload))
        case "BOOL":
            guard case .bool(let flag) = payload else { throw mismatch(type, "a boolean", payload) }
            return .bool(flag)
        case "NULL":
            guard case .bool(let flag) = payload else { throw mismatch(type, "a boolean", payload) }
            guard flag else {
                throw .validation(
                    "One or more parameter values were invalid: Null attribute value types must have the value of true")
            }
            return .null
        case "M":
            if case .item(let map) = payload { return .m(map) }
            guard case .object(let map) = payload else { throw mismatch(type, "a map", payload) }
            return .m(try decodeItem(map))
        case "L":
            guard case .array(let elements) = payload else { throw mismatch(type, "a list", payload) }
            var list: [AttributeValue] = []
            list.reserveCapacity(elements.count)
            for element in elements { list.append(try decode(element)) }
            return .l(list)
        case "SS":
            var strings: [String] = []
            for element in try elements(payload, type) { strings.append(try string(element, type)) }
            return .ss(strings)
        case "NS":
            var numbers: [DecimalNumber] = []
            for element in try elements(payload, type) { numbers.append(try number(element)) }
            return .ns(numbers)
        default:
            var binaries: [[UInt8]] = []
            for element in try elements(payload, type) { binaries.append(try binary(element)) }
            return .bs(binaries)
        }
    }

    private static func mismatch(_ type: String, _ expected: String, _ found: JSONValue) -> WireError {
        if expected == "a string", case .number = found {
            // DynamoDB's own words for the most common slip: a number where its text belongs.
            return .serialization("NUMBER_VALUE cannot be converted to String")
        }
        return .serialization("Expected \(expected) for attribute value type \(type) but found \(found.kind)")
    }

    private static func string(_ value: JSONValue, _ type: String) throws(WireError) -> String {
        guard case .string(let text) = value else { throw mismatch(type, "a string", value) }
        return text
    }

    private static func elements(_ value: JSONValue, _ type: String) throws(WireError) -> [JSONValue] {
        guard case .array(let elements) = value else { throw mismatch(type, "a list", value) }
        return elements
    }

    private static func number(_ value: JSONValue) throws(WireError) -> DecimalNumber {
        // DynamoDB numbers travel as strings; DynamoDB refuses a bare JSON number in their place.
        let text = try string(value, "N")
        do {
            return try DecimalNumber(text)
        } catch {
            throw WireError(error)
        }
    }

    private static func binary(_ value: JSONValue) throws(WireError) -> [UInt8] {
        guard case .string(let text) = value else { throw mismatch("B", "a base64 string", value) }
        guard let data = Data(base64Encoded: text) else {
            throw .serialization("Binary attribute values must be base64 encoded; '\(text.prefix(40))' is not")
        }
        return [UInt8](data)
    }
}
