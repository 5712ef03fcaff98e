import Foundation

/// Items as Amazon Ion text, as DynamoDB's ION exports write them: a map is a struct, a list a
/// list, a number an Ion decimal (`12.`, `0.5`), binary a blob (`{{…}}`), and the sets lists
/// annotated `$dynamodb_SS`, `$dynamodb_NS` or `$dynamodb_BS`.
enum IonText {
    static func write(_ item: Item, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (name, value) in item {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            DynamoJSONText.quoted(name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ value: AttributeValue, into out: inout [UInt8]) {
        func list<T>(_ annotation: String, _ elements: [T], _ each: (T, inout [UInt8]) -> Void) {
            out += Array(annotation.utf8)
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                each(element, &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        switch value {
        case .s(let text): DynamoJSONText.quoted(text, into: &out)
        case .n(let number): decimal(number, into: &out)
        case .b(let bytes): blob(bytes, into: &out)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .ss(let texts): list("$dynamodb_SS::", texts) { DynamoJSONText.quoted($0, into: &$1) }
        case .ns(let numbers): list("$dynamodb_NS::", numbers) { decimal($0, into: &$1) }
        case .bs(let blobs): list("$dynamodb_BS::", blobs) { blob($0, into: &$1) }
        case .m(let map): write(map, into: &out)
        case .l(let elements): list("", elements) { write($0, into: &$1) }
        }
    }

    /// An Ion decimal: the number's plain digits, with a point so it is not read as an integer.
    static func decimal(_ number: DecimalNumber, into out: inout [UInt8]) {
        let start = out.count
        number.write(into: &out)
        if !out[start...].contains(UInt8(ascii: ".")) { out.append(UInt8(ascii: ".")) }
    }

    static func blob(_ bytes: [UInt8], into out: inout [UInt8]) {
        out += Array("{{".utf8)
        out += Array(Data(bytes).base64EncodedString().utf8)
        out += Array("}}".utf8)
    }
}
