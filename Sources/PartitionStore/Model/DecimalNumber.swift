/// An exact decimal number as DynamoDB stores it: up to 38 significant digits, magnitude between
/// 1E-130 and 9.99…E+125, never converted through floating point.
///
/// The value is `±0.d₁d₂…dₙ × 10^exponent` with `d₁ ≠ 0` and `dₙ ≠ 0`, so every number has exactly
/// one representation (`1`, `1.0` and `10E-1` are equal and print the same).
public struct DecimalNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maxDigits = 38
    /// `0.1 × 10^-129` is 1E-130, the smallest magnitude DynamoDB accepts.
    static let minExponent = -129
    /// `0.999… × 10^126` is 9.99…E+125, the largest magnitude.
    static let maxExponent = 126

    public let isNegative: Bool
    /// Significant digits, each 0–9, without leading or trailing zeros; empty for zero.
    public let digits: [UInt8]
    public let exponent: Int

    public static let zero = DecimalNumber(unchecked: false, digits: [], exponent: 0)

    init(unchecked isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = isNegative && !digits.isEmpty
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// Normalises raw digits (strips zeros) and checks DynamoDB's limits.
    init(isNegative: Bool, rawDigits: [UInt8], exponent: Int) throws(StoreError) {
        var first = 0
        while first < rawDigits.count, rawDigits[first] == 0 { first += 1 }
        var last = rawDigits.count
        while last > first, rawDigits[last - 1] == 0 { last -= 1 }
        let digits = Array(rawDigits[first..<last])
        let adjusted = exponent - first
        guard !digits.isEmpty else {
            self = .zero
            return
        }
        guard digits.count <= Self.maxDigits else {
            throw .validation("Attempting to store more than 38 significant digits in a Number")
        }
        guard adjusted <= Self.maxExponent else {
            throw .validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range")
        }
        guard adjusted >= Self.minExponent else {
            throw .validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range")
        }
        self.init(unchecked: isNegative, digits: digits, exponent: adjusted)
    }

    /// Parses DynamoDB's number syntax: an optional sign, digits with an optional decimal point,
    /// and an optional exponent (`-12.5`, `.5`, `1e10`, `+3E-2`).
    public init(_ text: String) throws(StoreError) {
        var bytes = Array(text.utf8)[...]
        let invalid = StoreError.validation("The parameter cannot be converted to a numeric value: \(text)")
        guard !bytes.isEmpty, bytes.count <= 1000 else { throw invalid }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count)
        var pointPosition: Int?
        var sawDigit = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                guard pointPosition == nil else { throw invalid }
                pointPosition = digits.count
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                sawDigit = true
            } else {
                throw invalid
            }
        }
        guard sawDigit else { throw invalid }
        var exponent = 0
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            var exponentNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.count <= 6 else { throw invalid }
            for byte in bytes {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw invalid }
                exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
            }
            if exponentNegative { exponent = -exponent }
        }
        // 0.d1d2… × 10^(integer digits + written exponent)
        try self.init(isNegative: negative, rawDigits: digits, exponent: (pointPosition ?? digits.count) + exponent)
    }

    public init(_ value: Int) {
        var magnitude = value.magnitude
        var reversed: [UInt8] = []
        while magnitude > 0 {
            reversed.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        let digits = Array(reversed.reversed())
        var last = digits.count
        while last > 0, digits[last - 1] == 0 { last -= 1 }
        self.init(unchecked: value < 0, digits: Array(digits[..<last]), exponent: digits.count)
    }

    public var isZero: Bool { digits.isEmpty }

    /// The canonical text: plain decimal notation, no exponent, no redundant zeros.
    public var description: String {
        var text: [UInt8] = []
        write(into: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the number as `description` spells it, digit by digit: responses write every
    /// number this way.
    public func write(into bytes: inout [UInt8]) {
        guard !digits.isEmpty else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let zero = UInt8(ascii: "0")
        bytes.reserveCapacity(bytes.count + digits.count + max(0, -exponent) + max(0, exponent - digits.count) + 3)
        if isNegative { bytes.append(UInt8(ascii: "-")) }
        if exponent <= 0 {
            bytes.append(zero)
            bytes.append(UInt8(ascii: "."))
            for _ in 0..<(-exponent) { bytes.append(zero) }
            for digit in digits { bytes.append(zero + digit) }
        } else {
            for (index, digit) in digits.enumerated() {
                if index == exponent { bytes.append(UInt8(ascii: ".")) }
                bytes.append(zero + digit)
            }
            for _ in 0..<max(0, exponent - digits.count) { bytes.append(zero) }
        }
    }

    /// The value as an Int64 when it is an integer that fits; nil otherwise.
    public var int64Value: Int64? {
        guard exponent >= digits.count || digits.isEmpty, exponent <= 19 else { return nil }
        var value: Int64 = 0
        for index in 0..<max(exponent, 0) {
            let digit = index < digits.count ? Int64(digits[index]) : 0
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) =
                isNegative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    public static func < (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func compare(_ lhs: DecimalNumber, _ rhs: DecimalNumber) -> Int {
        let ls = lhs.signum
        let rs = rhs.signum
        if ls != rs { return ls < rs ? -1 : 1 }
        if ls == 0 { return 0 }
        let magnitude = compareMagnitude(lhs, rhs)
        return ls < 0 ? -magnitude : magnitude
    }

    var signum: Int { digits.isEmpty ? 0 : (isNegative ? -1 : 1) }

    static func compareMagnitude(_ lhs: DecimalNumber, _ rhs: DecimalNumber) -> Int {
        if lhs.exponent != rhs.exponent { return lhs.exponent < rhs.exponent ? -1 : 1 }
        for (a, b) in zip(lhs.digits, rhs.digits) where a != b { return a < b ? -1 : 1 }
        if lhs.digits.count == rhs.digits.count { return 0 }
        return lhs.digits.count < rhs.digits.count ? -1 : 1
    }

    /// DynamoDB's size of a number: about one byte per two significant digits, plus one.
    var storageSize: Int { (digits.count + 1) / 2 + 1 }
}

// MARK: - Order-preserving bytes

extension DecimalNumber {
    private static let negativeClass: UInt8 = 0x01
    private static let zeroClass: UInt8 = 0x02
    private static let positiveClass: UInt8 = 0x03

    /// Bytes whose memcmp order is numeric order: a class byte (negative, zero, positive), the
    /// exponent in one byte, then two digits per byte. Negatives complement the exponent and
    /// digits and end with 0xFF so that a longer mantissa sorts lower, as it must.
    var orderedBytes: [UInt8] {
        guard !digits.isEmpty else { return [Self.zeroClass] }
        var out: [UInt8] = []
        out.reserveCapacity(3 + digits.count / 2 + 1)
        let exponentByte = UInt8(exponent - Self.minExponent)
        out.append(isNegative ? Self.negativeClass : Self.positiveClass)
        out.append(isNegative ? ~exponentByte : exponentByte)
        var index = 0
        while index < digits.count {
            let high = digits[index]
            let low = index + 1 < digits.count ? digits[index + 1] : 0
            let pair = high * 10 + low + 1  // 1...100, never 0 or 0xFF
            out.append(isNegative ? ~pair : pair)
            index += 2
        }
        if isNegative { out.append(0xFF) }
        return out
    }

    /// Decodes `orderedBytes`; nil when the bytes are not a valid encoding.
    init?(orderedBytes bytes: some Collection<UInt8>) {
        var iterator = bytes.makeIterator()
        guard let cls = iterator.next() else { return nil }
        if cls == Self.zeroClass {
            guard iterator.next() == nil else { return nil }
            self = .zero
            return
        }
        guard cls == Self.negativeClass || cls == Self.positiveClass, let rawExponent = iterator.next() else {
            return nil
        }
        let negative = cls == Self.negativeClass
        let exponent = Int(negative ? ~rawExponent : rawExponent) + Self.minExponent
        var digits: [UInt8] = []
        var terminated = false
        while let raw = iterator.next() {
            if negative, raw == 0xFF {
                terminated = true
                break
            }
            let pair = (negative ? ~raw : raw)
            guard pair >= 1, pair <= 100 else { return nil }
            digits.append((pair - 1) / 10)
            digits.append((pair - 1) % 10)
        }
        guard negative == terminated, iterator.next() == nil else { return nil }
        while digits.last == 0 { digits.removeLast() }
        guard digits.first.map({ $0 != 0 }) ?? false else { return nil }
        self.init(unchecked: negative, digits: digits, exponent: exponent)
    }
}
