/// Maps theme colours to what a terminal can show: the 256-colour palette, or the basic 16 or 8.
enum ColorMapping {
    /// The levels of the 6×6×6 colour cube in the 256-colour palette.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The 16 basic colours as xterm draws them.
    static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    /// The RGB of a palette index.
    static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16: return basic[index]
        case 16..<232:
            let value = index - 16
            return (cubeLevels[value / 36], cubeLevels[value / 6 % 6], cubeLevels[value % 6])
        default:
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
    }

    /// The nearest index among the first `count` palette entries (256, 16 or 8).
    static func nearest(_ rgb: (Int, Int, Int), among count: Int) -> Int {
        func distance(_ other: (Int, Int, Int)) -> Int {
            let (dr, dg, db) = (rgb.0 - other.0, rgb.1 - other.1, rgb.2 - other.2)
            return 2 * dr * dr + 4 * dg * dg + 3 * db * db
        }
        if count >= 256 {
            // The cube and the grey ramp hold the close matches; the basic 16 vary by terminal.
            func cubeIndex(_ component: Int) -> Int {
                cubeLevels.indices.min { abs(cubeLevels[$0] - component) < abs(cubeLevels[$1] - component) } ?? 0
            }
            let cube = 16 + 36 * cubeIndex(rgb.0) + 6 * cubeIndex(rgb.1) + cubeIndex(rgb.2)
            let grey = 232 + max(0, min(23, ((rgb.0 + rgb.1 + rgb.2) / 3 - 8) / 10))
            return distance(self.rgb(ofIndex: cube)) <= distance(self.rgb(ofIndex: grey)) ? cube : grey
        }
        let candidates = min(count, 16)
        return (0..<candidates).min { distance(basic[$0]) < distance(basic[$1]) } ?? 7
    }

    /// The colour number for a theme colour at a colour depth; -1 is the terminal's default. A
    /// direct-colour terminal takes `0xRRGGBB` itself.
    static func index(of color: TerminalColor, depth: ColorDepth) -> Int {
        switch (color, depth) {
        case (.terminalDefault, _), (_, .monochrome): return -1
        case (.rgb(let r, let g, let b), .direct): return Int(r) << 16 | Int(g) << 8 | Int(b)
        case (.indexed(let index), .direct):
            let (r, g, b) = rgb(ofIndex: Int(index))
            return r << 16 | g << 8 | b
        case (.indexed(let index), _):
            let value = Int(index)
            return value < depth.paletteSize ? value : nearest(rgb(ofIndex: value), among: depth.paletteSize)
        case (.rgb(let r, let g, let b), _):
            return nearest((Int(r), Int(g), Int(b)), among: depth.paletteSize)
        }
    }
}
