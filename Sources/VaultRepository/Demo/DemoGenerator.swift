import PartitionStore

/// Makes one tenant's demo data as stored items, deterministically from the seed, the tenant's
/// plan and the as-of day. Items are handed out in chunks so a large tenant never sits in memory
/// whole.
struct DemoGenerator {
    let plan: DemoTenantPlan
    let seed: UInt64
    let months: Int
    /// Days since the epoch of the day the data ends on.
    let asOf: Int

    var currency: Currency { Currency(plan.market.currency) ?? Currency("EUR")! }

    func tenant(random: inout DemoRandom) -> Tenant {
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let created = CivilCalendar.timestamp(
            milliseconds: Int64(asOf - 400 - plan.index * 9) * 86_400_000 + 9 * 3_600_000)
        return Tenant(
            id: plan.id, name: plan.name, domain: plan.domain, status: plan.status, displayName: plan.displayName,
            accentColor: DemoCatalog.accentColors[plan.index % DemoCatalog.accentColors.count],
            currency: currency, qrSecret: SigningSecret(secret), createdAt: created)
    }

    /// Calls `emit` with chunks of at most `chunk` items until the tenant is complete.
    func generate(chunk: Int = 2_000, emit: ([Item]) async throws -> Void) async throws {
        var random = DemoRandom.derived(seed, UInt64(plan.index))
        var buffer: [Item] = []
        buffer.reserveCapacity(chunk)
        func add(_ item: Item) async throws {
            buffer.append(item)
            if buffer.count >= chunk {
                try await emit(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let tenant = tenant(random: &random)
        try await add(ItemMapping.item(tenant))
        for user in users(random: &random) { try await add(ItemMapping.item(user)) }
        for certificate in certificates(random: &random) { try await add(ItemMapping.item(certificate)) }

        // Which statement each payment pays: drawn at random, the current month's statements less
        // often (they are not due yet).
        let statementCount = plan.statements(months: months)
        var paymentsOf = [UInt16](repeating: 0, count: statementCount)
        let currentMonthStart = statementCount - plan.customers
        var assigned = 0
        while assigned < plan.payments {
            let index = Int.random(in: 0..<statementCount, using: &random)
            if index >= currentMonthStart, !random.chance(0.3) { continue }
            guard paymentsOf[index] < UInt16.max else { continue }
            paymentsOf[index] += 1
            assigned += 1
        }

        var lastActivity = ""
        let (year, month, _) = CivilCalendar.civil(days: asOf)
        var customers: [String] = []
        for _ in 0..<plan.customers { customers.append(customerName(random: &random)) }
        for monthOffset in 0..<months {
            // Oldest month first; statements are issued on the first of the month.
            let back = months - 1 - monthOffset
            let absoluteMonth = year * 12 + (month - 1) - back
            let issue = CivilCalendar.days(year: absoluteMonth / 12, month: absoluteMonth % 12 + 1, day: 1)
            let due = issue + 21
            for customer in 0..<plan.customers {
                let statementIndex = monthOffset * plan.customers + customer
                let reference =
                    "\(plan.referenceCode)-\(CivilCalendar.pad(absoluteMonth / 12, 4))\(CivilCalendar.pad(absoluteMonth % 12 + 1, 2))-\(CivilCalendar.pad(customer + 1, 6))"
                let statementId = "st-\(random.hex(bytes: 6))"
                let amountDue = amount(random: &random)
                let count = Int(paymentsOf[statementIndex])
                let (payments, paid) = payments(
                    count, statementId: statementId, due: amountDue, issued: issue, dueDay: due, random: &random)
                var status: StatementStatus =
                    paid.minorUnits >= amountDue.minorUnits ? .paid : (paid.minorUnits > 0 ? .partiallyPaid : .issued)
                if status != .paid, due < asOf { status = .overdue }
                if count == 0, random.chance(0.01) { status = .void }
                let statement = Statement(
                    tenantId: plan.id, id: statementId, reference: reference, customerName: customers[customer],
                    period:
                        "\(CivilCalendar.pad(absoluteMonth / 12, 4))-\(CivilCalendar.pad(absoluteMonth % 12 + 1, 2))",
                    issueDate: CivilCalendar.date(days: issue), dueDate: CivilCalendar.date(days: due),
                    amountDue: amountDue, amountPaid: paid, status: status, version: 1 + payments.count)
                try await add(ItemMapping.item(statement))
                try await add(
                    ItemMapping.item(
                        StatementDocument(
                            tenantId: plan.id, statementId: statementId, id: "doc-\(random.hex(bytes: 4))",
                            fileName: "statement-\(reference).pdf",
                            contentType: "application/pdf", sizeBytes: Int.random(in: 38_000...260_000, using: &random),
                            uploadedAt: CivilCalendar.timestamp(
                                milliseconds: Int64(issue) * 86_400_000
                                    + Int64.random(in: 3_600_000...21_600_000, using: &random)))))
                for payment in payments {
                    lastActivity = max(lastActivity, payment.receivedAt)
                    try await add(ItemMapping.item(payment))
                    try await add(ItemMapping.paymentTransactionGuard(payment))
                }
            }
        }
        try await add(
            ItemMapping.item(
                TenantActivity(
                    tenantId: plan.id, statements: statementCount, payments: plan.payments,
                    certificates: plan.certificates,
                    users: plan.users, lastActivityAt: lastActivity.isEmpty ? tenant.createdAt : lastActivity)))
        if !buffer.isEmpty { try await emit(buffer) }
    }

    func users(random: inout DemoRandom) -> [User] {
        (0..<plan.users).map { number in
            let first = random.pick(DemoCatalog.firstNames)
            let last = random.pick(DemoCatalog.lastNames)
            let local = "\(first).\(last)".lowercased().filter { $0.isASCII && ($0.isLetter || $0 == ".") }
            return User(
                tenantId: plan.id, id: "user-\(number + 1)", email: "\(local)\(number + 1)@\(plan.domain)",
                name: "\(first) \(last)", role: .member)
        }
    }

    func certificates(random: inout DemoRandom) -> [Certificate] {
        let organizations = (0..<max(5, plan.certificates / 4)).map { _ in
            "\(random.pick(DemoCatalog.organizationWords)) \(random.pick(DemoCatalog.organizationKinds)) \(random.pick(DemoCatalog.markets).legalForm)"
        }
        return (0..<plan.certificates).map { _ in
            let standard = random.pick(DemoCatalog.standards)
            let issued = asOf - Int.random(in: 0...(3 * 365 + 200), using: &random)
            let expires = issued + 3 * 365
            let (issueYear, _, _) = CivilCalendar.civil(days: issued)
            var status: CertificateStatus = expires < asOf ? .expired : .valid
            if status == .valid, random.chance(0.03) { status = .suspended }
            if random.chance(0.01) { status = .withdrawn }
            return Certificate(
                tenantId: plan.id, number: "ISO\(standard)-\(issueYear)-\(random.hex(bytes: 3).uppercased())",
                standard: standard,
                organization: random.pick(organizations), issueDate: CivilCalendar.date(days: issued),
                expiryDate: CivilCalendar.date(days: expires),
                status: status, issuer: random.pick(DemoCatalog.issuers),
                ledgerTransactionHash: random.chance(0.5) ? "0x" + random.hex(bytes: 32) : nil)
        }
    }

    func customerName(random: inout DemoRandom) -> String {
        if random.chance(0.2) {
            return
                "\(random.pick(DemoCatalog.organizationWords)) \(random.pick(DemoCatalog.organizationKinds)) \(plan.market.legalForm)"
        }
        return "\(random.pick(DemoCatalog.firstNames)) \(random.pick(DemoCatalog.lastNames))"
    }

    /// A bill between about 20 and 2,000 in the major unit (more for currencies of small units).
    func amount(random: inout DemoRandom) -> Money {
        var scale: Int64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        let major: Int64 =
            currency.code == "JPY"
            ? Int64.random(in: 3_000...300_000, using: &random) : Int64.random(in: 20...2_000, using: &random)
        return Money(minorUnits: major * scale + Int64.random(in: 0..<scale, using: &random), currency: currency)
    }

    /// A statement's payments, oldest first, and what the settled ones paid. Most statements with
    /// payments end up paid in full; some are left part paid; a few payments fail or are refunded.
    func payments(
        _ count: Int, statementId: String, due: Money, issued: Int, dueDay: Int, random: inout DemoRandom
    ) -> ([Payment], Money) {
        guard count > 0 else { return ([], .zero(currency)) }
        let target =
            random.chance(0.8) ? due.minorUnits : due.minorUnits * Int64.random(in: 30...90, using: &random) / 100
        let windowStart = Int64(issued) * 86_400_000
        let windowEnd = min(Int64(dueDay + 25), Int64(asOf) + 1) * 86_400_000 - 1
        let times = (0..<count).map { _ in Int64.random(in: windowStart...max(windowStart, windowEnd), using: &random) }
            .sorted()
        var statuses: [PaymentStatus] = times.map { time in
            if time > Int64(asOf - 2) * 86_400_000, random.chance(0.3) { return .pending }
            if random.chance(0.06) { return .failed }
            if random.chance(0.01) { return .refunded }
            return .settled
        }
        if !statuses.contains(.settled), let last = statuses.indices.last, statuses[last] != .pending {
            statuses[last] = .settled
        }
        let settledCount = Int64(statuses.filter { $0 == .settled }.count)
        var remaining = max(target, 1)
        var settledSoFar: Int64 = 0
        var paid: Int64 = 0
        let payments = times.indices.map { index -> Payment in
            let minor: Int64
            if statuses[index] == .settled {
                settledSoFar += 1
                minor =
                    settledSoFar == settledCount
                    ? max(remaining, 1) : max(1, remaining / (settledCount - settledSoFar + 1))
                remaining -= minor
                paid += minor
            } else {
                minor = max(1, target / max(settledCount, 1))
            }
            let method: PaymentMethod = {
                let roll = Int.random(in: 0..<100, using: &random)
                return roll < 45 ? .card : roll < 70 ? .bankTransfer : roll < 95 ? .directDebit : .wallet
            }()
            return Payment(
                tenantId: plan.id, statementId: statementId, id: "pay-\(random.hex(bytes: 8))",
                amount: Money(minorUnits: minor, currency: currency),
                method: method, status: statuses[index],
                receivedAt: CivilCalendar.timestamp(milliseconds: times[index]),
                transactionHash: "0x" + random.hex(bytes: 32))
        }
        return (payments, Money(minorUnits: paid, currency: currency))
    }
}
