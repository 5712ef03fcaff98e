import Foundation
import PartitionStore
import TestSupport

@testable import VaultRepository

/// A fresh store and repository in a temporary folder, with builders for domain data.
final class RepositoryFixture: @unchecked Sendable {
    let folder: URL
    let store: PartitionStore
    let repository: VaultRepository
    let eur = Currency("EUR")!

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try PartitionStore(
            path: folder.appendingPathComponent("store.db").path,
            configuration: StoreConfiguration(durability: .normal, sweepInterval: 0))
        repository = VaultRepository(store: store)
        try await repository.prepareTable()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func tenant(_ id: String, name: String? = nil) -> Tenant {
        Tenant(
            id: id, name: name ?? "Tenant \(id)", domain: "\(id).example.com", status: .active,
            displayName: (name ?? id).uppercased(),
            accentColor: "#3366FF", currency: eur, qrSecret: SigningSecret(Array("secret-\(id)".utf8)),
            createdAt: "2026-01-01T00:00:00.000Z")
    }

    /// Tenants acme and globex with one statement each: the smallest store where one scope's
    /// data sits beside another's.
    func twoTenants() async throws -> (acme: Statement, globex: Statement) {
        for id in ["acme", "globex"] { try await repository.save(tenant(id)) }
        let statements = (statement("acme", 1), statement("globex", 1))
        try await repository.save(statements.0)
        try await repository.save(statements.1)
        return statements
    }

    func statement(_ tenantId: String, _ number: Int, issued: String = "2026-11-01") -> Statement {
        Statement(
            tenantId: tenantId, id: "st-\(tenantId)-\(number)", reference: "\(tenantId.uppercased())-\(number)",
            customerName: "Customer \(number)", period: String(issued.prefix(7)), issueDate: issued,
            dueDate: "2026-12-01",
            amountDue: Money(minorUnits: Int64(10_000 + number), currency: eur), amountPaid: .zero(eur), status: .issued
        )
    }

    func payment(_ tenantId: String, statement: String, _ number: Int, at: String) -> Payment {
        Payment(
            tenantId: tenantId, statementId: statement, id: "pay-\(tenantId)-\(number)",
            amount: Money(minorUnits: Int64(100 * number), currency: eur),
            method: .card, status: .settled, receivedAt: at, transactionHash: "0x\(tenantId)\(number)")
    }

    func certificate(
        _ tenantId: String, _ number: String, standard: String, organization: String, expires: String
    ) -> Certificate {
        Certificate(
            tenantId: tenantId, number: number, standard: standard, organization: organization, issueDate: "2024-01-01",
            expiryDate: expires, status: .valid, issuer: "Registry")
    }

    /// `2026-11-DDTHH:00:00.000Z` for an hour offset from the start of November.
    static func instant(hours: Int) -> String {
        String(format: "2026-11-%02dT%02d:00:00.000Z", 1 + hours / 24, hours % 24)
    }
}
