/// An ISO 4217 currency code and how many minor units its major unit has.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for BHD.
    public let minorDigits: Int

    /// Currencies whose minor units differ from the usual two.
    private static let exceptions: [String: Int] = [
        "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0, "UGX": 0,
        "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
    ]

    /// A currency from its three-letter code; nil when the code is not three ASCII letters.
    public init?(_ code: String) {
        let upper = code.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ (65...90).contains($0) }) else { return nil }
        self.code = upper
        minorDigits = Self.exceptions[upper] ?? 2
    }

    public var description: String { code }
}

/// An exact amount of money in minor units (cents, pence, yen). Never floating point.
public struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Amounts in one currency order by value; different currencies order by code first.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        (lhs.currency.code, lhs.minorUnits) < (rhs.currency.code, rhs.minorUnits)
    }

    /// The amount as a decimal string in major units: `1234` EUR cents is `12.34`.
    public var decimalString: String {
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        guard currency.minorDigits > 0 else { return (negative ? "-" : "") + String(magnitude) }
        var divisor: UInt64 = 1
        for _ in 0..<currency.minorDigits { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        let padded = String(repeating: "0", count: currency.minorDigits - fraction.count) + fraction
        return (negative ? "-" : "") + String(magnitude / divisor) + "." + padded
    }

    /// `12.34 EUR`.
    public var description: String { "\(decimalString) \(currency.code)" }

    /// Adds amounts of the same currency; nil on a currency mismatch or overflow.
    public func adding(_ other: Money) -> Money? {
        guard other.currency == currency else { return nil }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum, currency: currency)
    }
}
