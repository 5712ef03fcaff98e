import Foundation
import PartitionStore
import TestSupport
import Testing

/// `vaultdesk seed`, `lookup`, `qr` and `simulate` as a support runbook uses them.
@Suite("vaultdesk domain commands", .serialized)
struct DomainCommandTests {
    let cli = CommandLineTests()

    /// A seeded small store shared by the tests of this suite.
    static let seeded = Task<(folder: URL, path: String), any Error> {
        let folder = try ProcessScratch.folder("domain-commands")
        let path = folder.appendingPathComponent("demo.db").path
        let seeded = try await CommandLineTests().run(["seed", "--store", path, "--as-of", "2026-11-21"])
        guard seeded.status == 0 else { throw ChildProcess.Failure(description: "seeding failed: \(seeded.error)") }
        return (folder, path)
    }

    @Test("seed makes a store, reports progress as lines off a terminal, and refuses to seed over tenants")
    func seed() async throws {
        let seeded = try await Self.seeded.value
        let store = seeded.path
        #expect(FileManager.default.fileExists(atPath: store))
        let again = try await cli.run(["seed", "--store", store])
        #expect(again.status != 0 && again.error.contains("already holds tenants"))
        let other = seeded.folder.appendingPathComponent("other.db").path
        let fresh = try await cli.run(["seed", "--store", other, "--as-of", "2026-11-21", "--seed", "7"])
        #expect(fresh.status == 0)
        #expect(fresh.output.contains("8 tenants") && fresh.output.contains("12,000 payments"))
        #expect(fresh.error.contains("seeding small: 100%"))
        #expect(!FileManager.default.fileExists(atPath: other + ".building"))
        let badDay = try await cli.run(["seed", "--store", other + "2", "--as-of", "2026-13-01"])
        #expect(badDay.status != 0 && badDay.error.contains("--as-of"))
    }

    @Test("lookup finds by reference and QR, says not found or rejected with exit statuses 1 and 2")
    func lookup() async throws {
        let seeded = try await Self.seeded.value
        let store = seeded.path
        let found = try await cli.run(["lookup", "NORE-202611-000001", "--store", store, "--json"])
        #expect(found.status == 0, "\(found.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any])
        #expect(object["reference"] as? String == "NORE-202611-000001" && object["found_by"] as? String == "reference")
        let qr = try #require(object["qr"] as? String)

        let byCode = try await cli.run(["lookup", "  \(qr)\n", "--store", store])
        #expect(byCode.status == 0 && byCode.output.contains("found by QR code, signature verified"))
        let altered = try await cli.run([
            "lookup", qr.replacingOccurrences(of: "000001", with: "000002"), "--store", store,
        ])
        #expect(altered.status == 2 && altered.error.contains("altered or forged"))
        let malformed = try await cli.run(["lookup", "https://qr.vaultdesk.app/v1/northwind-energy", "--store", store])
        #expect(malformed.status == 2 && malformed.error.contains("malformed"))
        let missing = try await cli.run(["lookup", "NORE-209912-999999", "--store", store])
        #expect(missing.status == 1 && missing.error.contains("No statement matches"))
        // The support operator may not see every tenant: the same code is "not found" for them.
        let outside = try await cli.run(["lookup", "SUMI-202611-000001", "--store", store, "--operator", "support"])
        #expect(outside.status == 1)
        let noStore = try await cli.run([
            "lookup", "X", "--store", seeded.folder.appendingPathComponent("absent.db").path,
        ])
        #expect(noStore.status != 0 && noStore.error.contains("No store at"))
    }

    /// Makes a seeded store look as an earlier version wrote it: no tenant-scoped lookup entries
    /// on statements and users, no key-design marker.
    static func downgrade(_ path: String) throws -> Int {
        let store = try PartitionStore(path: path)
        var stripped = 0
        var start: Item?
        repeat {
            let page = try store.scan(
                ScanInput(
                    tableName: "vaultdesk", filterExpression: "attribute_exists(gsi3pk) AND #e IN (:s, :u)",
                    expressionAttributeNames: ["#e": "entity"],
                    expressionAttributeValues: [":s": .s("STATEMENT"), ":u": .s("USER")], exclusiveStartKey: start))
            for item in page.items {
                _ = try store.updateItem(
                    UpdateItemInput(
                        tableName: "vaultdesk", key: ["pk": item["pk"] ?? .null, "sk": item["sk"] ?? .null],
                        updateExpression: "REMOVE gsi3pk, gsi3sk"))
                stripped += 1
            }
            start = page.lastEvaluatedKey
        } while start != nil
        _ = try store.deleteItem(
            DeleteItemInput(tableName: "vaultdesk", key: ["pk": .s("VAULTDESK"), "sk": .s("DATAMODEL")]))
        return stripped
    }

    @Test("upgrade brings an earlier store to the current key design, with progress, once; opening one upgrades it too")
    func upgrade() async throws {
        let seeded = try await Self.seeded.value
        let copy = seeded.folder.appendingPathComponent("earlier.db").path
        try FileManager.default.copyItem(atPath: seeded.path, toPath: copy)
        let stripped = try Self.downgrade(copy)
        #expect(stripped > 1000)
        let upgraded = try await cli.run(["upgrade", "--store", copy])
        #expect(upgraded.status == 0, "\(upgraded.error)")
        #expect(upgraded.output.contains("key design version 1 → 2, \(stripped.formatted()) items"))
        #expect(upgraded.error.contains("Upgrading"))
        let again = try await cli.run(["upgrade", "--store", copy])
        #expect(again.status == 0 && again.output.contains("already follows key design version 2"))
        let found = try await cli.run(["lookup", "NORE-202611-000001", "--store", copy, "--operator", "support"])
        #expect(found.status == 0, "\(found.error)")

        // Opening an earlier store with any command upgrades it first, and says so.
        _ = try Self.downgrade(copy)
        let opened = try await cli.run(["lookup", "NORE-202611-000001", "--store", copy, "--operator", "support"])
        #expect(opened.status == 0, "\(opened.error)")
        #expect(opened.error.contains("written by an earlier VaultDesk"))
    }

    @Test("qr writes a PNG that zbarimg decodes to the statement's signed payload")
    func qr() async throws {
        let seeded = try await Self.seeded.value
        let store = seeded.path
        let file = seeded.folder.appendingPathComponent("code.png").path
        let written = try await cli.run(["qr", "NORE-202611-000001", "--out", file, "--store", store])
        #expect(written.status == 0, "\(written.error)")
        let decoded = try zbarimg(file)
        #expect(decoded.hasPrefix("QR-Code:https://qr.vaultdesk.app/v1/northwind-energy/NORE-202611-000001?sig="))
        let payload = String(decoded.dropFirst("QR-Code:".count))
        #expect(try await cli.run(["lookup", payload, "--store", store]).status == 0)
        let terminal = try await cli.run(["qr", "NORE-202611-000001", "--store", store])
        #expect(terminal.status == 0 && terminal.output.contains("█") && terminal.output.contains(payload))
        #expect(try await cli.run(["qr", "NORE-202611-000001", "--out", "code.gif", "--store", store]).status != 0)
        #expect(try await cli.run(["qr", "NOPE-1", "--store", store]).status == 1)
    }

    @Test("simulate writes real activity and stops cleanly on SIGTERM")
    func simulate() async throws {
        let seeded = try await Self.seeded.value
        let store = seeded.folder.appendingPathComponent("simulated.db").path
        #expect(try await cli.run(["seed", "--store", store, "--as-of", "2026-11-21"]).status == 0)
        let before = try await PartitionStore(path: store).describeTable("vaultdesk").itemCount
        let log = seeded.folder.appendingPathComponent("simulate.log").path
        let simulator = try ChildProcess.spawn(
            [ServedEndpoint.sibling("vaultdesk").path, "simulate", "--store", store, "--rate", "200", "--seed", "3"],
            output: log)
        try await Task.sleep(for: .milliseconds(2500))
        kill(simulator, SIGTERM)
        let status = await ChildProcess.wait(simulator)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(text)")
        #expect(text.contains("stopped after"))
        let reopened = try PartitionStore(path: store)
        #expect(try await reopened.describeTable("vaultdesk").itemCount > before)
        // The seed left no stream records; the simulated activity did: inserts and modifications.
        let stream = try #require(try await reopened.describeTable("vaultdesk").latestStreamArn)
        let shard = try #require(try reopened.describeStream(stream).shards.first)
        var iterator: String? = try reopened.getShardIterator(
            streamArn: stream, shardId: shard.shardId, type: .trimHorizon)
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
        let bounded = try await cli.run(["simulate", "--store", store, "--rate", "50", "--duration", "0.5"])
        #expect(bounded.status == 0 && bounded.output.contains("stopped after"))
    }
}
