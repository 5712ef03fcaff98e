import TestSupport
import Foundation
import Testing
@testable import PartitionStore

/// `vaultdesk seed`, `lookup`, `qr` and `simulate` as a support runbook uses them.
@Suite("vaultdesk domain commands", .serialized)
struct DomainCommandTests {
    let cli = CommandLineTests()

    /// A seeded small store shared by the tests of this suite.
    static let seeded: (folder: URL, path: String) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.db").path
        _ = try? CommandLineTests().run(["seed", "--store", path, "--as-of", "2026-11-21"])
        return (folder, path)
    }()

    @Test("seed makes a store, reports progress as lines off a terminal, and refuses to seed over tenants")
    func seed() throws {
        let store = Self.seeded.path
        #expect(FileManager.default.fileExists(atPath: store))
        let again = try cli.run(["seed", "--store", store])
        #expect(again.status != 0 && again.error.contains("already holds tenants"))
        let other = Self.seeded.folder.appendingPathComponent("other.db").path
        let fresh = try cli.run(["seed", "--store", other, "--as-of", "2026-11-21", "--seed", "7"])
        #expect(fresh.status == 0)
        #expect(fresh.output.contains("8 tenants") && fresh.output.contains("12,000 payments"))
        #expect(fresh.error.contains("seeding small: 100%"))
        #expect(!FileManager.default.fileExists(atPath: other + ".building"))
        let badDay = try cli.run(["seed", "--store", other + "2", "--as-of", "2026-13-01"])
        #expect(badDay.status != 0 && badDay.error.contains("--as-of"))
    }

    @Test("lookup finds by reference and QR, says not found or rejected with exit statuses 1 and 2")
    func lookup() throws {
        let store = Self.seeded.path
        let found = try cli.run(["lookup", "NORE-202611-000001", "--store", store, "--json"])
        #expect(found.status == 0, "\(found.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any])
        #expect(object["reference"] as? String == "NORE-202611-000001" && object["found_by"] as? String == "reference")
        let qr = try #require(object["qr"] as? String)

        let byCode = try cli.run(["lookup", "  \(qr)\n", "--store", store])
        #expect(byCode.status == 0 && byCode.output.contains("found by QR code, signature verified"))
        let altered = try cli.run(["lookup", qr.replacingOccurrences(of: "000001", with: "000002"), "--store", store])
        #expect(altered.status == 2 && altered.error.contains("altered or forged"))
        let malformed = try cli.run(["lookup", "https://qr.vaultdesk.app/v1/northwind-energy", "--store", store])
        #expect(malformed.status == 2 && malformed.error.contains("malformed"))
        let missing = try cli.run(["lookup", "NORE-209912-999999", "--store", store])
        #expect(missing.status == 1 && missing.error.contains("No statement matches"))
        // The support operator may not see every tenant: the same code is "not found" for them.
        let outside = try cli.run(["lookup", "SUMI-202611-000001", "--store", store, "--operator", "support"])
        #expect(outside.status == 1)
        let noStore = try cli.run(["lookup", "X", "--store", Self.seeded.folder.appendingPathComponent("absent.db").path])
        #expect(noStore.status != 0 && noStore.error.contains("No store at"))
    }

    @Test("qr writes a PNG that zbarimg decodes to the statement's signed payload")
    func qr() throws {
        let store = Self.seeded.path
        let file = Self.seeded.folder.appendingPathComponent("code.png").path
        let written = try cli.run(["qr", "NORE-202611-000001", "--out", file, "--store", store])
        #expect(written.status == 0, "\(written.error)")
        let decoded = try zbarimg(file)
        #expect(decoded.hasPrefix("QR-Code:https://qr.vaultdesk.app/v1/northwind-energy/NORE-202611-000001?sig="))
        let payload = String(decoded.dropFirst("QR-Code:".count))
        #expect(try cli.run(["lookup", payload, "--store", store]).status == 0)
        let terminal = try cli.run(["qr", "NORE-202611-000001", "--store", store])
        #expect(terminal.status == 0 && terminal.output.contains("█") && terminal.output.contains(payload))
        #expect(try cli.run(["qr", "NORE-202611-000001", "--out", "code.gif", "--store", store]).status != 0)
        #expect(try cli.run(["qr", "NOPE-1", "--store", store]).status == 1)
    }

    @Test("simulate writes real activity and stops cleanly on SIGTERM")
    func simulate() throws {
        let store = Self.seeded.folder.appendingPathComponent("simulated.db").path
        #expect(try cli.run(["seed", "--store", store, "--as-of", "2026-11-21"]).status == 0)
        let before = try PartitionStore(path: store).describeTable("vaultdesk").itemCount
        let process = Process()
        process.executableURL = MultiProcessTests.loadTool.deletingLastPathComponent().appendingPathComponent("vaultdesk")
        process.arguments = ["simulate", "--store", store, "--rate", "200", "--seed", "3"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        Thread.sleep(forTimeInterval: 2.5)
        process.terminate()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("stopped after"))
        let reopened = try PartitionStore(path: store)
        #expect(try reopened.describeTable("vaultdesk").itemCount > before)
        // The seed left no stream records; the simulated activity did: inserts and modifications.
        let stream = try #require(try reopened.describeTable("vaultdesk").latestStreamArn)
        let shard = try #require(try reopened.describeStream(stream).shards.first)
        var iterator: String? = try reopened.getShardIterator(streamArn: stream, shardId: shard.shardId, type: .trimHorizon)
        var events: [StreamEventName: Int] = [:]
        var kinds: Set<String> = []
        while let current = iterator {
            let page = try reopened.getRecords(shardIterator: current, limit: 1000)
            for record in page.records {
                events[record.eventName, default: 0] += 1
                if let kind = (record.newImage ?? record.oldImage)?["entity"]?.stringValue { kinds.insert(kind) }
            }
            iterator = page.records.isEmpty ? nil : page.nextShardIterator
        }
        #expect((events[.insert] ?? 0) > 50 && (events[.modify] ?? 0) > 20)
        #expect(kinds.isSuperset(of: ["PAYMENT", "PAYMENTTX", "STATEMENT", "SESSION"]))
        let bounded = try cli.run(["simulate", "--store", store, "--rate", "50", "--duration", "0.5"])
        #expect(bounded.status == 0 && bounded.output.contains("stopped after"))
    }
}
