import Foundation
import PartitionStore
import TestSupport
import Testing

/// The `vaultdesk` program as a person runs it.
@Suite("vaultdesk command line")
struct CommandLineTests {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the `vaultdesk` built beside these tests, with this process's environment plus `environment`.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let result = try await ChildProcess.captureApart(
            [ServedEndpoint.sibling("vaultdesk").path] + arguments, environment: merged)
        return Result(status: result.status, output: result.output, error: result.error)
    }

    @Test("with no subcommand it creates the store on first run and lists its tables")
    func defaultAction() async throws {
        let temp = try StoreFolder()
        _ = try await temp.store.createTable(
            CreateTableInput(
                tableName: "payments", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        _ = try await temp.store.putItem(PutItemInput(tableName: "payments", item: ["pk": .s("x")]))
        let listed = try await run(["--store", temp.path])
        #expect(listed.status == 0)
        #expect(listed.output.contains("payments"))
        #expect(listed.output.contains("pk (S)"))

        #expect(listed.output.contains("no vaultdesk table"))

        let fresh = temp.folder.appendingPathComponent("fresh.db").path
        let created = try await run([], environment: ["VAULTDESK_STORE": fresh])
        #expect(created.status == 0)
        #expect(created.output.contains("creating it with small demo data"))
        #expect(created.output.contains("Northwind Energy"))
        #expect(
            created.output.contains("vaultdesk lookup https://qr.vaultdesk.app/v1/")
                || created.output.contains("vaultdesk lookup 'https://qr.vaultdesk.app/v1/"))
        #expect(FileManager.default.fileExists(atPath: fresh))
        // The second run opens what the first made, as the support operator: three tenants.
        let support = try await run(["--operator", "support"], environment: ["VAULTDESK_STORE": fresh])
        #expect(support.status == 0 && support.output.contains("support, 3 tenant(s)"))
        let stranger = try await run(["--operator", "nobody@example.com"], environment: ["VAULTDESK_STORE": fresh])
        #expect(stranger.status != 0 && stranger.error.contains("No operator nobody@example.com"))
    }

    @Test("every command has help")
    func help() async throws {
        for arguments in [["--help"], ["tables", "--help"], ["describe-table", "--help"]] {
            let result = try await run(arguments)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE:"), "\(arguments)")
        }
    }

    @Test("a file that is not a store, or a missing table, is one clear line and a non-zero exit")
    func failures() async throws {
        let temp = try StoreFolder()
        let bogus = temp.folder.appendingPathComponent("notes.txt").path
        try Data("just some notes, not a database at all.......".utf8).write(to: URL(fileURLWithPath: bogus))
        let result = try await run(["--store", bogus])
        #expect(result.status != 0)
        #expect(result.error.contains("is not a VaultDesk store"))
        #expect(!result.error.contains("USAGE"))
        let missing = try await run(["describe-table", "nothing-here", "--store", temp.path])
        #expect(missing.status != 0)
        #expect(
            missing.error.contains(
                "ResourceNotFoundException: Requested resource not found: Table: nothing-here not found"))
        let badOption = try await run(["--durability", "sometimes"])
        #expect(badOption.status != 0)
        #expect(badOption.error.contains("sometimes"))
    }
}
