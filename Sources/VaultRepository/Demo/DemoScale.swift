/// How much demo data to make.
public enum DemoScale: String, CaseIterable, Sendable {
    /// A handful of tenants: what the first run creates.
    case small
    case medium
    /// Enough to feel a real platform's weight: 60 tenants and a million payments.
    case large

    public var tenants: Int {
        switch self {
        case .small: 8
        case .medium: 20
        case .large: 60
        }
    }

    public var payments: Int {
        switch self {
        case .small: 12_000
        case .medium: 150_000
        case .large: 1_000_000
        }
    }

    /// Months of statements, ending with the month of the as-of date.
    var months: Int { 12 }

    /// Statements per payment: most statements are paid in a few instalments.
    var statementsPerPayment: Double { 0.15 }

    var certificatesPerTenant: Int {
        switch self {
        case .small: 40
        case .medium: 150
        case .large: 300
        }
    }
}
