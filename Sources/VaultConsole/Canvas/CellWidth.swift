/// How many terminal columns a character takes: 2 for East Asian wide and full-width characters
/// and emoji, 0 for combining marks and joiners, else 1 (as wcwidth answers for them).
public enum CellWidth {
    public static func of(_ character: Character) -> Int {
        // Printable ASCII, nearly every character a screen shows, is one column: no table lookups.
        if let ascii = character.asciiValue, isPrintable(ascii) { return 1 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count == 1, isZeroWidth(first) { return 0 }
        if first.properties.isEmojiPresentation || isWide(first.value) { return 2 }
        // A text-style symbol made an emoji by a variation selector.
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    /// Whether every character of `text` is printable ASCII, so its width is its length in bytes.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy(isPrintable)
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func isWide(_ value: UInt32) -> Bool {
        wideRanges.contains { $0.contains(value) }
    }

    /// The longest prefix of `text` that fits in `columns`, and its width.
    public static func prefix(of text: String, fitting columns: Int) -> (text: String, width: Int) {
        if isPrintableASCII(text) {
            let width = max(0, min(columns, text.utf8.count))
            return (String(decoding: text.utf8.prefix(width), as: UTF8.self), width)
        }
        var width = 0
        var end = text.startIndex
        for index in text.indices {
            let next = width + of(text[index])
            if next > columns { break }
            width = next
            end = text.index(after: index)
        }
        return (String(text[..<end]), width)
    }
}
