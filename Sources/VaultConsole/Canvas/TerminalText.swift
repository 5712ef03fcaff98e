/// Text from a store made safe for a terminal. Stored data is other people's input: a customer
/// name holding `ESC ] 0;…BEL` would retitle the window, `ESC [ 2 J` clear it, and worse
/// sequences exist. Control characters are shown in caret notation (`^[`), as ncurses shows
/// them, so nothing stored can reach the terminal as a command. The console's painter and every
/// command that prints stored data use this one function.
public enum TerminalText {
    /// `text` with every C0 and C1 control character and DEL made visible; line breaks are
    /// kept only when `keepingLineBreaks` (for a command's own multi-line output).
    public static func safe(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar), !(keepingLineBreaks && scalar == "\n") else {
                out.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            default:
                // C1 controls (U+0080–U+009F): 8-bit terminals read U+009B as CSI.
                out.append(
                    contentsOf: "<U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4))>".unicodeScalars)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
