import Foundation
import PartitionStore
import Testing
import VaultConsole
import VaultRepository

/// The live stream view: real commits arriving, pause and resume, filters, details, scope.
@Suite("Console live stream")
struct ConsoleStreamTests {
    var streamScreen: (ConsoleHarness) -> StreamScreen? = { console in
        for screen in console.state.stack.reversed() { if case .stream(let stream) = screen { return stream } }
        return nil
    }

    /// A payment of a fresh statement in a tenant, recorded through the repository.
    func pay(_ tenantId: String, _ repository: VaultRepository, cents: Int64) async throws {
        let admin = DemoStore.admin
        let tenant = try #require(try await repository.tenant(id: tenantId, scope: admin))
        let id = "st-stream-\(UUID().uuidString.prefix(8).lowercased())"
        let statement = Statement(
            tenantId: tenantId, id: id, reference: "STREAM-\(id)", customerName: "Stream Test", period: "2026-11",
            issueDate: "2026-11-21", dueDate: "2026-12-12",
            amountDue: Money(minorUnits: 100_000, currency: tenant.currency),
            amountPaid: Money(minorUnits: 0, currency: tenant.currency), status: .issued)
        try await repository.issue(statement, scope: admin)
        let payment = Payment(
            tenantId: tenantId, statementId: id, id: "pay-\(id)",
            amount: Money(minorUnits: cents, currency: tenant.currency),
            method: .card, status: .settled, receivedAt: "2026-11-21T12:00:00.000Z", transactionHash: "0x\(id)")
        _ = try await repository.recordPayment(payment, scope: admin)
    }

    @Test("commits appear as they happen; pause freezes the view and counts; resume shows the newest")
    func followPauseResume() async throws {
        let fixture = try await DemoStore.makeFixture()
        let repository = fixture.repository()
        let console = try await ConsoleHarness(
            size: TerminalSize(columns: 120, rows: 30), store: fixture.store, changes: fixture.store)
        await console.start()
        await console.press(.character("L"))
        try await console.waitUntil("following") { state in
            if case .stream(let stream) = state.screen { return stream.live }
            return false
        }
        #expect(console.text.contains("Live stream"))
        #expect(console.text.contains("● following"))
        let tenant = fixture.supportTenants[0]
        try await pay(tenant, repository, cents: 12_345)
        try await console.waitUntil("the payment") { state in
            guard case .stream(let stream) = state.screen else { return false }
            return stream.events.contains { $0.entityType == "PAYMENT" && $0.summary.contains("123.45") }
        }
        #expect(console.text.contains("payment     INSERT"))
        #expect(console.text.contains("123.45"))

        await console.press(.character(" "))
        let frozen = console.text
        #expect(frozen.contains("‖ paused"))
        try await pay(tenant, repository, cents: 777)
        try await console.waitUntil("held events") { state in
            guard case .stream(let stream) = state.screen else { return false }
            return stream.heldCount >= 4
        }
        #expect(!console.text.contains("7.77"), "nothing moves while paused")
        #expect(console.text.contains("new"))
        let rowsWhilePaused = console.text.split(separator: "\n").dropFirst(3)
        #expect(rowsWhilePaused.elementsEqual(frozen.split(separator: "\n").dropFirst(3)), "the rows are frozen")

        await console.press(.character(" "))
        #expect(console.text.contains("● following"))
        #expect(console.text.contains("7.77"), "resuming shows the newest")
        let stream = try #require(streamScreen(console))
        #expect(stream.visible.first?.time ?? 0 >= stream.visible.last?.time ?? 0, "newest first")

        // Details: old and new images and what changed.
        await console.press(.character("f"))
        await console.type("statement modify\n")
        #expect(console.text.contains("filter: statement MODIFY") || console.text.contains("filter: STATEMENT"))
        #expect(
            try #require(streamScreen(console)).visible.allSatisfy {
                $0.entityType == "STATEMENT" && $0.kind == .modify
            })
        await console.press(.enter)
        #expect(console.text.contains("What changed:"))
        #expect(console.text.contains("amount_paid:"))
        #expect(console.text.contains("Old image:"))
        await console.press(.end)
        #expect(console.text.contains("New image:"))
        // Leaving the stream stops following it.
        await console.press(.escape, .escape)
        guard case .tenants = console.state.screen else {
            Issue.record("not back on the tenant list")
            return
        }
    }

    @Test("from an event's detail, o opens the statement a payment belongs to")
    func openFromEvent() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(
            size: TerminalSize(columns: 120, rows: 30), store: fixture.store, changes: fixture.store)
        await console.start()
        await console.press(.character("L"))
        try await console.waitUntil("following") { state in
            if case .stream(let stream) = state.screen { return stream.live }
            return false
        }
        try await pay(fixture.supportTenants[0], fixture.repository(), cents: 31_415)
        try await console.waitUntil("the payment") { state in
            guard case .stream(let stream) = state.screen else { return false }
            return stream.events.contains { $0.entityType == "PAYMENT" && $0.summary.contains("314.15") }
        }
        // Pause, select the payment (the newest events come first), and open its detail.
        await console.press(.character(" "))
        guard case .stream(let stream) = console.state.screen,
            let position = stream.visible.firstIndex(where: { $0.summary.contains("314.15") })
        else {
            Issue.record("the payment is not on screen")
            return
        }
        await console.press(Array(repeating: .down, count: position) + [.enter])
        guard case .event(let event) = console.state.screen else {
            Issue.record("no event detail: \(console.text)")
            return
        }
        #expect(event.event.opens != nil)
        await console.press(.character("o"))
        guard case .statement(let statement) = console.state.screen else {
            Issue.record("o did not open the statement: \(console.text)")
            return
        }
        #expect(statement.detail.statement.reference.hasPrefix("STREAM-"))
    }

    @Test("a support operator sees only their tenants' events")
    func supportScope() async throws {
        let fixture = try await DemoStore.makeFixture()
        let repository = fixture.repository()
        let console = try await ConsoleHarness(
            scope: try await DemoStore.support(), store: fixture.store, changes: fixture.store)
        await console.start()
        await console.press(.character("L"))
        try await console.waitUntil("following") { state in
            if case .stream(let stream) = state.screen { return stream.live }
            return false
        }
        let all = try await repository.allTenants(scope: DemoStore.admin).map(\.id)
        let outside = try #require(all.first { !fixture.supportTenants.contains($0) })
        try await pay(outside, repository, cents: 4_242)
        try await pay(fixture.supportTenants[1], repository, cents: 5_151)
        try await console.waitUntil("the permitted payment") { state in
            guard case .stream(let stream) = state.screen else { return false }
            return stream.events.contains { $0.summary.contains("51.51") }
        }
        let stream = try #require(streamScreen(console))
        #expect(stream.events.allSatisfy { $0.tenantId.map(fixture.supportTenants.contains) ?? false })
        #expect(!stream.events.contains { $0.summary.contains("42.42") })
    }

    @Test("an event's detail never shows a tenant's QR secret, to support or admin, and opening it is audited")
    func secretsHiddenInDetail() async throws {
        let fixture = try await DemoStore.makeFixture()
        let repository = fixture.repository()
        let support = try await DemoStore.support()
        let console = try await ConsoleHarness(scope: support, store: fixture.store, changes: fixture.store)
        await console.start()
        await console.press(.character("L"))
        try await console.waitUntil("following") { state in
            if case .stream(let stream) = state.screen { return stream.live }
            return false
        }
        let tenantId = fixture.supportTenants[0]
        var tenant = try #require(try await repository.tenant(id: tenantId, scope: DemoStore.admin))
        tenant.displayName += " (renamed)"
        try await repository.save(tenant)
        let stored = try await fixture.store.getItem(
            GetItemInput(tableName: "vaultdesk", key: ["pk": .s("TENANT#\(tenantId)"), "sk": .s("TENANT")]))
        guard case .b(let secret)? = stored.item?["qr_secret"] else {
            Issue.record("the tenant item has a binary qr_secret")
            return
        }
        let encoded = Data(secret).base64EncodedString()
        try await console.waitUntil("the tenant's change") { state in
            guard case .stream(let stream) = state.screen else { return false }
            return stream.events.contains { $0.entityType == "TENANT" }
        }
        await console.press(.character("f"))
        await console.type("tenant\n")
        await console.press(.enter)
        var seen = console.text
        for _ in 0..<6 {
            await console.press(.pageDown)
            seen += console.text
        }
        #expect(seen.contains("‹hidden secret›"))
        #expect(
            !seen.contains(encoded) && !seen.contains(String(encoded.prefix(12))),
            "the secret shows on the detail screen")
        var audited = false
        for _ in 0..<50 where !audited {
            audited = try await repository.auditEvents(tenantId: tenantId, scope: DemoStore.admin, limit: 20).items
                .contains {
                    $0.action == "VIEW_CHANGE_EVENT" && $0.entityId == "TENANT#\(tenantId) / TENANT"
                        && $0.actor == support.operatorName
                }
            if !audited { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(audited, "opening the event is in the tenant's audit log")
    }

    @Test("a store without a change stream says so")
    func noStream() async throws {
        let console = try await ConsoleHarness()
        await console.start()
        await console.press(.character(":"))
        await console.type("stream\n")
        try await console.waitUntil("the end") { state in
            if case .stream(let stream) = state.screen { return stream.ended != nil }
            return false
        }
        #expect(console.text.contains("offers no change stream"))
    }

    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40)]

    @Test("snapshot of the live view and of an event", arguments: sizes)
    func snapshot(size: TerminalSize) async throws {
        let console = try await ConsoleHarness(size: size)
        await console.start()
        await console.press(.character("L"))
        try await console.waitUntil("the store's answer") { state in
            if case .stream(let stream) = state.screen { return stream.ended != nil }
            return false
        }
        guard case .stream(let stream) = console.state.screen else {
            Issue.record("no stream")
            return
        }
        let start = 1_795_262_400.0
        var events: [ChangeEvent] = []
        for index in 0..<30 {
            let kind: ChangeEvent.Kind = index % 5 == 4 ? .remove : (index % 3 == 0 ? .modify : .insert)
            events.append(
                ChangeEvent(
                    sequence: "\(index)", time: start + Double(index) * 0.137,
                    tenantId: index % 5 == 4 ? "bluewater-water" : "northwind-energy",
                    entityType: index % 5 == 4 ? "SESSION" : (kind == .modify ? "STATEMENT" : "PAYMENT"), kind: kind,
                    byTTL: index % 5 == 4,
                    key: "TENANT#northwind-energy#STATEMENT#st-\(index) / STATEMENT",
                    summary: index % 5 == 4
                        ? "session of ana@bluewater.example"
                        : (kind == .modify
                            ? "NORE-202611-\(index) · paid · paid EUR 80.00" : "EUR \(index).50 card · settled"),
                    oldImage: kind == .insert ? nil : "{\n  \"status\": \"PARTIALLY_PAID\"\n}",
                    newImage: kind == .remove ? nil : "{\n  \"status\": \"PAID\"\n}",
                    changes: kind == .modify ? [.init(name: "status", old: "\"PARTIALLY_PAID\"", new: "\"PAID\"")] : [])
            )
        }
        console.controller.send(.events(id: stream.subscription, events))
        console.render()
        Snapshot.check(console.screen, "stream")
        await console.press(.character(" "))
        console.controller.send(.events(id: stream.subscription, Array(events.prefix(7))))
        console.render()
        Snapshot.check(console.screen, "stream-paused")
        await console.press(.character(" "), .down, .down, .enter)
        Snapshot.check(console.screen, "stream-event")
    }
}
