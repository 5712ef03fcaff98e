import Foundation

/// A minimal PNG encoder for 8-bit greyscale images. The image data goes in stored (uncompressed)
/// deflate blocks: a QR code is small, and this needs no compression library.
enum PNGWriter {
    /// `scanlines` holds each row prefixed by its filter byte.
    static func grayscale(width: Int, height: Int, scanlines: [UInt8]) -> Data {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(width))
        header.append(bigEndian: UInt32(height))
        header.append(contentsOf: [8, 0, 0, 0, 0])  // depth 8, greyscale, deflate, adaptive filters, no interlace
        png.append(chunk: "IHDR", header)
        png.append(chunk: "IDAT", zlibStored(scanlines))
        png.append(chunk: "IEND", Data())
        return png
    }

    /// A zlib stream of stored blocks (RFC 1950 and RFC 1951 §3.2.4).
    static func zlibStored(_ bytes: [UInt8]) -> Data {
        var stream = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let last: UInt8 = offset + count == bytes.count ? 1 : 0
            stream.append(last)
            stream.append(UInt8(count & 0xFF))
            stream.append(UInt8(count >> 8))
            stream.append(UInt8(~count & 0xFF))
            stream.append(UInt8((~count >> 8) & 0xFF))
            stream.append(contentsOf: bytes[offset..<(offset + count)])
            offset += count
        } while offset < bytes.count
        stream.append(bigEndian: adler32(bytes))
        return stream
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    fileprivate mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
        ])
    }

    fileprivate mutating func append(chunk type: String, _ body: Data) {
        append(bigEndian: UInt32(body.count))
        let typed = Data(type.utf8) + body
        append(typed)
        append(bigEndian: PNGWriter.crc32(typed))
    }
}
