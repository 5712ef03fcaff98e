import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

@Suite("Table provisioning")
struct TableProvisioningTests {
    static func emptyStore() throws -> (PartitionStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vaultdesk-provision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (
            try PartitionStore(
                path: folder.appendingPathComponent("store.db").path,
                configuration: StoreConfiguration(durability: .normal)), folder
        )
    }

    @Test("creates the table with indexes, stream and TTL; a second run changes nothing")
    func createsThenLeavesAlone() async throws {
        let (store, folder) = try Self.emptyStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = VaultRepository(store: store, tableName: "vault")
        guard case .created(let table) = try await repository.provisionTable() else {
            Issue.record("not created")
            return
        }
        #expect(table.globalSecondaryIndexes.map(\.indexName).sorted() == ["gsi1", "gsi2", "gsi3"])
        #expect(table.streamSpecification?.streamViewType == .newAndOldImages)
        #expect(
            try await store.describeTimeToLive(tableName: "vault")
                == TimeToLiveDescription(timeToLiveStatus: .enabled, attributeName: "expires_at"))
        guard case .ready(_, let changes) = try await repository.provisionTable() else {
            Issue.record("not ready")
            return
        }
        #expect(changes.isEmpty)
    }

    @Test("a correct table with TTL off gets TTL switched on, and says so")
    func completesTimeToLive() async throws {
        let (store, folder) = try Self.emptyStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = VaultRepository(store: store, tableName: "vault")
        _ = try await store.createTable(repository.tableDefinition)
        guard case .ready(_, let changes) = try await repository.provisionTable() else {
            Issue.record("not ready")
            return
        }
        #expect(changes == ["switched TTL on for expires_at"])
        #expect(try await store.describeTimeToLive(tableName: "vault").timeToLiveStatus == .enabled)
    }

    @Test("a mismatched table is reported in words and left as it was")
    func mismatchReported() async throws {
        let (store, folder) = try Self.emptyStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = VaultRepository(store: store, tableName: "vault")
        var wrong = repository.tableDefinition
        wrong.keySchema = [KeySchemaElement("pk", .hash)]
        wrong.globalSecondaryIndexes.removeLast()
        wrong.attributeDefinitions.removeAll { ["sk", "gsi3pk", "gsi3sk"].contains($0.attributeName) }
        wrong.streamSpecification = StreamSpecification(streamEnabled: true, streamViewType: .keysOnly)
        _ = try await store.createTable(wrong)
        _ = try await store.updateTimeToLive(
            tableName: "vault", specification: TimeToLiveSpecification(enabled: true, attributeName: "ttl"))
        guard case .mismatched(_, let problems) = try await repository.provisionTable() else {
            Issue.record("not reported")
            return
        }
        #expect(
            problems == [
                "its key is pk HASH, not pk HASH, sk RANGE",
                "global index gsi3 is missing",
                "its stream is KEYS_ONLY, not NEW_AND_OLD_IMAGES",
                "TTL is on ttl, not expires_at",
            ])
        #expect(try await store.describeTable("vault").globalSecondaryIndexes.count == 2)
        await #expect(throws: RepositoryError.self) { try await repository.prepareTable() }
    }

    @Test("a table without a stream is a mismatch: the console's live view needs one")
    func streamRequired() async throws {
        let (store, folder) = try Self.emptyStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = VaultRepository(store: store, tableName: "vault")
        var wrong = repository.tableDefinition
        wrong.streamSpecification = nil
        _ = try await store.createTable(wrong)
        guard case .mismatched(_, let problems) = try await repository.provisionTable() else {
            Issue.record("not reported")
            return
        }
        #expect(problems == ["its stream is off; it needs NEW_AND_OLD_IMAGES"])
    }
}
