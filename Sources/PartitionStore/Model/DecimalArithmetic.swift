/// Exact addition and subtraction. The result must fit DynamoDB's limits (38 significant digits,
/// its exponent range); otherwise the operation fails rather than round.
extension DecimalNumber {
    public func adding(_ other: DecimalNumber) throws(StoreError) -> DecimalNumber {
        if other.isZero { return self }
        if isZero { return other }
        // Both as integers of digits scaled by 10^scale, least significant digit first.
        let scale = Swift.min(exponent - digits.count, other.exponent - other.digits.count)
        let lhs = aligned(to: scale)
        let rhs = other.aligned(to: scale)
        let resultDigits: [UInt8]
        let negative: Bool
        if isNegative == other.isNegative {
            resultDigits = Self.add(lhs, rhs)
            negative = isNegative
        } else if Self.compareMagnitude(self, other) >= 0 {
            resultDigits = Self.subtract(lhs, rhs)
            negative = isNegative
        } else {
            resultDigits = Self.subtract(rhs, lhs)
            negative = other.isNegative
        }
        let mostSignificantFirst = Array(resultDigits.reversed())
        // Exact results with more than 38 significant digits are refused by the initialiser.
        return try DecimalNumber(
            isNegative: negative, rawDigits: mostSignificantFirst, exponent: mostSignificantFirst.count + scale)
    }

    public func subtracting(_ other: DecimalNumber) throws(StoreError) -> DecimalNumber {
        try adding(other.negated)
    }

    public var negated: DecimalNumber {
        DecimalNumber(unchecked: !isNegative, digits: digits, exponent: exponent)
    }

    /// The magnitude's digits, least significant first, for a value scaled by 10^-scale.
    private func aligned(to scale: Int) -> [UInt8] {
        let trailingZeros = (exponent - digits.count) - scale
        return Array(repeating: 0, count: trailingZeros) + digits.reversed()
    }

    private static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Swift.max(a.count, b.count) + 1)
        var carry: UInt8 = 0
        for index in 0..<Swift.max(a.count, b.count) {
            let sum = (index < a.count ? a[index] : 0) + (index < b.count ? b[index] : 0) + carry
            out.append(sum % 10)
            carry = sum / 10
        }
        if carry > 0 { out.append(carry) }
        return out
    }

    /// a - b where |a| >= |b|.
    private static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        var borrow = 0
        for index in 0..<a.count {
            var difference = Int(a[index]) - Int(index < b.count ? b[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 10 }
            out.append(UInt8(difference))
        }
        return out
    }
}
