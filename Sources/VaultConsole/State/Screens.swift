import VaultRepository

/// The tenant list: every tenant in scope, filtered as you type and sorted by name or activity.
public struct TenantsScreen: Hashable, Sendable {
    public enum Sort: String, Hashable, Sendable { case name, activity }

    public var all: [TenantRow] = []
    /// Every page has arrived (false while loading, or after a cancelled load).
    public var complete = false
    public var filter = TextField()
    public var filtering = false
    public var sort = Sort.name
    public var selection = 0
    /// The first visible row.
    public var top = 0

    /// The rows shown: filtered by name, id, domain or currency, then sorted.
    public var visible: [TenantRow] {
        let needle = filter.text.lowercased()
        let matching =
            needle.isEmpty
            ? all
            : all.filter {
                $0.tenant.name.lowercased().contains(needle) || $0.tenant.id.contains(needle)
                    || $0.tenant.domain.lowercased().contains(needle) || $0.tenant.currency.code.lowercased() == needle
            }
        switch sort {
        case .name:
            return matching.sorted {
                ($0.tenant.name.lowercased(), $0.tenant.id) < ($1.tenant.name.lowercased(), $1.tenant.id)
            }
        case .activity:
            return matching.sorted {
                let left = $0.activity?.lastActivityAt ?? ""
                let right = $1.activity?.lastActivityAt ?? ""
                return left != right ? left > right : $0.tenant.id < $1.tenant.id
            }
        }
    }
}

/// The tabs of a tenant.
public enum TenantTab: String, CaseIterable, Hashable, Sendable {
    case statements = "Statements"
    case payments = "Payments"
    case certificates = "Certificates"
    case users = "Users"
    case audit = "Audit"

    func source(tenantId: String) -> ListSource {
        switch self {
        case .statements: .statements(tenantId: tenantId)
        case .payments: .payments(tenantId: tenantId, statementId: nil, PaymentSelection())
        case .certificates: .certificates(tenantId: tenantId, .all)
        case .users: .users(tenantId: tenantId)
        case .audit: .audit(tenantId: tenantId)
        }
    }
}

/// One tenant: its branding in the header and a paged list per tab.
public struct TenantScreen: Hashable, Sendable {
    public var tenant: Tenant
    public var tab: TenantTab
    /// Each tab's list as last seen, so switching back is instant.
    public var lists: [TenantTab: PagedList]

    public init(tenant: Tenant, tab: TenantTab = .statements) {
        self.tenant = tenant
        self.tab = tab
        lists = Dictionary(
            uniqueKeysWithValues: TenantTab.allCases.map { ($0, PagedList(source: $0.source(tenantId: tenant.id))) })
    }

    public var list: PagedList {
        get { lists[tab] ?? PagedList(source: tab.source(tenantId: tenant.id)) }
        set { lists[tab] = newValue }
    }
}

/// What the last lookup answered, in words for the person at the desk.
public enum LookupMessage: Hashable, Sendable {
    case notFound(String)
    case rejected(String)
}

/// The one field that takes a reference number or a scanned QR payload.
public struct LookupScreen: Hashable, Sendable {
    public var field = TextField()
    public var message: LookupMessage?
    /// After a lookup the field keeps what was looked up, and the next character typed replaces
    /// it: the next scan need not be preceded by clearing the field. Editing keys keep it.
    public var replacesOnTyping = false
}

/// A statement with its payments, documents and QR code.
public struct StatementScreen: Hashable, Sendable {
    public var detail: StatementDetail
    /// How it was found, when by a lookup.
    public var via: LookupMethod?
    /// The code as half-block lines (two modules per line), quiet zone included.
    public var qrLines: [String]
    /// The code shown alone, for a small window.
    public var zoomed = false

    public init(detail: StatementDetail, via: LookupMethod?, qrLines: [String]) {
        self.detail = detail
        self.via = via
        self.qrLines = qrLines
    }
}

/// A paged list on a screen of its own: the payments of one statement.
public struct ListScreen: Hashable, Sendable {
    public var title: String
    public var list: PagedList
}

/// A stored item as JSON, for admins.
public struct InspectorScreen: Hashable, Sendable {
    public var title: String
    public var item: InspectedItem
    public var typed = false
    public var top = 0

    var lines: [String] {
        (typed ? item.dynamoJSON : item.plainJSON).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
    }
}

/// The keys of the screen it was opened from, and the global ones.
public struct HelpScreen: Hashable, Sendable {
    public var contexts: [KeyContext]
    public var top = 0
}

/// A page of the console; the stack of them is the breadcrumb trail.
public enum Screen: Hashable, Sendable {
    case tenants(TenantsScreen)
    case tenant(TenantScreen)
    case lookup(LookupScreen)
    case statement(StatementScreen)
    case list(ListScreen)
    case inspector(InspectorScreen)
    case help(HelpScreen)
    case stream(StreamScreen)
    case event(EventScreen)
    case query(QueryScreen)
    case backups(BackupsScreen)

    var crumb: String {
        switch self {
        case .tenants: "Tenants"
        case .tenant(let screen): screen.tenant.displayName
        case .lookup: "Lookup"
        case .statement(let screen): "Statement \(screen.detail.statement.reference)"
        case .list(let screen): screen.title
        case .inspector(let screen): "Inspect \(screen.title)"
        case .help: "Help"
        case .stream: "Live stream"
        case .event(let screen): "\(screen.event.entityType.capitalized) \(screen.event.kind.rawValue)"
        case .query: "Query"
        case .backups: "Backups"
        }
    }

    /// The key contexts in force, most specific first.
    var keyContexts: [KeyContext] {
        switch self {
        case .tenants: [.tenants, .list, .global]
        case .tenant(let screen):
            switch screen.tab {
            case .payments: [.payments, .tenant, .list, .global]
            case .certificates: [.certificates, .tenant, .list, .global]
            default: [.tenant, .list, .global]
            }
        case .lookup: [.lookup]
        case .statement: [.statement, .global]
        case .list: [.payments, .list, .global]
        case .inspector: [.inspector, .scroll, .global]
        case .help: [.scroll, .global]
        case .stream: [.stream, .global]
        case .event: [.event, .scroll, .global]
        case .query(let screen): screen.focus == .editing ? [.query] : [.queryResults, .global]
        case .backups: [.scroll, .global]
        }
    }
}
