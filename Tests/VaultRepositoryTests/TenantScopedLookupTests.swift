import Foundation
import PartitionStore
import Synchronization
import Testing

@testable import VaultRepository

/// A scope held to some tenants reads and writes nothing of any other tenant, by the partitions
/// the engine resolves for every request it makes (the ones a `dynamodb:LeadingKeys` policy
/// judges); and a store written before tenant-scoped lookups is upgraded in place.
@Suite("Tenant-scoped lookups and the key design upgrade")
struct TenantScopedLookupTests {
    /// Passes every operation to the engine, noting the partitions it touches.
    final class PartitionSpy: ItemStore {
        let base: PartitionStore
        let touched = Mutex<[String]>([])

        init(_ base: PartitionStore) { self.base = base }

        func send<Operation: StoreOperation>(_ operation: Operation) async throws(StoreError) -> Operation.Output {
            let access = try operation.resolvedAccess(on: base)
            touched.withLock { $0 += access.targets.flatMap { $0.leadingKeys ?? ["<no partition: \($0.table)>"] } }
            return try await base.send(operation)
        }

        func importItems(_ items: [Item], into tableName: String) async throws(StoreError) {
            try await base.importItems(items, into: tableName)
        }
    }

    @Test("reference, email, domain and QR lookups by a support scope touch only its tenants and the platform's log")
    func isolation() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let (mine, theirs) = try await fixture.twoTenants()
        for tenant in ["acme", "globex"] {
            try await repository.save(
                User(tenantId: tenant, id: "u-\(tenant)", email: "ana@\(tenant).example", name: "Ana", role: .member))
        }
        let admin = AccessScope.admin("boss@example.com")
        let genuineTheirs = try #require(try await repository.qrPayload(of: theirs, scope: admin))

        let spy = PartitionSpy(fixture.store)
        let watched = VaultRepository(store: spy)
        let support = AccessScope.support("sam@example.com", tenants: ["acme"], account: "sam")
        #expect(try await watched.lookup(mine.reference, scope: support) == .found(mine, via: .reference))
        #expect(try await watched.lookup(theirs.reference, scope: support) == .notFound)
        #expect(try await watched.lookup(genuineTheirs.url, scope: support) == .notFound)
        #expect(try await watched.qrPayload(reference: theirs.reference, scope: support) == nil)
        #expect(try await watched.user(email: "ana@acme.example", scope: support)?.tenantId == "acme")
        #expect(try await watched.user(email: "ana@globex.example", scope: support) == nil)
        #expect(try await watched.tenant(domain: "acme.example.com", scope: support)?.id == "acme")
        #expect(try await watched.tenant(domain: "globex.example.com", scope: support) == nil)
        #expect(try await watched.tenants(scope: support).items.map(\.id) == ["acme"])

        let outside = spy.touched.withLock { $0 }.filter {
            !($0 == "TENANT#acme" || $0.hasPrefix("TENANT#acme#") || $0.hasPrefix("TENANT#platform#AUDIT#"))
        }
        #expect(outside.isEmpty, "touched outside the scope: \(outside)")

        // An admin's lookups still find any tenant's statement through the platform-wide entry.
        #expect(try await watched.lookup(theirs.reference, scope: admin) == .found(theirs, via: .reference))
    }

    @Test("a store written before tenant-scoped lookups is upgraded in place, once, while it is in use")
    func upgrade() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        for number in 1...30 { try await repository.save(fixture.statement("acme", number)) }
        try await repository.save(
            User(tenantId: "acme", id: "u-1", email: "Ana@Acme.example", name: "Ana", role: .member))
        #expect(try await repository.dataModelVersion() == 2)

        // As an earlier version left it: no gsi3 entries on statements and users, no marker.
        var start: Item?
        repeat {
            let page = try await fixture.store.scan(ScanInput(tableName: "vaultdesk", exclusiveStartKey: start))
            for item in page.items where VaultRepository.scopedLookupEntry(of: item) != nil {
                _ = try await fixture.store.updateItem(
                    UpdateItemInput(
                        tableName: "vaultdesk", key: ["pk": item["pk"] ?? .null, "sk": item["sk"] ?? .null],
                        updateExpression: "REMOVE gsi3pk, gsi3sk"))
            }
            start = page.lastEvaluatedKey
        } while start != nil
        _ = try await fixture.store.deleteItem(
            DeleteItemInput(tableName: "vaultdesk", key: ["pk": .s("VAULTDESK"), "sk": .s("DATAMODEL")]))
        #expect(try await repository.dataModelVersion() == 1)
        let support = AccessScope.support("sam@example.com", tenants: ["acme"])
        #expect(try await repository.lookup("ACME-7", scope: support) == .notFound)

        let reports = Mutex<[UpgradeProgress]>([])
        let upgraded = try await repository.upgradeDataModel { state in reports.withLock { $0.append(state) } }
        #expect(upgraded == 31)
        #expect(reports.withLock { $0.last?.upgraded } == 31)
        #expect(try await repository.dataModelVersion() == 2)
        #expect(
            try await repository.lookup("ACME-7", scope: support)
                == .found(fixture.statement("acme", 7), via: .reference))
        #expect(try await repository.user(email: "ana@acme.example", scope: support)?.id == "u-1")
        // Running it again finds nothing to do.
        #expect(try await repository.upgradeDataModel() == 0)
    }
}
