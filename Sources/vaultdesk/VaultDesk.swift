import ArgumentParser
import Foundation
import PartitionStore
import VaultConsole
import VaultRepository

@main
struct VaultDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vaultdesk",
        abstract:
            "A console and embedded DynamoDB-compatible store for multi-tenant statement, payment and certificate data.",
        discussion: """
            With no subcommand, opens the console on the store as the operator bound to your system account (see
            `vaultdesk operators`; --operator narrows to another operator's view): browse the tenants they may see, look statements up by reference or QR code, page through payments and certificates. Press ? in
            the console for its keys. When standard input or output is not a terminal, prints an overview instead.
            When the store file does not exist yet, it is first created with small demo data (as
            `vaultdesk seed --scale small` does).
            The store path comes from --store, else the VAULTDESK_STORE environment variable, else ./vaultdesk.db.
            With --endpoint (or --region), the console works on a DynamoDB table instead: AWS, DynamoDB Local,
            ScyllaDB Alternator or `vaultdesk serve`, with credentials from the environment or the shared AWS files.
            """,
        subcommands: [
            Lookup.self, QR.self, Seed.self, Simulate.self, Provision.self, Operators.self, Tables.self,
            DescribeTable.self, Serve.self, Upgrade.self, Backup.self, Recovery.self, Export.self, Import.self,
            StreamExport.self,
        ]
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var operatorOptions: OperatorOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The console's colours: a theme from themes/ (dark, light, high-contrast, mono; default: $VAULTDESK_THEME, else \(Theme.defaultName)). $VAULTDESK_THEMES names another themes folder.",
            valueName: "NAME"))
    var theme: String?

    func run() async throws {
        let target: StoreTarget
        let repository: VaultRepository
        if remote.isRemote {
            target = try .remote(remote)
            repository = try await target.repository(table: remote.table)
        } else {
            if !FileManager.default.fileExists(atPath: store.path) {
                print("No store at \(store.path) yet: creating it with small demo data.")
                let account = try SystemAccount.current()
                let summary = try await Seed.seed(
                    at: store.path, configuration: store.configuration, scale: .small, seed: 1,
                    asOf: CivilCalendar.today(), adminLogin: account.login)
                print(
                    "Created \(store.path) (readable by your account only): \(summary.tenants) tenants, \(summary.statements.formatted()) statements, \(summary.payments.formatted()) payments; your account \(account.login) is its admin.\n"
                )
            }
            let opened = try store.open()
            target = .file(opened)
            repository = VaultRepository(store: opened, tableName: remote.table)
            let hasTable = try opened.listTables().tableNames.contains(repository.tableName)
            if hasTable { try await target.ensureCurrent(repository) }
            guard hasTable else {
                // A store that applications use through `vaultdesk serve`, with no VaultDesk data.
                print("Store: \(opened.path)")
                try Tables.printTables(of: opened)
                print(
                    "\nThis store has no \(repository.tableName) table, so no VaultDesk data; `vaultdesk seed --store NEW.db` makes a demo store."
                )
                return
            }
        }
        let scope = try await operatorOptions.scope(in: repository)
        let requestedTheme = theme ?? ProcessInfo.processInfo.environment["VAULTDESK_THEME"]
        let themeName = requestedTheme ?? Theme.defaultName
        // A bad file in the themes folder is skipped (the console says so); a theme asked for by
        // name that is bad is an error.
        let themes = ThemeCatalog.load()
        if requestedTheme != nil, let problem = themes.problem(named: themeName) {
            throw CommandFailure("The theme \(themeName) is not valid: \(problem)")
        }
        guard themes.theme(named: themeName) != nil else {
            throw CommandFailure("No theme \(themeName); themes: \(themes.names.joined(separator: ", "))")
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            try await Overview(
                repository: repository, scope: scope,
                storeOptions: remote.isRemote ? remote.commandLine : store.commandLine,
                offersQR: !remote.isRemote
            ).print(store: target.label)
            return
        }
        let today = CivilCalendar.today()
        let label = target.file.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? target.label
        let identity = ConsoleIdentity(scope: scope, storeLabel: label)
        let state = ConsoleState(
            identity: identity, size: TerminalSize(columns: 80, rows: 24), themeName: themeName, themes: themes,
            today: today)
        let exit = try await TerminalConsole.run(
            state: state,
            data: ConsoleData(repository: repository, scope: scope, today: today, changeSource: target.changes))
        if case .signal(let signal) = exit { throw ExitCode(128 + signal) }
    }
}
