import CNcurses

/// The terminal as a canvas, through ncursesw. Colour pairs are made as styles need them.
final class NcursesCanvas: Canvas {
    private var pairs: [PairKey: Int32] = [:]
    private let depth: ColorDepth
    private let maxPairs: Int
    /// The locale is not UTF-8: draw ASCII look-alikes.
    private let ascii: Bool

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    init(depth: ColorDepth, ascii: Bool) {
        self.depth = has_colors() ? depth : .monochrome
        self.ascii = ascii
        maxPairs = has_colors() ? Int(vd_color_pairs()) : 0
    }

    var size: TerminalSize { TerminalSize(columns: Int(vd_cols()), rows: Int(vd_lines())) }

    func clear() {
        erase()
    }

    func draw(_ text: String, row: Int, column: Int, style: Style) {
        let size = self.size
        guard (0..<size.rows).contains(row), column < size.columns, column >= 0 else { return }
        // ncurses wraps at the right edge; clip first. The very last cell is left alone, as
        // writing it would scroll some terminals.
        var room = size.columns - column
        if row == size.rows - 1 { room -= 1 }
        var fitted = CellWidth.prefix(of: text, fitting: room).text
        guard !fitted.isEmpty else { return }
        if ascii { fitted = AsciiFallback.translate(fitted) }
        // Without colour, a coloured background (a selected row, the active tab) shows as reverse.
        let reverse = style.reverse || (depth == .monochrome && style.background != .terminalDefault)
        _ = vd_set_style(
            pair(for: style), style.bold ? 1 : 0, style.dim ? 1 : 0, style.underline ? 1 : 0, reverse ? 1 : 0)
        var bytes = Array(fitted.utf8)
        bytes.append(0)
        _ = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map {
                vd_put(
                    Int32(row), Int32(column), UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self),
                    Int32(bytes.count - 1))
            }
        }
    }

    private func pair(for style: Style) -> Int32 {
        guard depth != .monochrome else { return 0 }
        let key = PairKey(
            foreground: ColorMapping.index(of: style.foreground, depth: depth),
            background: ColorMapping.index(of: style.background, depth: depth))
        if key.foreground == -1, key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        guard pairs.count + 1 < maxPairs else { return 0 }
        let pair = Int32(pairs.count + 1)
        _ = vd_init_pair(pair, Int32(key.foreground), Int32(key.background))
        pairs[key] = pair
        return pair
    }
}
