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
