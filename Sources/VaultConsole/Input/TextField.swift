/// A one-line text field: the lookup box, the command line, filters and small prompts. Readline
/// keys where they do not clash: Ctrl-a and Ctrl-b are left to tmux and screen.
///
/// The terminal delivers text a Unicode scalar at a time, and scalars join into one character
/// after they arrive: `e` then U+0301 is one `é`, two regional indicators one flag, a skin tone
/// joins the emoji before it. So the caret is kept as the text before it, and every edit is
/// made on the scalars and then settled on a character (grapheme cluster) boundary; it can
/// never point inside a character or past the end.
public struct TextField: Hashable, Sendable {
    public private(set) var text: String
    /// The text left of the caret: always a whole number of the text's characters.
    public private(set) var beforeCaret: String

    public init(_ text: String = "") {
        self.text = text
        beforeCaret = text
    }

    /// Position of the caret, in characters (grapheme clusters).
    public var caret: Int { beforeCaret.count }

    /// The terminal columns left of the caret, where a view draws it.
    public var caretColumn: Int { CellWidth.of(beforeCaret) }

    /// Applies an editing key; answers false for keys a text field does not take.
    public mutating func edit(_ key: Key) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var split = beforeCaret.unicodeScalars.count
        var edited = scalars
        switch key {
        case .character(let character):
            edited.insert(contentsOf: character.unicodeScalars, at: split)
            split += character.unicodeScalars.count
        case .backspace, .control("h"):
            guard let last = beforeCaret.last else { return true }
            let width = last.unicodeScalars.count
            edited.removeSubrange((split - width)..<split)
            split -= width
        case .delete, .control("d"):
            let after = String(String.UnicodeScalarView(scalars[split...]))
            guard let next = after.first else { return true }
            edited.removeSubrange(split..<(split + next.unicodeScalars.count))
        case .left:
            guard let last = beforeCaret.last else { return true }
            split -= last.unicodeScalars.count
        case .right, .control("f"):
            let after = String(String.UnicodeScalarView(scalars[split...]))
            guard let next = after.first else { return true }
            split += next.unicodeScalars.count
        case .home: split = 0
        case .end, .control("e"): split = scalars.count
        case .control("u"):
            edited.removeSubrange(0..<split)
            split = 0
        case .control("k"):
            edited.removeSubrange(split...)
        case .control("w"):
            var characters = Array(beforeCaret)
            while characters.last == " " { characters.removeLast() }
            while let last = characters.last, last != " " { characters.removeLast() }
            let start = String(characters).unicodeScalars.count
            edited.removeSubrange(start..<split)
            split = start
        default:
            return false
        }
        settle(String(String.UnicodeScalarView(edited)), caretScalars: split)
        return true
    }

    public mutating func set(_ newText: String) {
        text = newText
        beforeCaret = newText
    }

    /// Takes the edited text and puts the caret on the first character boundary at or after the
    /// given scalar offset: an edit that joined scalars into one character leaves the caret
    /// after the whole character.
    private mutating func settle(_ newText: String, caretScalars: Int) {
        text = newText
        var offset = 0
        var end = newText.startIndex
        for index in newText.indices {
            if offset >= caretScalars { break }
            let next = newText.index(after: index)
            offset += newText.unicodeScalars[index..<next].count
            end = next
        }
        beforeCaret = String(newText[..<end])
    }
}
