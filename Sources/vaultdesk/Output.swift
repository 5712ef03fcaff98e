import Foundation
import VaultConsole

/// What the commands print. Stored data is other people's input, so every line a command
/// prints goes through the console's `TerminalText.safe`: no control sequence from a store
/// reaches the terminal.
enum Output {
    /// A line (or lines) on standard output.
    static func say(_ text: String) {
        print(TerminalText.safe(text, keepingLineBreaks: true))
    }

    /// A line on standard error.
    static func complain(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.safe(text, keepingLineBreaks: true) + "\n").utf8))
    }

    /// JSON for scripts: JSON already escapes C0 controls; DEL and the C1 controls are escaped
    /// too, since some terminals act on them even in UTF-8.
    static func json(_ text: String) {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        print(String(out))
    }
}
