import Foundation
import PartitionStore

/// What the simulator has done so far.
public struct TrafficCounts: Sendable, Hashable {
    public var payments = 0
    public var failedPayments = 0
    public var duplicates = 0
    public var statements = 0
    public var renewals = 0
    public var certificateChanges = 0
    public var sessions = 0
    public var conflicts = 0

    public var total: Int { payments + duplicates + statements + renewals + certificateChanges + sessions }

    public init() {}
}

/// Realistic ongoing activity through the repository, so the change stream shows real events:
/// payments arriving (some failing, some delivered twice), statements issued, certificates
/// renewed, suspended and expiring, and short-lived sessions that the store deletes by TTL.
public actor TrafficSimulator {
    public static let operatorName = "simulator@vaultdesk.example"

    let repository: VaultRepository
    let scope = AccessScope.admin(TrafficSimulator.operatorName)
    var random: DemoRandom
    var tenants: [Tenant] = []
    /// Per tenant: statements not yet paid in full, and the reference prefix its statements use.
    var openStatements: [String: [Statement]] = [:]
    var referenceCodes: [String: String] = [:]
    var certificates: [String: [Certificate]] = [:]
    var recentPayments: [Payment] = []
    public private(set) var counts = TrafficCounts()

    public init(repository: VaultRepository, seed: UInt64) {
        self.repository = repository
        self.random = DemoRandom(seed: seed)
    }

    /// Reads the working set: the active tenants, their newest open statements and their
    /// certificates expiring soonest.
    public func prepare() async throws {
        tenants = try await repository.allTenants(scope: scope).filter { $0.status == .active }
        guard !tenants.isEmpty else {
            throw RepositoryError.invalidArgument(
                "The store has no active tenants; fill it first with `vaultdesk seed`")
        }
        let horizon = CivilCalendar.adding(180, daysTo: CivilCalendar.today(repository.now())) ?? "9999-12-31"
        for tenant in tenants {
            let statements = try await repository.statements(tenantId: tenant.id, scope: scope, limit: 200).items
            openStatements[tenant.id] = statements.filter { $0.status != .paid && $0.status != .void }
            if let reference = statements.first?.reference, let dash = reference.firstIndex(of: "-") {
                referenceCodes[tenant.id] = String(reference[..<dash])
            }
            certificates[tenant.id] = try await repository.certificatesExpiring(
                tenantId: tenant.id, before: horizon, scope: scope, limit: 100
            ).items
        }
    }

    /// Performs one action, chosen at random with the weights of a busy day.
    public func step() async throws {
        let roll = Int.random(in: 0..<100, using: &random)
        do {
            switch roll {
            case 0..<55: try await payment()
            case 55..<60: try await redelivery()
            case 60..<70: try await issueStatement()
            case 70..<75: try await renewal()
            case 75..<80: try await certificateChange()
            default: try await session()
            }
        } catch RepositoryError.conflict {
            counts.conflicts += 1
        }
    }

    func pickTenant() -> Tenant { random.pick(tenants) }

    func payment() async throws {
        let tenant = pickTenant()
        guard var open = openStatements[tenant.id], !open.isEmpty else { return try await issueStatement(for: tenant) }
        let index = Int.random(in: 0..<open.count, using: &random)
        let statement = open[index]
        let remaining = max(1, statement.amountDue.minorUnits - statement.amountPaid.minorUnits)
        let amount =
            random.chance(0.6) ? remaining : max(1, remaining * Int64.random(in: 20...80, using: &random) / 100)
        let failed = random.chance(0.04)
        let payment = Payment(
            tenantId: tenant.id, statementId: statement.id, id: "pay-\(random.hex(bytes: 8))",
            amount: Money(minorUnits: amount, currency: statement.amountDue.currency),
            method: random.pick(PaymentMethod.allCases), status: failed ? .failed : .settled,
            receivedAt: VaultRepository.timestamp(repository.now()), transactionHash: "0x" + random.hex(bytes: 32))
        switch try await repository.recordPayment(payment, scope: scope) {
        case .recorded(let updated):
            counts.payments += 1
            if failed { counts.failedPayments += 1 }
            if updated.status == .paid { open.remove(at: index) } else { open[index] = updated }
            openStatements[tenant.id] = open
            recentPayments.append(payment)
            if recentPayments.count > 64 { recentPayments.removeFirst() }
        case .duplicate:
            counts.duplicates += 1
        }
    }

    /// A payment processor delivering a payment it already delivered: recorded once only.
    func redelivery() async throws {
        guard let payment = recentPayments.randomElement(using: &random) else { return try await payment() }
        var again = payment
        again.id = "pay-\(random.hex(bytes: 8))"
        if case .duplicate = try await repository.recordPayment(again, scope: scope) { counts.duplicates += 1 }
    }

    func issueStatement(for chosen: Tenant? = nil) async throws {
        let tenant = chosen ?? pickTenant()
        let today = CivilCalendar.today(repository.now())
        let period = String(today.prefix(7))
        let code = referenceCodes[tenant.id] ?? String(tenant.id.prefix(4)).uppercased()
        let major = Int64.random(in: 20...2_000, using: &random)
        var unit: Int64 = 1
        for _ in 0..<tenant.currency.minorDigits { unit *= 10 }
        let statement = Statement(
            tenantId: tenant.id, id: "st-\(random.hex(bytes: 6))",
            reference: "\(code)-\(period.replacingOccurrences(of: "-", with: ""))-\(random.hex(bytes: 4).uppercased())",
            customerName: "\(random.pick(DemoCatalog.firstNames)) \(random.pick(DemoCatalog.lastNames))",
            period: period,
            issueDate: today, dueDate: CivilCalendar.adding(21, daysTo: today) ?? today,
            amountDue: Money(minorUnits: major * unit, currency: tenant.currency), amountPaid: .zero(tenant.currency),
            status: .issued)
        try await repository.issue(statement, scope: scope)
        counts.statements += 1
        openStatements[tenant.id, default: []].append(statement)
    }

    func renewal() async throws {
        let tenant = pickTenant()
        guard var list = certificates[tenant.id], !list.isEmpty else { return try await session() }
        let index = Int.random(in: 0..<list.count, using: &random)
        let certificate = list[index]
        guard certificate.status != .withdrawn else { return }
        let today = CivilCalendar.today(repository.now())
        do {
            list[index] = try await repository.renew(
                certificate, on: today, until: CivilCalendar.adding(3 * 365, daysTo: today) ?? today,
                ledgerTransactionHash: "0x" + random.hex(bytes: 32), scope: scope)
            counts.renewals += 1
        } catch RepositoryError.conflict(let reason) {
            list.remove(at: index)  // Changed elsewhere: drop it from the working set.
            certificates[tenant.id] = list
            throw RepositoryError.conflict(reason)
        }
        certificates[tenant.id] = list
    }

    /// A certificate suspended by its body, or expiring on its day.
    func certificateChange() async throws {
        let tenant = pickTenant()
        guard var list = certificates[tenant.id], !list.isEmpty else { return try await session() }
        let index = Int.random(in: 0..<list.count, using: &random)
        var certificate = list[index]
        certificate.status = certificate.status == .valid && random.chance(0.5) ? .suspended : .expired
        do {
            list[index] = try await repository.update(certificate, scope: scope)
            counts.certificateChanges += 1
        } catch RepositoryError.conflict(let reason) {
            list.remove(at: index)
            certificates[tenant.id] = list
            throw RepositoryError.conflict(reason)
        }
        certificates[tenant.id] = list
    }

    /// A customer signing in to the tenant's portal for a few seconds; the store's TTL sweep
    /// deletes the session when it expires.
    func session() async throws {
        let tenant = pickTenant()
        _ = try await repository.startSession(
            tenantId: tenant.id,
            userEmail: "\(random.pick(DemoCatalog.firstNames).lowercased().filter(\.isASCII))@\(tenant.domain)",
            lifetime: Int.random(in: 5...30, using: &random), scope: scope)
        counts.sessions += 1
    }
}
