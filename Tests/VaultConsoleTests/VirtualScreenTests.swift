import TestSupport
import Testing

@testable import VaultConsole

@Suite("Virtual screen and cell widths")
struct VirtualScreenTests {
    @Test("Cell widths: ASCII and accents 1, CJK and emoji 2, combining marks 0")
    func widths() {
        #expect(CellWidth.of("Zoë Müller") == 10)
        #expect(CellWidth.of("東京") == 4)
        #expect(CellWidth.of("💳") == 2)
        #expect(CellWidth.of("e\u{301}") == 1)
        #expect(CellWidth.of("█▀▄") == 3)
        #expect(CellWidth.prefix(of: "ab東京", fitting: 3) == ("ab", 2))
        #expect(CellWidth.prefix(of: "ab東京", fitting: 4) == ("ab東", 4))
    }

    @Test(
        "A text's width is the sum of its characters' widths, and the prefix that fits is the longest", arguments: 1...3
    )
    func widthLaws(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let pieces = [
            "a", "Z", " ", "~", "\t", "\r\n", "\u{1B}", "é", "e\u{301}", "東", "💳", "\u{200B}", "☺\u{FE0F}", "█",
        ]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let widths = text.map { CellWidth.of($0) }
            #expect(CellWidth.of(text) == widths.reduce(0, +), "\(text.debugDescription)")
            let columns = Int.random(in: 0...14, using: &random)
            var fitting = 0
            var count = 0
            for width in widths {
                guard fitting + width <= columns else { break }
                fitting += width
                count += 1
            }
            let prefix = CellWidth.prefix(of: text, fitting: columns)
            #expect(prefix.text == String(text.prefix(count)) && prefix.width == fitting, "\(text.debugDescription)")
        }
    }

    @Test("Drawing clips at the edges, keeps wide characters whole, and styles cells")
    func drawing() {
        let screen = VirtualScreen(size: TerminalSize(columns: 8, rows: 3))
        screen.draw("Northwind Energy", row: 0, column: 2, style: .plain)
        #expect(screen.line(0) == "  Northw")
        screen.draw("東京東京", row: 1, column: 1, style: Style(bold: true))
        // 1 + 3 wide characters = 7 columns; the fourth would straddle the edge.
        #expect(screen.line(1) == " 東京東 ")
        #expect(screen.cells[1][1].style.bold && !screen.cells[1][0].style.bold)
        screen.draw("xy", row: 2, column: -1, style: .plain)
        #expect(screen.line(2).hasPrefix("y"))
        screen.draw("ignored", row: 3, column: 0, style: .plain)
        screen.draw("ignored", row: -1, column: 0, style: .plain)
        #expect(screen.text.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
        screen.resize(to: TerminalSize(columns: 4, rows: 2))
        #expect(screen.text == "    \n    ")
    }
}
