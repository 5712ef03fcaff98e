import VaultRepository

/// A tenant in the tenant list, with its activity summary when it has one.
public struct TenantRow: Hashable, Sendable {
    public var tenant: Tenant
    public var activity: TenantActivity?
}

/// One row of a paged list: whatever the list shows.
public enum Row: Hashable, Sendable {
    case statement(Statement)
    case payment(Payment)
    case certificate(Certificate)
    case user(User)
    case auditEvent(AuditEvent)

    /// The entity behind the row, for the item inspector.
    var inspectable: InspectableEntity {
        switch self {
        case .statement(let statement): .statement(statement)
        case .payment(let payment): .payment(payment)
        case .certificate(let certificate): .certificate(certificate)
        case .user(let user): .user(user)
        case .auditEvent(let event): .auditEvent(event)
        }
    }

    var inspectorTitle: String {
        switch self {
        case .statement(let statement): "Statement \(statement.reference)"
        case .payment(let payment): "Payment \(payment.id)"
        case .certificate(let certificate): "Certificate \(certificate.number)"
        case .user(let user): "User \(user.email)"
        case .auditEvent(let event): "Audit event \(event.id)"
        }
    }
}

/// Which certificates a certificate list shows.
public enum CertificateSelection: Hashable, Sendable {
    case all
    /// Expiring within this many days of today, soonest first.
    case expiring(days: Int)
    case standard(String)
    case organization(String)

    var label: String {
        switch self {
        case .all: "all"
        case .expiring(let days): "expiring within \(days) days"
        case .standard(let standard): "ISO \(standard)"
        case .organization(let name): name
        }
    }
}

/// Which payments a payment list shows.
public struct PaymentSelection: Hashable, Sendable {
    /// Only payments in this status; nil for all.
    public var status: PaymentStatus?
    /// Newest first, starting from the end of this day; nil for the newest there is.
    public var until: ISODate?

    public init(status: PaymentStatus? = nil, until: ISODate? = nil) {
        self.status = status
        self.until = until
    }

    var label: String {
        [status.map { "status \($0.rawValue.lowercased())" }, until.map { "until \($0)" }].compactMap { $0 }.joined(
            separator: " · ")
    }
}

/// What a paged list reads.
public enum ListSource: Hashable, Sendable {
    case statements(tenantId: String)
    /// A tenant's payments, or one statement's.
    case payments(tenantId: String, statementId: String?, PaymentSelection)
    case certificates(tenantId: String, CertificateSelection)
    case users(tenantId: String)
    case audit(tenantId: String)

    /// The tenant whose list it is.
    var tenantId: String {
        switch self {
        case .statements(let tenantId), .payments(let tenantId, _, _), .certificates(let tenantId, _),
            .users(let tenantId), .audit(let tenantId):
            tenantId
        }
    }
}

/// How a page load moves through the list.
public enum PageMove: Hashable, Sendable {
    /// The first page.
    case first
    /// The page after the current one.
    case forward(selectLast: Bool = false)
    /// The page before the current one, read again from the cursor it was read from.
    case back(selectLast: Bool)
    /// The current page again (after a resize changed how many rows fit).
    case reload
}

/// One page of a long list at a time, and the cursors of the pages seen before it, so PgUp shows
/// exactly the rows PgDn left. Only the page on screen is held: memory does not grow with the list.
public struct PagedList: Hashable, Sendable {
    public var source: ListSource
    public private(set) var rows: [Row] = []
    public var selection = 0
    /// The cursor each page seen was read from (nil for the first page); the last is the current page's.
    private(set) var cursors: [Cursor?] = []
    private(set) var next: Cursor?
    public private(set) var loaded = false

    public init(source: ListSource) {
        self.source = source
    }

    public var pageNumber: Int { cursors.count }
    public var hasNext: Bool { next != nil }
    public var hasPrevious: Bool { cursors.count > 1 }
    public var selected: Row? { rows.indices.contains(selection) ? rows[selection] : nil }
    var currentCursor: Cursor? { cursors.last ?? nil }

    /// The cursor a move reads from; nil (no load) when there is nowhere to go.
    func cursor(for move: PageMove) -> Cursor?? {
        switch move {
        case .first: return .some(nil)
        case .forward: return next.map { .some($0) } ?? nil
        case .back: return cursors.count > 1 ? .some(cursors[cursors.count - 2]) : nil
        case .reload: return .some(currentCursor)
        }
    }

    /// Takes a page read for a move.
    mutating func apply(rows newRows: [Row], next newNext: Cursor?, readFrom cursor: Cursor?, move: PageMove) {
        switch move {
        case .first:
            cursors = [nil]
            selection = 0
        case .forward(let selectLast):
            cursors.append(cursor)
            selection = selectLast ? newRows.count - 1 : 0
        case .back(let selectLast):
            if cursors.count > 1 { cursors.removeLast() }
            selection = selectLast ? newRows.count - 1 : 0
        case .reload:
            if cursors.isEmpty { cursors = [cursor] }
        }
        rows = newRows
        next = newNext
        loaded = true
        selection = max(0, min(selection, newRows.count - 1))
    }
}
