import CQRencode
import Foundation

/// A QR code as a square of dark and light modules, made by libqrencode. The console draws it
/// with half-block characters; `pbm()` and `png()` write it as an image file.
public struct QRMatrix: Sendable, Hashable {
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]
    /// The light border scanners need around the code, in modules (the standard asks for 4).
    public static let quietZone = 4

    /// How much of a code can be damaged and still read.
    public enum Correction: Sendable {
        /// 7%: the smallest code, for a clean screen.
        case low
        /// 15%: for print.
        case medium
    }

    /// Encodes text in byte mode, in the smallest version that holds it: at level M (15% of the
    /// code can be damaged) unless told otherwise.
    public init(encoding text: String, correction: Correction = .medium) throws(QRCodeError) {
        guard !text.isEmpty else { throw .empty }
        let bytes = Array(text.utf8)
        let level = correction == .low ? QR_ECLEVEL_L : QR_ECLEVEL_M
        guard
            let code = bytes.withUnsafeBufferPointer({ buffer in
                QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, level)
            })
        else {
            throw .tooLong(bytes.count)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // libqrencode marks a dark module with bit 0 of each byte.
        modules = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row * size + column]
    }

    /// Lines of half-block characters, two module rows per line, quiet zone included. The blocks
    /// are the light modules and the spaces the dark ones: printed in a light colour on a dark
    /// background, the code reads the right way round.
    public func halfBlockLines(quietZone: Int = QRMatrix.quietZone) -> [String] {
        let span = size + 2 * quietZone
        var lines: [String] = []
        var row = 0
        while row < span {
            var line = ""
            for column in 0..<span {
                let upper = !isDark(row: row - quietZone, column: column - quietZone)
                let lower = row + 1 < span ? !isDark(row: row + 1 - quietZone, column: column - quietZone) : false
                switch (upper, lower) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            lines.append(line)
            row += 2
        }
        return lines
    }

    /// The code as a plain (P1) bitmap, `scale` pixels per module, with the quiet zone.
    public func pbm(scale: Int = 8) -> Data {
        let (side, pixel) = raster(scale: scale)
        var text = "P1\n# VaultDesk statement QR code\n\(side) \(side)\n"
        for y in 0..<side {
            var line = ""
            line.reserveCapacity(side * 2)
            for x in 0..<side { line += pixel(x, y) ? "1 " : "0 " }
            text += line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        return Data(text.utf8)
    }

    /// The code as a greyscale PNG, `scale` pixels per module, with the quiet zone.
    public func png(scale: Int = 8) -> Data {
        let (side, pixel) = raster(scale: scale)
        var rows: [UInt8] = []
        rows.reserveCapacity(side * (side + 1))
        for y in 0..<side {
            rows.append(0)  // filter: none
            for x in 0..<side { rows.append(pixel(x, y) ? 0x00 : 0xFF) }
        }
        return PNGWriter.grayscale(width: side, height: side, scanlines: rows)
    }

    private func raster(scale: Int) -> (side: Int, dark: (Int, Int) -> Bool) {
        let scale = max(1, scale)
        let side = (size + 2 * Self.quietZone) * scale
        return (side, { x, y in isDark(row: y / scale - Self.quietZone, column: x / scale - Self.quietZone) })
    }
}

public enum QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLong(Int)

    public var description: String {
        switch self {
        case .empty: "There is nothing to encode in a QR code."
        case .tooLong(let count): "\(count) bytes do not fit in a QR code."
        }
    }
}
