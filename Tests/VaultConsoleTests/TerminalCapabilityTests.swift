import Testing

@testable import VaultConsole

@Suite("Terminal capabilities")
struct TerminalCapabilityTests {
    @Test("colour depth from NO_COLOR and terminfo")
    func depth() {
        #expect(ColorDepth.detect(environment: [:], terminfoColors: 256) == .palette256)
        #expect(ColorDepth.detect(environment: ["COLORTERM": "truecolor"], terminfoColors: 256) == .palette256)
        #expect(ColorDepth.detect(environment: [:], terminfoColors: 1 << 24) == .direct)
        #expect(ColorDepth.detect(environment: [:], terminfoColors: 16) == .palette16)
        #expect(ColorDepth.detect(environment: [:], terminfoColors: 8) == .palette8)
        #expect(ColorDepth.detect(environment: [:], terminfoColors: -1) == .monochrome)
        #expect(ColorDepth.detect(environment: ["NO_COLOR": "1"], terminfoColors: 256) == .monochrome)
        #expect(
            ColorDepth.detect(environment: ["NO_COLOR": ""], terminfoColors: 256) == .palette256,
            "an empty NO_COLOR does not count")
    }

    @Test("colours map to the nearest the terminal has")
    func mapping() {
        #expect(ColorMapping.index(of: .terminalDefault, depth: .palette256) == -1)
        #expect(ColorMapping.index(of: .indexed(75), depth: .palette256) == 75)
        #expect(ColorMapping.index(of: .rgb(0xff, 0, 0), depth: .palette256) == 196)
        #expect(ColorMapping.index(of: .rgb(0x80, 0x80, 0x80), depth: .palette256) == 244)
        #expect(ColorMapping.index(of: .rgb(0xff, 0, 0), depth: .palette8) == 1)
        #expect(ColorMapping.index(of: .indexed(196), depth: .palette16) == 9)
        #expect(ColorMapping.index(of: .rgb(0x12, 0x34, 0x56), depth: .direct) == 0x123456)
        #expect(ColorMapping.index(of: .indexed(75), depth: .monochrome) == -1)
        // Every palette entry maps to itself at 256 colours.
        for index in 0..<256 { #expect(ColorMapping.index(of: .indexed(UInt8(index)), depth: .palette256) == index) }
    }

    @Test("ASCII fallback keeps every width")
    func ascii() {
        let text = "┌ Tenants ─┐ › · … ✓ ✗ ● ▌ ▁▄█ Zoë 東京"
        let translated = AsciiFallback.translate(text)
        #expect(translated.allSatisfy { $0.isASCII })
        #expect(CellWidth.of(translated) == CellWidth.of(text))
        #expect(translated.hasPrefix("+ Tenants -+ > - ~ + x * >"))
    }
}
