/// A key as the console understands it, whichever terminal or test produced it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    /// Ctrl with a letter, e.g. `.control("c")`.
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete

    /// Keys from text, as a keyboard-wedge scanner or a test types it: `\n` is Enter.
    public static func typing(_ text: String) -> [Key] {
        text.map { $0 == "\n" || $0 == "\r" ? .enter : .character($0) }
    }

    /// The key's name in help and hints.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let letter): "ctrl-\(letter)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .home: "home"
        case .end: "end"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .backspace: "backspace"
        case .delete: "del"
        }
    }
}
