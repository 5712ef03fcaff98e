import Foundation
import Testing
@testable import PartitionStore

/// The `vaultdesk` program as a person runs it.
@Suite("vaultdesk command line")
struct CommandLineTests {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = MultiProcessTests.loadTool.deletingLastPathComponent().appendingPathComponent("vaultdesk")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    @Test("with no subcommand it creates the store on first run and lists its tables")
    func defaultAction() throws {
        let temp = try TemporaryStore()
        try temp.store.createTable(CreateTableInput(tableName: "payments", keySchema: [KeySchemaElement("pk", .hash)], attributeDefinitions: [AttributeDefinition("pk", .s)]))
        try temp.store.putItem(PutItemInput(tableName: "payments", item: ["pk": .s("x")]))
        let listed = try run(["--store", temp.path])
        #expect(listed.status == 0)
        #expect(listed.output.contains("payments"))
        #expect(listed.output.contains("pk (S)"))

        #expect(listed.output.contains("no vaultdesk table"))

        let fresh = temp.folder.appendingPathComponent("fresh.db").path
        let created = try run([], environment: ["VAULTDESK_STORE": fresh])
        #expect(created.status == 0)
        #expect(created.output.contains("creating it with small demo data"))
        #expect(created.output.contains("Northwind Energy"))
        #expect(created.output.contains("vaultdesk lookup https://qr.vaultdesk.app/v1/") || created.output.contains("vaultdesk lookup 'https://qr.vaultdesk.app/v1/"))
        #expect(FileManager.default.fileExists(atPath: fresh))
        // The second run opens what the first made, as the support operator: three tenants.
        let support = try run(["--operator", "support"], environment: ["VAULTDESK_STORE": fresh])
        #expect(support.status == 0 && support.output.contains("support, 3 tenant(s)"))
        let stranger = try run(["--operator", "nobody@example.com"], environment: ["VAULTDESK_STORE": fresh])
        #expect(stranger.status != 0 && stranger.error.contains("No operator nobody@example.com"))
    }

    @Test("every command has help")
    func help() throws {
        for arguments in [["--help"], ["tables", "--help"], ["describe-table", "--help"]] {
            let result = try run(arguments)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE:"), "\(arguments)")
        }
    }

    @Test("a file that is not a store, or a missing table, is one clear line and a non-zero exit")
    func failures() throws {
        let temp = try TemporaryStore()
        let bogus = temp.folder.appendingPathComponent("notes.txt").path
        try Data("just some notes, not a database at all.......".utf8).write(to: URL(fileURLWithPath: bogus))
        let result = try run(["--store", bogus])
        #expect(result.status != 0)
        #expect(result.error.contains("is not a VaultDesk store"))
        #expect(!result.error.contains("USAGE"))
        let missing = try run(["describe-table", "nothing-here", "--store", temp.path])
        #expect(missing.status != 0)
        #expect(missing.error.contains("ResourceNotFoundException: Requested resource not found: Table: nothing-here not found"))
        let badOption = try run(["--durability", "sometimes"])
        #expect(badOption.status != 0)
        #expect(badOption.error.contains("sometimes"))
    }
}
