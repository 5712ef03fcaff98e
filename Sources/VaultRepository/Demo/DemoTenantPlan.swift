import Foundation

/// What one demo tenant will hold, decided before any of it is generated, so progress can be
/// reported against an exact total.
struct DemoTenantPlan: Sendable {
    let index: Int
    let id: String
    let name: String
    let displayName: String
    let referenceCode: String
    let domain: String
    let market: DemoCatalog.Market
    let customers: Int
    let payments: Int
    let certificates: Int
    let users: Int

    /// A few tenants are suspended or still onboarding; the rest are active.
    var status: TenantStatus {
        index % 17 == 5 ? .suspended : (index % 23 == 7 ? .onboarding : .active)
    }

    /// Statements: one per customer per month (fewer when the as-of month has not started for all).
    func statements(months: Int) -> Int { customers * months }

    /// Every item this tenant's data is stored as: the tenant, its statements and their documents,
    /// payments and their transaction-hash guards, certificates, users and the activity summary.
    func itemCount(months: Int) -> Int {
        2 + 2 * statements(months: months) + 2 * payments + certificates + users
    }

    /// Plans every tenant of a scale. Tenants differ in size as real ones do: a few large, many small.
    static func plans(scale: DemoScale, seed: UInt64) -> [DemoTenantPlan] {
        let weights = (0..<scale.tenants).map { 1.0 / pow(Double($0 + 1), 0.8) }
        let total = weights.reduce(0, +)
        var payments = weights.map { Int(Double(scale.payments) * $0 / total) }
        payments[0] += scale.payments - payments.reduce(0, +)
        var ids: Set<String> = []
        var codes: Set<String> = []
        var plans: [DemoTenantPlan] = []
        for index in 0..<scale.tenants {
            var random = DemoRandom.derived(seed, UInt64(index) &+ 1_000)
            let brand = DemoCatalog.brandWords[index % DemoCatalog.brandWords.count]
            let sector = DemoCatalog.sectors[
                (index + index / DemoCatalog.brandWords.count * 3) % DemoCatalog.sectors.count]
            let name = "\(brand) \(sector)"
            var id = name.lowercased().replacingOccurrences(of: " ", with: "-")
            var suffix = 2
            while ids.contains(id) {
                id = name.lowercased().replacingOccurrences(of: " ", with: "-") + "-\(suffix)"
                suffix += 1
            }
            ids.insert(id)
            var code = String((brand.prefix(3) + sector.prefix(1)).uppercased())
            suffix = 2
            while codes.contains(code) {
                code = String((brand.prefix(3) + sector.prefix(1)).uppercased()) + "\(suffix)"
                suffix += 1
            }
            codes.insert(code)
            let market = random.pick(DemoCatalog.markets)
            let statements = max(scale.months, Int(Double(payments[index]) * scale.statementsPerPayment))
            plans.append(
                DemoTenantPlan(
                    index: index, id: id, name: "\(name) \(market.legalForm)", displayName: name, referenceCode: code,
                    domain: "\(id.replacingOccurrences(of: "-", with: "")).\(market.domainSuffix)", market: market,
                    customers: max(1, statements / scale.months), payments: payments[index],
                    certificates: scale.certificatesPerTenant, users: 3 + index % 6))
        }
        return plans
    }
}
