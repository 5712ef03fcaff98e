import Foundation
import TestSupport

@testable import PartitionStore

/// A fresh store file in a temporary folder, removed when the test's scope ends.
final class TemporaryStore {
    let folder: URL
    let path: String
    let store: PartitionStore

    init(durability: StoreConfiguration.Durability = .normal, lockWait: Int32 = 2_000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("store.db").path
        store = try PartitionStore(
            path: path, configuration: StoreConfiguration(durability: durability, lockWaitMilliseconds: lockWait))
    }

    func reopen(lockWait: Int32 = 2_000) throws -> PartitionStore {
        try PartitionStore(
            path: path, configuration: StoreConfiguration(durability: .normal, lockWaitMilliseconds: lockWait))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

extension AttributeValue {
    static func num(_ text: String) -> AttributeValue {
        // Test literals are known-good numbers.
        (try? AttributeValue.number(text)) ?? .null
    }
}

enum Random {
    static func number(_ rng: inout SeededGenerator) -> DecimalNumber {
        let digitCount = Int.random(in: 1...38, using: &rng)
        var text = Bool.random(using: &rng) ? "-" : ""
        text += "0."
        for index in 0..<digitCount {
            text += String(index == 0 ? Int.random(in: 1...9, using: &rng) : Int.random(in: 0...9, using: &rng))
        }
        // Mostly small exponents, sometimes the extremes of the range.
        let exponent =
            Bool.random(using: &rng) ? Int.random(in: -5...8, using: &rng) : Int.random(in: -129...126, using: &rng)
        text += "E\(exponent)"
        return (try? DecimalNumber(text)) ?? .zero
    }

    static func bytes(_ rng: inout SeededGenerator, maxCount: Int = 12) -> [UInt8] {
        (0..<Int.random(in: 1...maxCount, using: &rng)).map { _ in
            // Bias toward 0x00, 0xFF and shared prefixes: the interesting edges of memcmp.
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: 0
            case 1: 0xFF
            case 2: 0x61
            default: UInt8.random(in: 0...255, using: &rng)
            }
        }
    }

    static func string(_ rng: inout SeededGenerator, maxCount: Int = 10) -> String {
        let alphabet: [String] = ["a", "b", "A", "z", "0", "#", "é", "ß", "日", "😀", "\u{7F}", " "]
        return (0..<Int.random(in: 1...maxCount, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }
            .joined()
    }

    static func value(_ rng: inout SeededGenerator, depth: Int = 0) -> AttributeValue {
        switch Int.random(in: 0..<(depth > 2 ? 8 : 10), using: &rng) {
        case 0: return .s(string(&rng))
        case 1: return .n(number(&rng))
        case 2: return .b(bytes(&rng))
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .null
        case 5: return .ss(Array(Set((0..<3).map { _ in string(&rng) })))
        case 6: return .ns(Array(Set((0..<3).map { _ in number(&rng) })))
        case 7: return .bs(Array(Set((0..<3).map { _ in bytes(&rng) })))
        case 8:
            return .m(
                Dictionary(
                    (0..<Int.random(in: 0...3, using: &rng)).map { ("k\($0)", value(&rng, depth: depth + 1)) },
                    uniquingKeysWith: { a, _ in a }))
        default: return .l((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        }
    }
}
