import Foundation
import VaultRepository

/// How the console writes numbers, money and times: figures right-aligned, money with its
/// currency, dates ISO, times in UTC to the minute.
enum Format {
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func money(_ money: Money) -> String { "\(money.currency.code) \(amount(money))" }

    /// The amount alone, with thousands separators and the currency's minor digits.
    static func amount(_ money: Money) -> String {
        let digits = money.currency.minorDigits
        let magnitude = money.minorUnits.magnitude
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = count(Int(magnitude / scale))
        let sign = money.minorUnits < 0 ? "-" : ""
        guard digits > 0 else { return sign + whole }
        var fraction = String(magnitude % scale)
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction)"
    }

    /// `2026-11-05 09:12` from an ISO timestamp.
    static func minute(_ timestamp: ISOTimestamp) -> String {
        let characters = Array(timestamp)
        guard characters.count >= 16 else { return timestamp }
        return String(characters[0..<10]) + " " + String(characters[11..<16])
    }

    static func bytes(_ count: Int) -> String {
        count >= 1_000_000 ? "\(count / 1_000_000) MB" : count >= 1_000 ? "\(count / 1_000) KB" : "\(count) B"
    }

    /// `9f2c…e1` for a long hash.
    static func short(_ hash: String, keep: Int = 4) -> String {
        hash.count > keep * 2 + 1 ? "\(hash.prefix(keep))…\(hash.suffix(2))" : hash
    }

    static func lower(_ raw: String) -> String { raw.lowercased().replacingOccurrences(of: "_", with: " ") }

    static func units(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
