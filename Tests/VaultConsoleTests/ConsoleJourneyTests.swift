import Foundation
import PartitionStore
import Testing
import VaultConsole
import VaultRepository

/// What support staff do all day, key by key on the virtual screen.
@Suite("Console journeys")
struct ConsoleJourneyTests {
    /// A statement of the first support tenant, and one of a tenant the support operator may not see.
    func references() async throws -> (inScope: Statement, outOfScope: Statement) {
        let fixture = try await DemoStore.fixture()
        let repository = fixture.repository()
        let tenants = try await repository.allTenants(scope: DemoStore.admin)
        let inside = try #require(tenants.first { fixture.supportTenants.contains($0.id) })
        let outside = try #require(tenants.first { !fixture.supportTenants.contains($0.id) })
        let a = try #require(
            try await repository.statements(tenantId: inside.id, scope: DemoStore.admin, limit: 1).items.first)
        let b = try #require(
            try await repository.statements(tenantId: outside.id, scope: DemoStore.admin, limit: 1).items.first)
        return (a, b)
    }

    @Test("look up by reference, typed in lower case")
    func lookupByReference() async throws {
        let (statement, _) = try await references()
        let console = try await ConsoleHarness()
        await console.start()
        await console.press(.character("g"))
        await console.type(statement.reference.lowercased() + "\n")
        guard case .statement(let screen) = console.state.screen else {
            Issue.record("no statement screen:\n\(console.text)")
            return
        }
        #expect(screen.detail.statement.id == statement.id)
        #expect(console.text.contains("Statement \(statement.reference)"))
        #expect(console.text.contains("Found by    reference number"))
        // Esc returns to the field, ready for the next one.
        await console.press(.escape)
        guard case .lookup(let lookup) = console.state.screen else {
            Issue.record("not back on lookup")
            return
        }
        #expect(lookup.field.text.isEmpty)
    }

    @Test("look up by a scanned QR payload: genuine, forged, of another tenant, not a code")
    func lookupByQR() async throws {
        let (statement, outside) = try await references()
        let fixture = try await DemoStore.fixture()
        let repository = fixture.repository()
        let genuine = try #require(
            try await repository.qrPayload(reference: statement.reference, scope: DemoStore.admin))
        let support = try await DemoStore.support()
        let console = try await ConsoleHarness(scope: support)
        await console.start()
        await console.press(.character("g"))
        await console.type("  " + genuine.url + "\r")
        #expect(console.text.contains("scanned QR code, signature verified"))
        #expect(console.text.contains("signature valid"))

        // The same link with the signature of another reference: forged.
        await console.press(.escape)
        let other = StatementQRPayload(
            tenantId: genuine.tenantId, reference: statement.reference + "X",
            secret: SigningSecret(Array(repeating: 7, count: 32)))
        let forged = genuine.url.replacingOccurrences(
            of: genuine.url.components(separatedBy: "sig=")[1], with: other.url.components(separatedBy: "sig=")[1])
        await console.type(forged + "\n")
        #expect(console.text.contains("Rejected. This QR code's signature does not match"))
        guard case .lookup = console.state.screen else {
            Issue.record("a forged code opened something")
            return
        }

        // A genuine code of a tenant outside the support scope is simply not found.
        let foreign = try #require(try await repository.qrPayload(reference: outside.reference, scope: DemoStore.admin))
        await console.type(foreign.url + "\n")
        #expect(console.text.contains("Not found"))

        await console.type("hello there\n")
        #expect(console.text.contains("Not found: no statement \"hello there\""))
        await console.type("ftp://qr.vaultdesk.app/v1/x/y?sig=z\n")
        #expect(console.text.contains("Rejected."))
    }

    @Test("payments: three pages forward and three back show the same rows")
    func pagingBothWays() async throws {
        let console = try await ConsoleHarness(size: TerminalSize(columns: 100, rows: 20))
        await console.start()
        // The largest tenant by payments, through the activity sort and the filter.
        await console.press(.character("/"))
        await console.type("northwind\n")
        await console.press(.enter, .tab)
        #expect(console.text.contains("Payments"))
        var pages: [[Row]] = [console.listRows]
        for _ in 0..<3 {
            await console.press(.pageDown)
            pages.append(console.listRows)
        }
        #expect(Set(pages.map { $0.map { "\($0)" }.joined() }).count == 4, "four different pages")
        #expect(pages.allSatisfy { $0.count == 20 - 7 })
        var timestamps: [String] = []
        for page in pages {
            for row in page { if case .payment(let p) = row { timestamps.append(p.receivedAt + p.id) } }
        }
        #expect(timestamps == timestamps.sorted(by: >), "newest first across pages")
        for back in (0..<3).reversed() {
            await console.press(.pageUp)
            #expect(console.listRows == pages[back], "page \(back + 1) again")
        }
        // j at the bottom of a page reads the next one; k at its top goes back.
        await console.press(.end, .down)
        #expect(console.listRows == pages[1])
        await console.press(.up)
        #expect(console.listRows == pages[0])
        #expect(console.text.contains("page 1"))
    }

    @Test("payments: filter by status and jump to a date")
    func paymentFilters() async throws {
        let console = try await ConsoleHarness(size: TerminalSize(columns: 100, rows: 30))
        await console.start()
        await console.press(.enter, .tab, .character("f"), .character("f"))
        let settled = console.listRows
        #expect(!settled.isEmpty)
        for row in settled { if case .payment(let p) = row { #expect(p.status == .settled) } }
        await console.press(.character("d"))
        await console.press(.control("u"))
        await console.type("2026-06-30\n")
        #expect(console.text.contains("until 2026-06-30"))
        for row in console.listRows {
            if case .payment(let p) = row {
                #expect(p.receivedAt <= "2026-06-30T23:59:59.999Z")
                #expect(p.status == .settled)
            }
        }
        await console.press(.character("d"), .control("u"))
        await console.type("2026-02-30\n")
        #expect(console.state.lastError?.contains("Not a date") == true)
    }

    @Test("filter the tenant list as you type, clear it with esc")
    func filterTenants() async throws {
        let console = try await ConsoleHarness()
        await console.start()
        let all = console.text
        await console.press(.character("/"))
        await console.type("harb")
        #expect(console.text.contains("Harbor Finance"))
        #expect(!console.text.contains("Bluewater"))
        #expect(console.text.contains("/ filter: harb"))
        await console.type("zzz")
        #expect(console.text.contains("No tenant matches"))
        await console.press(.escape)
        #expect(console.text == all)
    }

    @Test("help lists the screen's keys from the registry, and the commands")
    func help() async throws {
        let console = try await ConsoleHarness(size: TerminalSize(columns: 100, rows: 60))
        await console.start()
        await console.press(.enter, .tab, .character("?"))
        for binding in KeyRegistry.bindings(in: [.payments, .tenant, .list, .global], isAdmin: true) {
            #expect(console.text.contains(binding.summary), "help shows \(binding.summary)")
        }
        #expect(console.text.contains(":lookup REF-OR-QR"))
        await console.press(.escape)
        guard case .tenant = console.state.screen else {
            Issue.record("esc did not leave help")
            return
        }
    }

    @Test("command line: aliases, tab completion, history, unknown commands")
    func commandLine() async throws {
        let console = try await ConsoleHarness()
        await console.start()
        await console.press(.character(":"))
        await console.type("tenant blue")
        await console.press(.tab)
        #expect(console.state.prompt?.field.text == "tenant bluewater-water")
        await console.press(.enter)
        guard case .tenant(let tenant) = console.state.screen else {
            Issue.record("no tenant opened")
            return
        }
        #expect(tenant.tenant.id == "bluewater-water")
        await console.press(.character(":"))
        await console.type("c\n")
        guard case .tenant(let certs) = console.state.screen else {
            Issue.record("no tenant")
            return
        }
        #expect(certs.tab == .certificates)
        await console.press(.character(":"))
        await console.type("pa")
        await console.press(.tab)
        #expect(console.state.prompt?.field.text == "payments ")
        await console.press(.escape, .character(":"), .up)
        #expect(console.state.prompt?.field.text == "c")
        await console.press(.up)
        #expect(console.state.prompt?.field.text == "tenant bluewater-water")
        await console.press(.escape, .character(":"))
        await console.type("frobnicate\n")
        #expect(console.text.contains("Unknown command :frobnicate"))
        await console.press(.character(":"))
        await console.type("theme nosuch\n")
        #expect(console.state.lastError?.contains("themes: dark, high-contrast, light, mono") == true)
        await console.press(.character(":"))
        await console.type("theme mono\n")
        #expect(console.state.themeName == "mono")
        await console.press(.character(":"))
        await console.type("quit\n")
        #expect(console.state.quitRequested)
    }

    @Test("a slow load shows a spinner, keeps taking keys, and esc cancels it keeping what arrived")
    func cancelSlowLoad() async throws {
        let fixture = try await DemoStore.fixture()
        let slow = SlowStore(fixture.store, delay: .milliseconds(150))
        let console = try await ConsoleHarness(store: slow, tenantPageSize: 3)
        console.controller.start()
        // Wait for the first page to arrive while later ones are still loading.
        let deadline = ContinuousClock.now + .seconds(20)
        var shown = 0
        while ContinuousClock.now < deadline {
            console.controller.drainMailbox()
            if case .tenants(let tenants) = console.state.screen { shown = tenants.all.count }
            if shown > 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(shown == 3)
        console.controller.send(.tick)
        console.render()
        #expect(console.text.contains("loading tenants"), "spinner shows:\n\(console.text)")
        // Input does not wait for the load.
        console.controller.send(.key(.down))
        guard case .tenants(let moved) = console.state.screen else {
            Issue.record("left the list")
            return
        }
        #expect(moved.selection == 1)
        console.controller.send(.key(.escape))
        #expect(console.state.loading == nil)
        await console.controller.settle()
        console.render()
        guard case .tenants(let tenants) = console.state.screen else {
            Issue.record("left the list")
            return
        }
        #expect(tenants.all.count == 3, "what arrived is kept, later pages are dropped")
        #expect(!tenants.complete)
        #expect(console.text.contains("Tenants (3…)"))
        #expect(console.text.contains("Cancelled loading tenants"))
    }

    @Test("a support operator never sees another tenant's data")
    func supportIsolation() async throws {
        let (inside, outside) = try await references()
        let fixture = try await DemoStore.fixture()
        let console = try await ConsoleHarness(scope: try await DemoStore.support())
        await console.start()
        guard case .tenants(let tenants) = console.state.screen else {
            Issue.record("no tenant list")
            return
        }
        #expect(Set(tenants.all.map(\.tenant.id)) == Set(fixture.supportTenants))
        await console.press(.character(":"))
        await console.type("tenant \(outside.tenantId)\n")
        #expect(console.state.lastError?.contains("No tenant in your scope") == true)
        await console.press(.character("g"))
        await console.type(outside.reference + "\n")
        #expect(console.text.contains("Not found"))
        await console.type(inside.reference + "\n")
        #expect(console.text.contains("Statement \(inside.reference)"))
        // Support staff have no inspector.
        await console.press(.character("i"))
        guard case .statement = console.state.screen else {
            Issue.record("i did something for support")
            return
        }
        #expect(!console.text.contains("i inspect"))
    }

    @Test(
        "an admin viewing as a support operator sees that scope, no inspector, and the top line says whose eyes these are"
    )
    func viewingAs() async throws {
        let fixture = try await DemoStore.fixture()
        let support = try await DemoStore.support()
        let narrowed = AccessScope(
            operatorName: support.operatorName, role: .support, tenants: support.tenants, account: "root",
            viewer: DemoOperators.adminEmail)
        let console = try await ConsoleHarness(scope: narrowed, size: TerminalSize(columns: 120, rows: 30))
        await console.start()
        guard case .tenants(let tenants) = console.state.screen else {
            Issue.record("no tenant list")
            return
        }
        #expect(Set(tenants.all.map(\.tenant.id)) == Set(fixture.supportTenants))
        #expect(
            console.text.contains("\(DemoOperators.adminEmail) as \(DemoOperators.supportEmail) · support"),
            "\(console.text)")
    }

    @Test("the inspector shows the stored item in both JSON forms with its read cost, secrets hidden")
    func inspector() async throws {
        let console = try await ConsoleHarness(size: TerminalSize(columns: 120, rows: 40))
        await console.start()
        await console.press(.character("i"))
        #expect(console.text.contains("\"qr_secret\": \"‹hidden secret›\""))
        #expect(console.text.contains("GetItem 0.5 RCU"))
        await console.press(.character("t"))
        #expect(console.text.contains("\"tenant_id\": { \"S\": "))
        #expect(console.text.contains("DynamoDB JSON"))
    }

    @Test("resizing reads the page again to fill the window")
    func resize() async throws {
        let console = try await ConsoleHarness(size: TerminalSize(columns: 80, rows: 24))
        await console.start()
        await console.press(.enter)
        #expect(console.listRows.count == 24 - 7)
        let first = console.listRows
        await console.resize(TerminalSize(columns: 120, rows: 40))
        #expect(console.listRows.count == 40 - 7)
        #expect(Array(console.listRows.prefix(first.count)) == first)
    }

    @Test("read-only: every key on every screen writes nothing but audit events")
    func readOnly() async throws {
        let fixture = try await DemoStore.fixture()
        let console = try await ConsoleHarness(size: TerminalSize(columns: 120, rows: 40))
        await console.start()
        let everyKey = Array(
            Set(KeyRegistry.bindings.flatMap(\.keys)).filter {
                $0 != .character("q") && $0 != .control("c") && $0 != .escape
            }
        )
        .sorted { $0.description < $1.description }
        // Walk the screens, pressing every bound key on each (answering any prompt with esc).
        let paths: [[Key]] = [
            [], [.enter], [.enter, .tab], [.enter, .tab, .tab],
            [.enter, .character("l"), .character("l"), .character("l")],
            [.character("g")] + Key.typing("BLUW-202611-000007\n"),
        ]
        for path in paths {
            await console.press(path)
            for key in everyKey {
                await console.press(key)
                if console.state.prompt != nil { await console.press(.escape) }
                if case .lookup = console.state.screen { await console.press(.escape) }
            }
            while console.state.stack.count > 1 { await console.press(.escape) }
        }
        let stream = try #require(try fixture.store.listStreams(tableName: "vaultdesk").streams.first)
        var entities: Set<String> = []
        for shard in try fixture.store.describeStream(stream.streamArn).shards {
            var iterator: String? = try fixture.store.getShardIterator(
                streamArn: stream.streamArn, shardId: shard.shardId, type: .trimHorizon)
            while let current = iterator {
                let output = try fixture.store.getRecords(shardIterator: current, limit: 1000)
                for record in output.records {
                    entities.insert(record.newImage?["entity"]?.stringValue ?? "\(record.eventName)")
                }
                iterator = output.records.isEmpty ? nil : output.nextShardIterator
            }
        }
        #expect(entities == ["AUDIT"], "the console wrote \(entities)")
    }

    @Test("no key is bound to the tmux and screen prefixes; no context binds a key twice")
    func keys() {
        let keys = KeyRegistry.bindings.flatMap(\.keys)
        #expect(!keys.contains(.control("a")))
        #expect(!keys.contains(.control("b")))
        // Every binding has words for help, and a context's keys do not clash.
        for context in KeyContext.allCases {
            let bound = KeyRegistry.bindings.filter { $0.context == context }.flatMap(\.keys)
            #expect(bound.count == Set(bound).count, "\(context) binds a key twice")
        }
        #expect(KeyRegistry.bindings.allSatisfy { !$0.summary.isEmpty })
    }
}

/// A store that answers every read after a delay: a slow network, a busy disk.
final class SlowStore: ItemStore {
    let base: any ItemStore
    let delay: Duration

    init(_ base: any ItemStore, delay: Duration) {
        self.base = base
        self.delay = delay
    }

    /// Reads wait first; writes and table operations go straight through.
    func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
        if !Operation.waitsForCommit, operation.access.targets.contains(where: { $0.kind == .read }) {
            try? await Task.sleep(for: delay)
        }
        return try await base.send(operation)
    }

    func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
        try await base.importItems(items, into: tableName)
    }
}
