import Foundation
import PartitionStore
import TestSupport
import Testing
import VaultRepository

@testable import VaultConsole

/// The query screen: an admin's own PartiQL SELECT, read-only, audited, with its history kept in
/// the store. Each test has a store of its own: running a query writes its audit event.
@Suite("Console query screen")
struct ConsoleQueryTests {
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40)]
    static let tenantItems = "SELECT pk, sk, name, accent_color FROM \"vaultdesk\" WHERE pk = 'TENANT#bluewater-water'"

    @Test("the screen, a statement checked as it is typed, a page of results, an item as JSON", arguments: sizes)
    func snapshots(size: TerminalSize) async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(size: size, store: fixture.store)
        await console.start()
        await console.press(.character("Q"))
        Snapshot.check(console.screen, "query")
        await console.type("SELECT * FROM \"vaultdesk\" WHERE pk = ")
        Snapshot.check(console.screen, "query-problem")
        await console.press(.control("u"))
        await console.type(Self.tenantItems + "\n")
        Snapshot.check(console.screen, "query-results")
        await console.press(.enter)
        Snapshot.check(console.screen, "query-item")
    }

    @Test("only admins whose scope is every tenant can open it; support gets the inspector's refusal")
    func onlyAdmins() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(scope: try await DemoStore.support(), store: fixture.store)
        await console.start()
        await console.press(.character("Q"))
        guard case .tenants = console.state.screen else {
            Issue.record("Q opened something for support staff")
            return
        }
        await console.press(.character(":"))
        await console.type("query SELECT * FROM vaultdesk\n")
        #expect(console.state.lastError?.contains("Only admins can run queries") == true)
        await #expect(throws: RepositoryError.self) {
            try await fixture.repository().runQuery("SELECT * FROM vaultdesk", scope: try await DemoStore.support())
        }
    }

    @Test("anything but a SELECT, or a statement naming a secret, is refused before it runs, and audited")
    func readOnly() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(store: fixture.store)
        await console.start()
        await console.press(.character("Q"))
        let tenantKey: Item = ["pk": .s("TENANT#bluewater-water"), "sk": .s("TENANT")]
        let before = try await fixture.store.getItem(GetItemInput(tableName: "vaultdesk", key: tenantKey)).item
        #expect(before != nil)
        for statement in [
            "DELETE FROM vaultdesk WHERE pk = 'TENANT#bluewater-water' AND sk = 'TENANT'",
            "  -- a comment first\n UPDATE vaultdesk SET name = 'x' WHERE pk = 'a' AND sk = 'b'",
            "SELECT * FROM vaultdesk WHERE begins_with(qr_secret, 'a')",
        ] {
            await console.press(.control("u"))
            await console.type(statement.replacingOccurrences(of: "\n", with: " "))
            guard case .query(let query) = console.state.screen else {
                Issue.record("left the query screen")
                return
            }
            #expect(query.problem != nil, "\(statement)")
            await console.press(.enter)
            #expect(console.state.lastError != nil, "\(statement)")
        }
        #expect(try await fixture.store.getItem(GetItemInput(tableName: "vaultdesk", key: tenantKey)).item == before)
        // The repository refuses them too, whoever calls it, and the refusal is in the audit log.
        await #expect(throws: RepositoryError.self) {
            try await fixture.repository().runQuery(
                "INSERT INTO vaultdesk VALUE {'pk': 'x', 'sk': 'y'}", scope: DemoStore.admin)
        }
        let audit = try await fixture.repository().auditEvents(tenantId: "platform", scope: DemoStore.admin)
        let refused = audit.items.filter { $0.action == AuditAction.runQuery.rawValue && $0.outcome == .refused }
        #expect(refused.contains { $0.entityId.hasPrefix("INSERT INTO vaultdesk") })
    }

    @Test("a query is audited with what it read and cost, and its history survives a restart")
    func auditAndHistory() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(store: fixture.store)
        await console.start()
        await console.press(.character(":"))
        await console.type("query " + Self.tenantItems + "\n")
        guard case .query(let query) = console.state.screen, let page = query.page else {
            Issue.record("no results: \(console.text)")
            return
        }
        #expect(!page.rows.isEmpty)
        let audit = try await fixture.repository().auditEvents(tenantId: "platform", scope: DemoStore.admin)
        let ran = audit.items.first { $0.action == AuditAction.runQuery.rawValue && $0.outcome == .done }
        #expect(ran?.entityId == Self.tenantItems)
        #expect(ran?.detail == "\(page.rows.count) items, \(VaultRepositoryUnits.text(page.capacityUnits)) RCU")
        #expect(ran?.actor == DemoStore.admin.actor)

        let later = try await ConsoleHarness(store: fixture.store)
        await later.start()
        await later.press(.character("Q"), .up)
        guard case .query(let reopened) = later.state.screen else {
            Issue.record("Q did not open the query screen")
            return
        }
        #expect(reopened.field.text == Self.tenantItems)
    }

    @Test("PgDn and PgUp page through a scan by NextToken; Enter shows an item with its secret hidden")
    func paging() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(store: fixture.store)
        await console.start()
        await console.press(.character("Q"))
        await console.type("SELECT * FROM \"vaultdesk\" WHERE begins_with(pk, 'TENANT#bluewater-water')\n")
        // A scan of a large table runs only when confirmed with a second Enter; the notice says how large.
        #expect(console.state.notice?.contains("scans the whole table") == true)
        #expect(console.state.notice?.contains(" items, ") == true && console.state.notice?.contains(" MB") == true)
        if case .query(let waiting) = console.state.screen { #expect(waiting.page == nil) }
        await console.press(.enter)
        guard case .query(let first) = console.state.screen, let firstPage = first.page else {
            Issue.record("no results: \(console.text)")
            return
        }
        #expect(first.focus == .results, "\(console.text)")
        #expect(firstPage.plannedAs == "Scan")
        #expect(console.text.contains("Scan · page 1"))
        await console.press(.pageDown)
        guard case .query(let second) = console.state.screen else { return }
        #expect(firstPage.next != nil, "a scan of the whole demo store takes more than one page")
        if firstPage.next != nil {
            #expect(second.pageNumber == 2)
            #expect(second.page != firstPage)
            await console.press(.pageUp)
            guard case .query(let back) = console.state.screen else { return }
            #expect(back.page?.rows == firstPage.rows)
            #expect(back.pageNumber == 1)
        }
        await console.press(.tab, .control("u"))
        await console.type("SELECT * FROM \"vaultdesk\" WHERE pk = 'TENANT#bluewater-water' AND sk = 'TENANT'\n")
        await console.press(.enter)
        #expect(console.text.contains("‹hidden secret›"))
        #expect(!console.text.contains("qr_secret\": {"))
    }
}

extension ConsoleQueryTests {
    @Test("a scan of a small table runs at the first Enter, without asking")
    func smallTableScan() async throws {
        let folder = try ProcessScratch.folder("small-table")
        let store = try PartitionStore(
            path: folder.appendingPathComponent("small.db").path,
            configuration: StoreConfiguration(durability: .normal))
        _ = try await VaultRepository(store: store).provisionTable(pollInterval: .milliseconds(10))
        for index in 0..<30 {
            _ = try await store.putItem(
                PutItemInput(
                    tableName: "vaultdesk",
                    item: ["pk": .s("TENANT#t\(index % 3)"), "sk": .s("NOTE#\(index)"), "text": .s("é ü 東京 \(index)")]))
        }
        // The 30 notes and the key design's own record.
        let held = try await store.describeTable("vaultdesk").itemCount
        let console = try await ConsoleHarness(store: store)
        await console.start()
        await console.press(.character("Q"))
        await console.type("SELECT * FROM \"vaultdesk\" WHERE begins_with(sk, 'NOTE#')\n")
        guard case .query(let ran) = console.state.screen, let page = ran.page else {
            Issue.record("the scan of a small table did not run at once: \(console.state.notice ?? "")")
            return
        }
        #expect(page.plannedAs == "Scan" && page.rows.count == 30)
        #expect(ran.tableSize?.isLarge == false && ran.tableSize?.items == held && held >= 30)
        #expect(console.state.notice?.contains("scans the whole table") != true)
    }

    @Test("Tab completes tables, indexes, attributes and keywords; y copies the item through OSC 52")
    func completionAndCopy() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(store: fixture.store)
        final class Copies { var texts: [String] = [] }
        let copies = Copies()
        console.controller.clipboard = { copies.texts.append($0) }
        await console.start()
        await console.press(.character("Q"))
        await console.type("sel")
        await console.press(.tab)
        await console.type("* FROM \"vault")
        await console.press(.tab)
        await console.type(" WHERE p")
        await console.press(.tab)
        guard case .query(let typed) = console.state.screen else { return }
        #expect(typed.field.text == "SELECT * FROM \"vaultdesk\" WHERE pk ", "\(typed.field.text)")
        await console.type("= 'TENANT#bluewater-water' AND sk = 'TENANT'\n")
        await console.press(.character("y"))
        #expect(copies.texts.count == 1)
        #expect(copies.texts.first?.contains("\"qr_secret\": \"‹hidden secret›\"") == true)
        // Several candidates complete as far as they agree and are listed.
        await console.press(.tab, .control("u"))
        await console.type("SELECT * FROM \"vaultdesk\".\"g")
        await console.press(.tab)
        #expect(console.state.notice?.contains("\"vaultdesk\".\"gsi1\"") == true)

        let plain = Clipboard.osc52("héllo", inTmux: false)
        #expect(plain == "\u{1B}]52;c;aMOpbGxv\u{07}")
        let wrapped = Clipboard.osc52("héllo", inTmux: true)
        #expect(wrapped == "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aMOpbGxv\u{07}\u{1B}\\")
    }

    @Test(":export writes every page of a query or a list to CSV or JSON lines, secrets hidden, audited")
    func export() async throws {
        let fixture = try await DemoStore.makeFixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let console = try await ConsoleHarness(store: fixture.store)
        await console.start()
        await console.press(.character("Q"))
        await console.type("SELECT * FROM \"vaultdesk\" WHERE begins_with(pk, 'TENANT#bluewater-water')\n")
        await console.press(.enter)
        let jsonl = folder.appendingPathComponent("tenant.jsonl").path
        await console.press(.character(":"))
        await console.type("export \(jsonl)\n")
        try await console.waitUntil("the export") { $0.notice?.hasPrefix("Wrote") == true }
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        let expected = try await fixture.store.send(
            ScanInput(
                tableName: "vaultdesk", filterExpression: "begins_with(pk, :p)",
                expressionAttributeValues: [":p": .s("TENANT#bluewater-water")], select: .count))
        // Every item of every page, not only the first page shown.
        #expect(lines.count > 50)
        #expect(lines.count >= expected.count)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        #expect(lines.contains { $0.contains("\"qr_secret\": \"‹hidden secret›\"") })
        #expect(!lines.contains { $0.contains("qr_secret\": {") })

        // A list, from a tenant's payments tab, as CSV.
        await console.press(.escape, .escape, .escape)
        await console.press(.enter, .tab)
        let csv = folder.appendingPathComponent("payments.csv").path
        await console.press(.character(":"))
        await console.type("export \(csv)\n")
        try await console.waitUntil("the list export") { $0.notice?.contains("payments.csv") == true }
        let rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(rows.first?.hasPrefix("pk,sk,") == true)
        #expect(rows.count > 2)
        #expect(!FileManager.default.fileExists(atPath: csv + ".rows"))
        #expect(
            (try FileManager.default.contentsOfDirectory(atPath: folder.path)).sorted() == [
                "payments.csv", "tenant.jsonl",
            ])

        await console.press(.character(":"))
        await console.type("export \(folder.appendingPathComponent("x.txt").path)\n")
        #expect(console.state.lastError?.contains(".csv or .jsonl") == true)
        let audit = try await fixture.repository().auditEvents(tenantId: "platform", scope: DemoStore.admin)
        #expect(
            audit.items.contains {
                $0.action == AuditAction.export.rawValue && $0.detail?.contains("tenant.jsonl") == true
            })
    }
}

extension ConsoleQueryTests {
    @Test(":backups lists the store's backups for admins, with how to restore; support is refused")
    func backupsScreen() async throws {
        let fixture = try await DemoStore.makeFixture()
        let console = try await ConsoleHarness(size: TerminalSize(columns: 120, rows: 30), store: fixture.store)
        await console.start()
        await console.press(.character(":"))
        await console.type("backups\n")
        #expect(console.text.contains("No backups yet"))
        #expect(console.text.contains("vaultdesk  point-in-time recovery off"))
        let backup = try fixture.store.createBackup(tableName: "vaultdesk", backupName: "before-upgrade")
        let recovery = try fixture.store.updateContinuousBackups(
            UpdateContinuousBackupsInput(
                tableName: "vaultdesk", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7))
        await console.press(.character(":"))
        await console.type("backups\n")
        #expect(console.text.contains("before-upgrade"))
        #expect(console.text.contains("vaultdesk backup restore ARN --to NEW · vaultdesk recovery restore"))
        #expect(console.text.contains("vaultdesk  point-in-time recovery on, 7 days: restorable from "))
        let from = BackupsView.timestamp(try #require(recovery.earliestRestorableDateTime))
        #expect(console.text.contains(from))
        guard case .backups(let screen) = console.state.screen else {
            Issue.record("not on the backups screen")
            return
        }
        #expect(screen.backups.map(\.arn) == [backup.backupArn])
        #expect(screen.backups.first?.itemCount == backup.itemCount)

        let support = try await ConsoleHarness(scope: try await DemoStore.support(), store: fixture.store)
        await support.start()
        await support.press(.character(":"))
        await support.type("backups\n")
        #expect(support.state.lastError?.contains("Only admins") == true)
        await #expect(throws: RepositoryError.self) {
            try await fixture.repository().backups(scope: try await DemoStore.support())
        }
    }
}

/// The capacity as the audit detail writes it.
enum VaultRepositoryUnits {
    static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
