import Testing
import VaultConsole
import VaultRepository

/// Every screen at 80x24 and at 120x40, against golden files.
@Suite("Console snapshots")
struct ConsoleSnapshotTests {
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40)]

    @Test("tenant list, filtered, sorted by activity", arguments: sizes)
    func tenants(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        Snapshot.check(console.screen, "tenants")
        await console.type("/water")
        Snapshot.check(console.screen, "tenants-filtering")
        await console.press(.enter, .character("s"))
        Snapshot.check(console.screen, "tenants-filtered-by-activity")
    }

    @Test("a tenant's tabs", arguments: sizes)
    func tenantTabs(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        await console.press(.enter)
        Snapshot.check(console.screen, "tenant-statements")
        await console.press(.tab)
        Snapshot.check(console.screen, "tenant-payments")
        await console.press(.character("f"))
        Snapshot.check(console.screen, "tenant-payments-pending")
        await console.press(.tab)
        Snapshot.check(console.screen, "tenant-certificates")
        await console.press(.character("e"), .enter)
        Snapshot.check(console.screen, "tenant-certificates-expiring")
        await console.press(.tab)
        Snapshot.check(console.screen, "tenant-users")
    }

    @Test("lookup: the field, not found, rejected", arguments: sizes)
    func lookup(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        await console.press(.character("g"))
        Snapshot.check(console.screen, "lookup")
        await console.type("NOPE-000000-000000\n")
        Snapshot.check(console.screen, "lookup-not-found")
        await console.type("https://qr.vaultdesk.app/v1/bluewater-water/BLUW-202611-000007?sig=AAAA\n")
        Snapshot.check(console.screen, "lookup-rejected")
    }

    @Test("statement, its QR code alone, its payments, the inspector", arguments: sizes)
    func statement(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        await console.press(.character("g"))
        await console.type("BLUW-202611-000007\n")
        Snapshot.check(console.screen, "statement")
        await console.press(.character("z"))
        Snapshot.check(console.screen, "statement-qr")
        await console.press(.character("z"), .character("p"))
        Snapshot.check(console.screen, "statement-payments")
        await console.press(.escape, .character("i"))
        Snapshot.check(console.screen, "inspector")
        await console.press(.character("t"))
        Snapshot.check(console.screen, "inspector-dynamodb-json")
    }

    @Test("help, the command line, a window too small", arguments: sizes)
    func helpAndCommandLine(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        await console.press(.character("?"))
        Snapshot.check(console.screen, "help")
        await console.press(.escape, .character(":"))
        await console.type("pay")
        Snapshot.check(console.screen, "command-line")
        await console.press(.escape)
        await console.resize(TerminalSize(columns: 50, rows: 10))
        Snapshot.check(console.screen, "too-small")
    }

    @Test("support operator: only their tenants")
    func support() async throws {
        let console = try await ConsoleHarness(scope: try await DemoStore.support())
        await console.start()
        Snapshot.check(console.screen, "tenants-support")
    }
}
