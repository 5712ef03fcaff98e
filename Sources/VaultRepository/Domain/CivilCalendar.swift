import Foundation

/// Calendar arithmetic on UTC days and instants without Foundation's formatters, which are far
/// too slow for a million timestamps.
public enum CivilCalendar {
    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `yyyy-MM-dd`.
    public static func date(days: Int) -> ISODate {
        let (y, m, d) = civil(days: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` for milliseconds since the epoch.
    public static func timestamp(milliseconds: Int64) -> ISOTimestamp {
        // Floored division, so instants before 1970 land in the right second and day.
        let millisecond = Int(((milliseconds % 1000) + 1000) % 1000)
        let seconds = Int((milliseconds - Int64(millisecond)) / 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        return
            "\(date(days: days))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millisecond, 3))Z"
    }

    /// Days since the epoch of `yyyy-MM-dd`; nil when it is not such a date.
    public static func days(of date: ISODate) -> Int? {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let days = days(year: y, month: m, day: d)
        return Self.date(days: days) == date ? days : nil
    }
}

extension CivilCalendar {
    /// Today's date in UTC.
    public static func today(_ now: Date = Date()) -> ISODate {
        date(days: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `day` moved by a number of days; nil when `day` is not `yyyy-MM-dd`.
    public static func adding(_ count: Int, daysTo day: ISODate) -> ISODate? {
        days(of: day).map { date(days: $0 + count) }
    }
}
