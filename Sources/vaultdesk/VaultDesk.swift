import ArgumentParser
import PartitionStore

@main
struct VaultDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vaultdesk",
        abstract: "A console and embedded DynamoDB-compatible store for multi-tenant statement, payment and certificate data.",
        discussion: """
            With no subcommand, opens the store (creating it when absent) and lists its tables.
            The store path comes from --store, else the VAULTDESK_STORE environment variable, else ./vaultdesk.db.
            """,
        subcommands: [Lookup.self, QR.self, Seed.self, Tables.self, DescribeTable.self, Serve.self]
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open()
        print("Store: \(opened.path)")
        try Tables.printTables(of: opened)
    }
}
