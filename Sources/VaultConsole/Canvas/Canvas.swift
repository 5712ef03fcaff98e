/// Where views draw: a grid of character cells. ncurses is one canvas; `VirtualScreen`, an
/// in-memory grid, is another, so every screen can be tested as text.
public protocol Canvas: AnyObject {
    var size: TerminalSize { get }
    /// Blanks every cell.
    func clear()
    /// Writes `text` from a cell onwards, in `style`. Text past the right edge or outside the
    /// grid is clipped; a wide character that would straddle the edge is not drawn.
    func draw(_ text: String, row: Int, column: Int, style: Style)
}

public struct TerminalSize: Hashable, Sendable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
    }

    public var description: String { "\(columns)x\(rows)" }
}

/// How a run of text looks: colours (resolved by the theme) and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
        bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
}

/// A colour as a theme names it; the terminal canvas maps it to what the terminal can show.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own colour, so its background shows through.
    case terminalDefault
    /// One of the 256 indexed colours (0–15 are the terminal's palette).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}
