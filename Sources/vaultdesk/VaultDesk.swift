import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

@main
struct VaultDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vaultdesk",
        abstract: "A console and embedded DynamoDB-compatible store for multi-tenant statement, payment and certificate data.",
        discussion: """
            With no subcommand, opens the store as the operator (--operator) and shows an overview of the tenants
            they may see. When the store file does not exist yet, it is first created with small demo data
            (as `vaultdesk seed --scale small` does).
            The store path comes from --store, else the VAULTDESK_STORE environment variable, else ./vaultdesk.db.
            """,
        subcommands: [Lookup.self, QR.self, Seed.self, Simulate.self, Tables.self, DescribeTable.self, Serve.self]
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var operatorOptions: OperatorOptions

    func run() async throws {
        if !FileManager.default.fileExists(atPath: store.path) {
            print("No store at \(store.path) yet: creating it with small demo data.")
            let summary = try await Seed.seed(at: store.path, configuration: store.configuration, scale: .small, seed: 1, asOf: CivilCalendar.today())
            print("Created \(store.path): \(summary.tenants) tenants, \(summary.statements.formatted()) statements, \(summary.payments.formatted()) payments.\n")
        }
        let opened = try store.open()
        let repository = VaultRepository(store: opened)
        guard try opened.listTables().tableNames.contains(repository.tableName) else {
            // A store that applications use through `vaultdesk serve`, with no VaultDesk data.
            print("Store: \(opened.path)")
            try Tables.printTables(of: opened)
            print("\nThis store has no \(repository.tableName) table, so no VaultDesk data; `vaultdesk seed --store NEW.db` makes a demo store.")
            return
        }
        let scope = try await operatorOptions.scope(in: repository)
        try await Overview(repository: repository, scope: scope).print(store: store.path)
    }
}
