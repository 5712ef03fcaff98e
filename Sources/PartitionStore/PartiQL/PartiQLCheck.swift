import Foundation

/// Questions about a PartiQL statement that need no table: whether it parses, and where it
/// does not; whether it is a SELECT. For editors that check a statement as it is typed.
public enum PartiQLCheck {
    /// Why the statement does not parse and the 1-based position of the offending token; nil
    /// when it parses.
    public static func problem(in statement: String) -> (message: String, position: Int?)? {
        do {
            _ = try ExpressionCache.shared.statement(statement)
            return nil
        } catch {
            // The position is told by where the caret goes; the words need not repeat it.
            var message = error.message
            let prefix = "Statement wasn't well formed, can't be processed: "
            if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
            let marker = " at position "
            guard let range = message.range(of: marker, options: .backwards),
                let position = Int(message[range.upperBound...])
            else { return (message, nil) }
            return (String(message[..<range.lowerBound]), position)
        }
    }

    /// Whether the statement's first word (after blanks and `--` comments) is SELECT.
    public static func isSelect(_ statement: String) -> Bool {
        var rest = Substring(statement)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("--") else { break }
            rest = rest.drop { $0 != "\n" }
        }
        return rest.prefix(6).uppercased() == "SELECT" && (rest.dropFirst(6).first.map { !$0.isLetter } ?? true)
    }
}
