import TestSupport
import Testing

@testable import VaultConsole

/// The one-line field under everything typed: the lookup box (where a QR scanner types too), the
/// filter and the command line.
@Suite("Text field")
struct TextFieldTests {
    /// Types a string as the terminal delivers it: one Unicode scalar at a time.
    static func typed(_ text: String, into field: inout TextField) {
        for scalar in text.unicodeScalars { _ = field.edit(.character(Character(scalar))) }
    }

    @Test(
        "combining marks, flags, skin tones and ZWJ sequences typed a scalar at a time join into one character; the next key does not trap",
        arguments: ["e\u{301}", "🇩🇪", "👍🏽", "👩‍👩‍👧", "漢字", "שָׁלוֹם", "a\u{301}\u{302}\u{303}"])
    func joiningScalars(text: String) {
        var field = TextField()
        Self.typed(text, into: &field)
        #expect(field.text == text)
        #expect(field.caret == text.count)
        #expect(field.caretColumn == CellWidth.of(text))
        for key: Key in [
            .character("x"), .left, .left, .character("y"), .backspace, .delete, .right, .control("w"), .home, .end,
            .control("k"), .control("u"),
        ] {
            let taken = field.edit(key)
            #expect(taken)
            #expect(field.beforeCaret.count <= field.text.count)
            #expect(field.text.hasPrefix(field.beforeCaret))
        }
    }

    @Test("editing keys move and delete whole characters")
    func wholeCharacters() {
        var field = TextField()
        Self.typed("a🇩🇪b", into: &field)
        _ = field.edit(.left)
        _ = field.edit(.left)
        #expect(field.caret == 1 && field.caretColumn == 1)
        _ = field.edit(.delete)
        #expect(field.text == "ab")
        Self.typed("e\u{301}", into: &field)
        #expect(field.text == "aéb" && field.caret == 2)
        _ = field.edit(.backspace)
        #expect(field.text == "ab" && field.caret == 1)
        Self.typed("漢", into: &field)
        #expect(field.caretColumn == 3)
        _ = field.edit(.control("w"))
        #expect(field.text == "b" && field.caret == 0)
    }

    @Test(
        "random edits over random Unicode never trap and keep the caret on a character boundary",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomEdits(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let pieces: [String] = [
            "a", "Z", " ", "7", "é", "\u{301}", "\u{308}", "\u{200D}", "\u{FE0F}", "🇩", "🇪", "🇫", "👍", "🏽", "👩", "👧",
            "漢", "字", "ｶ", "\u{5E9}", "\u{5B8}", "\u{627}", "\u{200F}", "\u{202E}", "\u{1100}", "\u{1161}", "\r",
            "\u{0}",
            "\u{1F1FA}", "👨‍💻", "\u{E0067}",
        ]
        let keys: [Key] = [
            .left, .right, .home, .end, .backspace, .delete, .control("h"), .control("d"), .control("f"), .control("e"),
            .control("u"), .control("k"), .control("w"),
        ]
        for _ in 0..<200 {
            var field = TextField(Bool.random(using: &rng) ? "" : "start ✓")
            for _ in 0..<60 {
                if Int.random(in: 0..<3, using: &rng) == 0, let key = keys.randomElement(using: &rng) {
                    _ = field.edit(key)
                } else if let piece = pieces.randomElement(using: &rng) {
                    Self.typed(piece, into: &field)
                }
                // The caret sits on a boundary of the text's own characters.
                #expect(field.text.hasPrefix(field.beforeCaret))
                let text = field.text
                let boundary =
                    text.index(text.startIndex, offsetBy: field.caret, limitedBy: text.endIndex) ?? text.endIndex
                let prefix = String(text[..<boundary])
                #expect(prefix == field.beforeCaret, "caret \(field.caret) in \(text.debugDescription)")
                #expect(field.caretColumn >= 0 && field.caretColumn <= CellWidth.of(field.text))
            }
        }
    }

    @Test("control characters from a store are shown in caret notation, never raw; other text is untouched")
    func terminalText() {
        #expect(TerminalText.safe("Evil\u{1B}]0;pwned\u{07}") == "Evil^[]0;pwned^G")
        #expect(TerminalText.safe("\u{1B}[2J\u{9B}31m\u{7F}") == "^[[2J<U+009B>31m^?")
        #expect(TerminalText.safe("line\nbreak") == "line^Jbreak")
        #expect(TerminalText.safe("line\nbreak", keepingLineBreaks: true) == "line\nbreak")
        for text in ["Zürich 漢字 🇩🇪 שָׁלוֹם", "tab-free", ""] { #expect(TerminalText.safe(text) == text) }
        let everyControl = String(String.UnicodeScalarView((0..<0xA0).compactMap { Unicode.Scalar(UInt32($0)) }))
        let shown = TerminalText.safe(everyControl).unicodeScalars.filter {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
        }
        #expect(shown.isEmpty)
    }
}
