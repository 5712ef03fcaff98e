import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

@Suite("Domain writes: idempotent payments, optimistic locking, renewals")
struct DomainWriteTests {
    let admin = AccessScope.admin("writer@vaultdesk")

    func prepared() async throws -> RepositoryFixture {
        let fixture = try await RepositoryFixture()
        try await fixture.repository.save(fixture.tenant("acme"))
        try await fixture.repository.save(fixture.statement("acme", 1))  // due 100.01 EUR
        return fixture
    }

    @Test("A payment moves the statement's paid amount and status in the same transaction")
    func recordsPayments() async throws {
        let fixture = try await prepared()
        let repository = fixture.repository
        var first = fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1))
        first.amount = Money(minorUnits: 4_000, currency: fixture.eur)
        guard case .recorded(let afterFirst) = try await repository.recordPayment(first, scope: admin) else {
            Issue.record("the first payment was not recorded")
            return
        }
        #expect(
            afterFirst.amountPaid.minorUnits == 4_000 && afterFirst.status == .partiallyPaid && afterFirst.version == 2)
        // A failed payment is kept but pays nothing.
        var failed = fixture.payment("acme", statement: "st-acme-1", 2, at: RepositoryFixture.instant(hours: 2))
        failed.status = .failed
        _ = try await repository.recordPayment(failed, scope: admin)
        var rest = fixture.payment("acme", statement: "st-acme-1", 3, at: RepositoryFixture.instant(hours: 3))
        rest.amount = Money(minorUnits: 6_001, currency: fixture.eur)
        _ = try await repository.recordPayment(rest, scope: admin)
        let stored = try #require(try await repository.statement(id: "st-acme-1", tenantId: "acme", scope: admin))
        #expect(stored.amountPaid.minorUnits == 10_001 && stored.status == .paid && stored.version == 4)
        let payments = try await repository.payments(statementId: "st-acme-1", tenantId: "acme", scope: admin)
        #expect(payments.map(\.id) == ["pay-acme-1", "pay-acme-2", "pay-acme-3"])
        #expect(
            try await repository.payments(tenantId: "acme", from: "2026-11-01", to: "2026-11-02", scope: admin).items
                .count == 3)
    }

    @Test("The same transaction hash is recorded once, however often and however concurrently it arrives")
    func deduplicates() async throws {
        let fixture = try await prepared()
        let repository = fixture.repository
        let payment = fixture.payment("acme", statement: "st-acme-1", 7, at: RepositoryFixture.instant(hours: 7))
        _ = try await repository.recordPayment(payment, scope: admin)
        #expect(
            try await repository.recordPayment(payment, scope: admin) == .duplicate(existingPaymentId: "pay-acme-7"))
        // A redelivery under a new payment id but the same hash is the same payment.
        var redelivered = payment
        redelivered.id = "pay-other"
        #expect(
            try await repository.recordPayment(redelivered, scope: admin) == .duplicate(existingPaymentId: "pay-acme-7")
        )

        // 16 deliveries of one new payment and 16 distinct payments, all at once.
        let scope = admin
        let outcomes = try await withThrowingTaskGroup(of: PaymentRecording.self) { group in
            for delivery in 0..<16 {
                group.addTask {
                    var same = fixture.payment(
                        "acme", statement: "st-acme-1", 8, at: RepositoryFixture.instant(hours: 8))
                    same.id = "pay-delivery-\(delivery)"
                    return try await repository.recordPayment(same, scope: scope)
                }
                group.addTask {
                    try await repository.recordPayment(
                        fixture.payment(
                            "acme", statement: "st-acme-1", 100 + delivery, at: RepositoryFixture.instant(hours: 9)),
                        scope: scope)
                }
            }
            var outcomes: [PaymentRecording] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let recorded = outcomes.filter { if case .recorded = $0 { true } else { false } }
        #expect(recorded.count == 17)
        let stored = try #require(try await repository.statement(id: "st-acme-1", tenantId: "acme", scope: admin))
        let expected = 700 + 800 + (100..<116).reduce(0) { $0 + 100 * $1 }
        #expect(stored.amountPaid.minorUnits == Int64(expected))
        #expect(stored.version == 1 + 1 + 17)
        #expect(try await repository.payments(statementId: "st-acme-1", tenantId: "acme", scope: admin).count == 18)
    }

    @Test("Bad payments get typed errors and change nothing")
    func rejectsBadPayments() async throws {
        let fixture = try await prepared()
        let repository = fixture.repository
        var dollars = fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1))
        dollars.amount = Money(minorUnits: 100, currency: Currency("USD")!)
        await #expect(throws: RepositoryError.invalidArgument("The payment is in USD but statement ACME-1 is in EUR")) {
            try await repository.recordPayment(dollars, scope: admin)
        }
        var nothing = fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1))
        nothing.amount = .zero(fixture.eur)
        await #expect(throws: RepositoryError.self) { try await repository.recordPayment(nothing, scope: admin) }
        await #expect(throws: RepositoryError.notFound("Statement st-missing of tenant acme")) {
            try await repository.recordPayment(
                fixture.payment("acme", statement: "st-missing", 1, at: RepositoryFixture.instant(hours: 1)),
                scope: admin)
        }
        let outsider = AccessScope.support("help@vaultdesk", tenants: ["globex"])
        await #expect(throws: RepositoryError.tenantNotFound("acme")) {
            try await repository.recordPayment(
                fixture.payment("acme", statement: "st-acme-1", 1, at: RepositoryFixture.instant(hours: 1)),
                scope: outsider)
        }
        let stored = try #require(try await repository.statement(id: "st-acme-1", tenantId: "acme", scope: admin))
        #expect(stored.version == 1 && stored.amountPaid.minorUnits == 0)
        #expect(try await repository.payments(statementId: "st-acme-1", tenantId: "acme", scope: admin).isEmpty)
    }

    @Test("Optimistic locking: a write from a stale read is refused")
    func optimisticLocking() async throws {
        let fixture = try await prepared()
        let repository = fixture.repository
        let read = try #require(try await repository.statement(id: "st-acme-1", tenantId: "acme", scope: admin))
        var mine = read
        mine.dueDate = "2026-12-15"
        let saved = try await repository.update(mine, scope: admin)
        #expect(saved.version == 2)
        var theirs = read
        theirs.status = .void
        await #expect(
            throws: RepositoryError.conflict("statement ACME-1 was changed by someone else since version 1; reload it")
        ) {
            try await repository.update(theirs, scope: admin)
        }
        let stored = try #require(try await repository.statement(id: "st-acme-1", tenantId: "acme", scope: admin))
        #expect(stored.dueDate == "2026-12-15" && stored.status == .issued && stored.version == 2)

        let certificate = fixture.certificate(
            "acme", "ISO9001-1", standard: "9001", organization: "Acme", expires: "2027-01-01")
        try await repository.save(certificate)
        var suspended = certificate
        suspended.status = .suspended
        #expect(try await repository.update(suspended, scope: admin).version == 2)
        await #expect(throws: RepositoryError.self) { try await repository.update(certificate, scope: admin) }
    }

    @Test("Renewal is one transaction: new validity and a renewal record, or nothing on a conflict")
    func renewal() async throws {
        let fixture = try await prepared()
        let repository = fixture.repository
        let certificate = fixture.certificate(
            "acme", "ISO27001-7", standard: "27001", organization: "Acme", expires: "2026-12-01")
        try await repository.save(certificate)
        #expect(
            try await repository.certificatesExpiring(tenantId: "acme", before: "2027-01-01", scope: admin).items.count
                == 1)
        let renewed = try await repository.renew(
            certificate, on: "2026-11-21", until: "2029-11-20", ledgerTransactionHash: "0xfeed", scope: admin)
        #expect(renewed.version == 2 && renewed.expiryDate == "2029-11-20" && renewed.ledgerTransactionHash == "0xfeed")
        #expect(
            try await repository.certificatesExpiring(tenantId: "acme", before: "2027-01-01", scope: admin).items
                .isEmpty)
        #expect(try await repository.certificates(tenantId: "acme", standard: "27001", scope: admin).items == [renewed])
        let history = try await fixture.store.query(
            QueryInput(
                tableName: "vaultdesk", keyConditionExpression: "pk = :p AND begins_with(sk, :r)",
                expressionAttributeValues: [":p": .s("TENANT#acme"), ":r": .s("RENEWAL#ISO27001-7#")]))
        #expect(history.items.count == 1 && history.items.first?["previous_expiry_date"] == .s("2026-12-01"))

        // A second renewal from the stale first read: refused, and no second record.
        await #expect(
            throws: RepositoryError.conflict(
                "certificate ISO27001-7 was changed by someone else since version 1; reload it")
        ) {
            try await repository.renew(certificate, on: "2026-11-22", until: "2030-01-01", scope: admin)
        }
        let after = try await fixture.store.query(
            QueryInput(
                tableName: "vaultdesk", keyConditionExpression: "pk = :p AND begins_with(sk, :r)",
                expressionAttributeValues: [":p": .s("TENANT#acme"), ":r": .s("RENEWAL#")]))
        #expect(after.items.count == 1)
        await #expect(throws: RepositoryError.self) {
            try await repository.renew(renewed, on: "2030-01-01", until: "2029-01-01", scope: admin)
        }
    }
}
