import Foundation

/// Instants as fixed-pattern UTC text, the same on every machine whatever its locale: stream
/// labels, the day folders of a lake, backup names.
public enum UTCText {
    /// `seconds` since 1970 in a `DateFormatter` pattern such as `yyyy-MM-dd`.
    public static func format(_ seconds: Double, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
