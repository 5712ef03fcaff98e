import Foundation
import PartitionStore

/// Serialises a `JSONValue` into compact JSON bytes (UTF-8, no insignificant whitespace).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: estimatedSize(of: value))
        writer.write(value)
        return writer.bytes
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let text): append(text)
        case .string(let text): writeString(text)
        case .item(let item): write(item)
        case .encoded(let text): bytes.append(contentsOf: text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members) { $0.write($1) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Room for a page of items at a couple of hundred bytes each, so a page grows its buffer
    /// once or twice rather than a dozen times.
    static func estimatedSize(of value: JSONValue) -> Int {
        guard case .object(let members) = value else { return 256 }
        var items = 0
        var written = 0
        for member in members.values {
            guard case .array(let elements) = member else { continue }
            for element in elements {
                if case .encoded(let text) = element { written += text.count } else { items += 1 }
            }
        }
        return 256 + items * 256 + written
    }

    /// Appends text that needs no escaping, as its UTF-8 bytes.
    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// An item's attributes, each as DynamoDB JSON writes an attribute value.
    mutating func write(_ item: Item) {
        writeObject(item) { $0.write($1) }
    }

    /// `{"name": value, …}`, each value written by `member`.
    private mutating func writeObject<Value>(_ members: [String: Value], _ member: (inout JSONWriter, Value) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (name, value) in members {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            writeString(name)
            bytes.append(UInt8(ascii: ":"))
            member(&self, value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ value: AttributeValue) {
        /// `{"<type>":` before the payload.
        func open(_ type: StaticString) {
            bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "\"")])
            type.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func list<Element>(_ elements: [Element], _ each: (inout JSONWriter, Element) -> Void) {
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                each(&self, element)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        switch value {
        case .s(let text):
            open("S")
            writeString(text)
        case .n(let number):
            open("N")
            writeNumber(number)
        case .b(let binary):
            open("B")
            writeString(Data(binary).base64EncodedString())
        case .bool(let flag):
            open("BOOL")
            append(flag ? "true" : "false")
        case .null:
            open("NULL")
            append("true")
        case .m(let members):
            open("M")
            write(members)
        case .l(let elements):
            open("L")
            list(elements) { $0.write($1) }
        case .ss(let strings):
            open("SS")
            list(strings) { $0.writeString($1) }
        case .ns(let numbers):
            open("NS")
            list(numbers) { $0.writeNumber($1) }
        case .bs(let binaries):
            open("BS")
            list(binaries) { $0.writeString(Data($1).base64EncodedString()) }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// A number as a JSON string (DynamoDB JSON carries numbers as strings): its digits need no
    /// escaping.
    mutating func writeNumber(_ number: DecimalNumber) {
        bytes.append(UInt8(ascii: "\""))
        number.write(into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func writeString(_ text: String) {
        var text = text
        // Most strings need no escaping: their bytes go in as they are.
        let plain = text.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if plain { return }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
