import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

@Suite("Demo data and simulated traffic")
struct DemoDataTests {
    let admin = AccessScope.admin("checker@vaultdesk")

    func scanAll(_ store: PartitionStore) throws -> [Item] {
        var items: [Item] = []
        var start: Item?
        repeat {
            let page = try store.scan(ScanInput(tableName: "vaultdesk", exclusiveStartKey: start))
            items += page.items
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    @Test("The same seed and day give the same data; the data is consistent with itself")
    func deterministicAndConsistent() async throws {
        let first = try await RepositoryFixture()
        let second = try await RepositoryFixture()
        let summary = try await first.repository.seedDemo(scale: .small, seed: 42, asOf: "2026-11-21")
        _ = try await second.repository.seedDemo(scale: .small, seed: 42, asOf: "2026-11-21")
        let all = try scanAll(first.store)
        // Provisioning records the key design the items follow; the seed writes the rest.
        let marker = all.filter { $0["pk"] == .s("VAULTDESK") }
        #expect(marker.map { $0["sk"] } == [.s("DATAMODEL")] && marker.first?["version"] == AttributeValue.number(2))
        let items = all.filter { $0["pk"] != .s("VAULTDESK") }
        #expect(items.count == summary.items)
        #expect(Set(all.map { AttributeValue.m($0) }) == Set(try scanAll(second.store).map { AttributeValue.m($0) }))

        let byEntity = Dictionary(grouping: items) { $0["entity"]?.stringValue ?? "?" }
        #expect(
            byEntity["TENANT"]?.count == 8 && byEntity["PAYMENT"]?.count == 12_000
                && byEntity["PAYMENTTX"]?.count == 12_000)
        #expect(byEntity["STATEMENT"]?.count == summary.statements && byEntity["DOCUMENT"]?.count == summary.statements)
        let statements = try (byEntity["STATEMENT"] ?? []).map(ItemMapping.statement)
        #expect(Set(statements.map(\.reference)).count == statements.count, "references are unique")
        // Each statement's paid amount is the sum of its settled payments, and its status follows.
        let payments = try (byEntity["PAYMENT"] ?? []).map(ItemMapping.payment)
        let settled = Dictionary(grouping: payments.filter { $0.status == .settled }, by: \.statementId).mapValues {
            $0.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        }
        for statement in statements {
            #expect(statement.amountPaid.minorUnits == settled[statement.id, default: 0], "\(statement.reference)")
            if statement.amountPaid.minorUnits >= statement.amountDue.minorUnits { #expect(statement.status == .paid) }
            #expect(statement.issueDate <= "2026-11-21")
        }
        #expect(payments.allSatisfy { $0.receivedAt <= "2026-11-22" && $0.amount.currency.code.count == 3 })
        #expect(Set(payments.map(\.method)).count == 4 && payments.contains { $0.status == .failed })
        #expect(
            Set(try (byEntity["CERTIFICATE"] ?? []).map { try ItemMapping.certificate($0).standard }).isSuperset(of: [
                "9001", "14001", "27001", "45001",
            ]))
        // A bulk load writes no stream records.
        let store: PartitionStore = first.store
        let arn = try #require(try await store.describeTable("vaultdesk").latestStreamArn)
        let shard = try #require(try store.describeStream(arn).shards.first)
        let iterator: String = try store.getShardIterator(streamArn: arn, shardId: shard.shardId, type: .trimHorizon)
        let records: [StreamRecord] = try store.getRecords(shardIterator: iterator).records
        #expect(records.isEmpty)

        // The operators see what their records grant.
        let support = try #require(try await first.repository.userRecord(email: DemoOperators.supportEmail))
        #expect(support.role == .support && support.permittedTenants.count == 3)
        #expect(try await first.repository.tenants(scope: AccessScope(user: support)).items.count == 3)
        #expect(try await first.repository.userRecord(email: DemoOperators.adminEmail)?.role == .admin)
        // A seed into a store with tenants is refused.
        await #expect(
            throws: RepositoryError.invalidArgument("The store already holds tenants; seed into a new store file")
        ) {
            try await first.repository.seedDemo(scale: .small, seed: 1, asOf: "2026-11-21")
        }
        await #expect(throws: RepositoryError.self) {
            try await second.repository.seedDemo(scale: .small, seed: 1, asOf: "21/11/2026")
        }
    }

    @Test("A different seed gives different data; every scale plans at least its promised size")
    func scales() async throws {
        let a = DemoTenantPlan.plans(scale: .small, seed: 1)
        let b = DemoTenantPlan.plans(scale: .small, seed: 2)
        #expect(a.map(\.id) == b.map(\.id))
        #expect(a.map(\.market.currency) != b.map(\.market.currency))
        let large = DemoTenantPlan.plans(scale: .large, seed: 1)
        #expect(large.count >= 50 && large.reduce(0) { $0 + $1.payments } >= 1_000_000)
        #expect(Set(large.map(\.id)).count == large.count && Set(large.map(\.referenceCode)).count == large.count)
        #expect(large[0].payments > 10 * large[59].payments, "tenants differ in size")
    }

    @Test("Civil calendar arithmetic matches Foundation's")
    func calendar() {
        var random = DemoRandom(seed: 9)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(CivilCalendar.timestamp(milliseconds: milliseconds) == formatter.string(from: date))
        }
        #expect(CivilCalendar.days(of: "2024-02-29") != nil && CivilCalendar.days(of: "2023-02-29") == nil)
        #expect(CivilCalendar.adding(1, daysTo: "2026-12-31") == "2027-01-01")
    }

    @Test("Simulated traffic goes through the repository and keeps statements consistent")
    func traffic() async throws {
        let fixture = try await RepositoryFixture()
        _ = try await fixture.repository.seedDemo(scale: .small, seed: 5, asOf: CivilCalendar.today())
        let simulator = TrafficSimulator(repository: fixture.repository, seed: 11)
        try await simulator.prepare()
        for _ in 0..<400 { try await simulator.step() }
        let counts = await simulator.counts
        #expect(counts.payments > 150 && counts.statements > 10 && counts.sessions > 40)
        #expect(counts.duplicates > 0 && counts.renewals > 0 && counts.certificateChanges > 0)
        // Every statement's paid amount still equals its settled payments.
        let items = try scanAll(fixture.store)
        let payments = try items.filter { $0["entity"]?.stringValue == "PAYMENT" }.map(ItemMapping.payment)
        let settled = Dictionary(grouping: payments.filter { $0.status == .settled }, by: \.statementId).mapValues {
            $0.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        }
        for statement in try items.filter({ $0["entity"]?.stringValue == "STATEMENT" }).map(ItemMapping.statement) {
            #expect(statement.amountPaid.minorUnits == settled[statement.id, default: 0], "\(statement.reference)")
        }
        // Sessions carry the TTL attribute, in the near future.
        let sessions = items.filter { $0["entity"]?.stringValue == "SESSION" }
        let now = Int64(Date().timeIntervalSince1970)
        #expect(
            !sessions.isEmpty && sessions.allSatisfy { ($0["expires_at"]?.numberValue?.int64Value ?? 0) - now <= 31 })
        await #expect(throws: RepositoryError.self) {
            try await TrafficSimulator(repository: (try await RepositoryFixture()).repository, seed: 1).prepare()
        }
    }
}
