/// Characters for a terminal whose locale is not UTF-8: each drawing character becomes one
/// ASCII character of the same width, so layouts hold.
public enum AsciiFallback {
    static let table: [Character: Character] = [
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┴": "+", "┬": "+",
        "▌": ">", "▏": "_", "›": ">", "·": "-", "…": "~", "✓": "+", "✗": "x", "●": "*", "○": "o", "‖": "=", "→": ">",
        "←": "<", "↑": "^", "↓": "v", "–": "-", "‹": "<", "⠋": "|", "⠙": "/", "⠹": "-", "⠸": "\\", "⠼": "|",
        "⠴": "/", "⠦": "-", "⠧": "\\", "⠇": "|", "⠏": "/",
        "▁": ".", "▂": ".", "▃": ":", "▄": ":", "▅": "=", "▆": "=", "▇": "#", "█": "#", "▀": "\"",
    ]

    /// Text with every non-ASCII character replaced: drawing characters by their ASCII look-alike,
    /// letters by `?` (two for a wide character).
    public static func translate(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isASCII {
                out.append(character)
            } else if let replacement = table[character] {
                out.append(replacement)
            } else {
                let width = CellWidth.of(character)
                if width > 0 { out += String(repeating: "?", count: width) }
            }
        }
        return out
    }
}
