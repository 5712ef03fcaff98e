/// An in-memory canvas: what a terminal would show, as text and styles, for tests and golden
/// snapshots.
public final class VirtualScreen: Canvas {
    public struct Cell: Hashable, Sendable {
        /// The character shown; empty for the right half of a wide character.
        public var character: String
        public var style: Style

        public static let blank = Cell(character: " ", style: .plain)
    }

    public private(set) var size: TerminalSize
    public private(set) var cells: [[Cell]]

    public init(size: TerminalSize) {
        self.size = size
        cells = Array(repeating: Array(repeating: .blank, count: size.columns), count: size.rows)
    }

    /// Changes the size, as a terminal resize does: the content is blanked for the next frame.
    public func resize(to newSize: TerminalSize) {
        size = newSize
        clear()
    }

    public func clear() {
        cells = Array(repeating: Array(repeating: .blank, count: size.columns), count: size.rows)
    }

    public func draw(_ text: String, row: Int, column: Int, style: Style) {
        guard (0..<size.rows).contains(row) else { return }
        var x = column
        for character in text {
            let width = CellWidth.of(character)
            if width == 0 {
                // A combining mark joins the character before it.
                if x - 1 >= 0, x - 1 < size.columns { cells[row][x - 1].character += String(character) }
                continue
            }
            if x >= size.columns { break }
            if x >= 0 {
                if width == 2 && x + 1 >= size.columns { break }
                cells[row][x] = Cell(character: String(character), style: style)
                if width == 2 { cells[row][x + 1] = Cell(character: "", style: style) }
            }
            x += width
        }
    }

    /// The screen as plain text, one line per row, trailing spaces kept so sizes show.
    public var text: String {
        cells.map { row in row.map(\.character).joined() }.joined(separator: "\n")
    }

    /// One row as text.
    public func line(_ row: Int) -> String {
        guard (0..<size.rows).contains(row) else { return "" }
        return cells[row].map(\.character).joined()
    }
}
