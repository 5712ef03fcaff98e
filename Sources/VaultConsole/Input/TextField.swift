/// A one-line text field: the lookup box, the command line, filters and small prompts. Readline
/// keys where they do not clash: Ctrl-a and Ctrl-b are left to tmux and screen.
public struct TextField: Hashable, Sendable {
    public private(set) var text: String
    /// Position of the caret, in characters.
    public private(set) var caret: Int

    public init(_ text: String = "") {
        self.text = text
        caret = text.count
    }

    /// Applies an editing key; answers false for keys a text field does not take.
    public mutating func edit(_ key: Key) -> Bool {
        var characters = Array(text)
        switch key {
        case .character(let character):
            characters.insert(character, at: caret)
            caret += 1
        case .backspace, .control("h"):
            guard caret > 0 else { return true }
            characters.remove(at: caret - 1)
            caret -= 1
        case .delete, .control("d"):
            guard caret < characters.count else { return true }
            characters.remove(at: caret)
        case .left: caret = max(0, caret - 1)
        case .right, .control("f"): caret = min(characters.count, caret + 1)
        case .home: caret = 0
        case .end, .control("e"): caret = characters.count
        case .control("u"):
            characters.removeSubrange(0..<caret)
            caret = 0
        case .control("k"):
            characters.removeSubrange(caret...)
        case .control("w"):
            var start = caret
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<caret)
            caret = start
        default:
            return false
        }
        text = String(characters)
        return true
    }

    public mutating func set(_ newText: String) {
        text = newText
        caret = newText.count
    }
}
