/// How many colours the terminal shows, decided from `NO_COLOR`, `COLORTERM` and terminfo.
public enum ColorDepth: Hashable, Sendable, CustomStringConvertible {
    /// Any RGB colour, drawn directly (a direct-colour terminfo such as xterm-direct).
    case direct
    /// The 256-colour palette; RGB colours take the nearest entry.
    case palette256
    case palette16
    case palette8
    /// No colour: bold, dim, underline and reverse only. A coloured background becomes reverse.
    case monochrome

    /// `NO_COLOR` (any value) wins; then the colours terminfo reports. `COLORTERM=truecolor` is
    /// noted but ncurses can only send RGB through a direct-colour terminfo, so without one the
    /// nearest of the 256 is used.
    public static func detect(environment: [String: String], terminfoColors: Int) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        switch terminfoColors {
        case (1 << 24)...: return .direct
        case 256...: return .palette256
        case 16...: return .palette16
        case 8...: return .palette8
        default: return .monochrome
        }
    }

    /// Palette entries available to colour pairs.
    var paletteSize: Int {
        switch self {
        case .direct: 1 << 24
        case .palette256: 256
        case .palette16: 16
        case .palette8: 8
        case .monochrome: 0
        }
    }

    public var description: String {
        switch self {
        case .direct: "direct colour"
        case .palette256: "256 colours"
        case .palette16: "16 colours"
        case .palette8: "8 colours"
        case .monochrome: "monochrome"
        }
    }
}
