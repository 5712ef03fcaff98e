import TestSupport
import Testing

@testable import DynamoWire

/// `x-amz-crc32`: the AWS SDKs refuse a response whose body does not match it. (The check
/// value of the polynomial is in the JSON tests.)
@Suite("CRC-32")
struct CRC32Tests {
    /// The textbook definition, a bit at a time.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test("every length from 0 to 300 (each tail after the eight-byte steps) matches the definition")
    func everyLength() {
        var random = SeededGenerator(seed: 0x0C2C_3200)
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(CRC32.checksum(bytes) == Self.reference(bytes), "length \(length)")
        }
    }
}
