import Foundation
import PartitionStore

/// Stored items as readable, indented JSON with sorted keys: plain, or in DynamoDB's typed form.
enum ItemJSON {
    /// One attribute's value on one line, for diffs.
    static func inline(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): return quoted(text)
        case .m(let map):
            guard !map.isEmpty else { return "{}" }
            return "{ " + map.keys.sorted().map { "\(quoted($0)): \(inline(map[$0] ?? .null))" }.joined(separator: ", ")
                + " }"
        case .l(let list):
            guard !list.isEmpty else { return "[]" }
            return "[ " + list.map(inline).joined(separator: ", ") + " ]"
        case .n, .b, .bool, .null, .ss, .ns, .bs: return render(value, typed: false, indent: 0)
        }
    }

    static func plain(_ item: Item) -> String { render(.m(item), typed: false, indent: 0, topLevel: true) }
    static func typed(_ item: Item) -> String { render(.m(item), typed: true, indent: 0, topLevel: true) }

    private static func render(_ value: AttributeValue, typed: Bool, indent: Int, topLevel: Bool = false) -> String {
        let inner = String(repeating: "  ", count: indent + 1)
        let outer = String(repeating: "  ", count: indent)
        func object(_ pairs: [(String, String)]) -> String {
            guard !pairs.isEmpty else { return "{}" }
            return "{\n" + pairs.map { "\(inner)\(quoted($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n\(outer)}"
        }
        func array(_ elements: [String]) -> String {
            guard !elements.isEmpty else { return "[]" }
            return "[\n" + elements.map { inner + $0 }.joined(separator: ",\n") + "\n\(outer)]"
        }
        func wrap(_ type: String, _ body: String) -> String {
            typed ? "{ \(quoted(type)): \(body) }" : body
        }
        switch value {
        case .s(let text): return wrap("S", quoted(text))
        case .n(let number): return typed ? wrap("N", quoted(number.description)) : number.description
        case .b(let bytes): return wrap("B", quoted(Data(bytes).base64EncodedString()))
        case .bool(let flag): return wrap("BOOL", flag ? "true" : "false")
        case .null: return typed ? wrap("NULL", "true") : "null"
        case .m(let map):
            let body = object(
                map.keys.sorted().map { ($0, render(map[$0] ?? .null, typed: typed, indent: indent + 1)) })
            return topLevel || !typed ? body : "{ \"M\": \(body) }"
        case .l(let list):
            let body = array(list.map { render($0, typed: typed, indent: indent + 1) })
            return typed ? "{ \"L\": \(body) }" : body
        case .ss(let texts): return wrap("SS", "[" + texts.map(quoted).joined(separator: ", ") + "]")
        case .ns(let numbers):
            return wrap(
                "NS",
                "[" + numbers.map { typed ? quoted($0.description) : $0.description }.joined(separator: ", ") + "]")
        case .bs(let blobs):
            return wrap("BS", "[" + blobs.map { quoted(Data($0).base64EncodedString()) }.joined(separator: ", ") + "]")
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
