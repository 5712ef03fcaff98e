import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Fill a new store with realistic demo data: tenants, statements, payments, documents, certificates and users.",
        discussion: """
            The data is deterministic: the same --scale, --seed and --as-of give the same store on every machine.
            small: 8 tenants, 12,000 payments. medium: 20 tenants, 150,000 payments. large: 60 tenants, 1,050,000 payments.
            Every seeded store has two operators: \(DemoOperators.adminEmail) (admin, every tenant), bound to the
            system account that ran the seed, and \(DemoOperators.supportEmail) (support, three tenants), which
            `vaultdesk operators add --login NAME --email support` binds to another account. A new store file is
            readable by its owner only (mode 0600).
            With --endpoint, seeds a DynamoDB table instead (provisioning it first when it does not exist); the table
            must hold no tenants yet.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions

    @Option(help: "How much data: small, medium or large.")
    var scale: DemoScale = .small

    @Option(help: "The random seed; the same seed makes the same data.")
    var seed: UInt64 = 1

    @Option(help: "The day the data ends on, yyyy-MM-dd (default: today, UTC).")
    var asOf: String?

    func validate() throws {
        if let asOf, CivilCalendar.adding(0, daysTo: asOf) == nil {
            throw ValidationError("--as-of must be a date as yyyy-MM-dd; got \(asOf)")
        }
    }

    func run() async throws {
        let day = asOf ?? CivilCalendar.today()
        let account = try SystemAccount.current()
        let summary: SeedSummary
        let label: String
        if remote.isRemote {
            let target = try StoreTarget.remote(remote)
            label = target.label
            let repository = VaultRepository(store: target.store, tableName: remote.table)
            summary = try await Self.seed(
                repository, scale: scale, seed: seed, asOf: day, adminLogin: account.login, preparing: Provision.report)
        } else {
            label = store.path
            summary = try await Self.seed(
                at: store.path, configuration: store.configuration, scale: scale, seed: seed, asOf: day,
                adminLogin: account.login, table: remote.table)
        }
        let rate = Double(summary.items) / max(summary.seconds, 0.001)
        print(
            """
            Seeded \(label) (\(scale.rawValue), seed \(seed), as of \(day)) in \(String(format: "%.1f", summary.seconds)) s, \(Int(rate).formatted()) items/s:
              \(summary.tenants) tenants, \(summary.statements.formatted()) statements, \(summary.payments.formatted()) payments, \(summary.certificates.formatted()) certificates, \(summary.users) users
            Operators: \(summary.operators.map { "\($0.email) (\($0.role.rawValue.lowercased())\($0.logins.isEmpty ? "" : ", login \($0.logins.joined(separator: ", "))"))" }.joined(separator: ", "))
            """)
    }

    /// Seeds a new store file (built aside and moved into place when complete), or an existing
    /// store that has no tenants yet.
    static func seed(
        at path: String, configuration: StoreConfiguration, scale: DemoScale, seed: UInt64, asOf day: String,
        adminLogin: String?, table: String = "vaultdesk"
    ) async throws -> SeedSummary {
        let work: @Sendable (PartitionStore) async throws -> SeedSummary = { store in
            try await Self.seed(
                VaultRepository(store: store, tableName: table), scale: scale, seed: seed, asOf: day,
                adminLogin: adminLogin)
        }
        if FileManager.default.fileExists(atPath: path) {
            return try await work(PartitionStore(path: path, configuration: configuration))
        }
        return try await PartitionStore.build(at: path, configuration: configuration, work)
    }

    /// Seeds through a repository, reporting progress on standard error.
    static func seed(
        _ repository: VaultRepository, scale: DemoScale, seed: UInt64, asOf day: String, adminLogin: String?,
        preparing: @Sendable (String) -> Void = { _ in }
    ) async throws -> SeedSummary {
        let reporter = ProgressReporter(label: "seeding \(scale.rawValue)")
        defer { reporter.finish() }
        return try await repository.seedDemo(
            scale: scale, seed: seed, asOf: day, adminLogin: adminLogin, preparing: preparing
        ) { progress in
            reporter.update(
                done: progress.itemsWritten, total: progress.itemsTotal,
                detail:
                    "\(progress.itemsWritten.formatted()) of \(progress.itemsTotal.formatted()) items, tenant \(min(progress.tenantsDone + 1, progress.tenantsTotal)) of \(progress.tenantsTotal)"
            )
        }
    }
}

extension DemoScale: ExpressibleByArgument {}
