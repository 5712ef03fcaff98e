import Foundation

/// A day as ISO 8601 `yyyy-MM-dd`, which sorts as it reads.
public typealias ISODate = String
/// An instant as ISO 8601 UTC with milliseconds, `yyyy-MM-ddTHH:mm:ss.SSSZ`, which sorts as it reads.
public typealias ISOTimestamp = String

public enum TenantStatus: String, Sendable, Codable, CaseIterable {
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
    case onboarding = "ONBOARDING"
}

/// A customer of the platform, with its white-label branding and the secret that signs the QR
/// codes printed on its statements.
public struct Tenant: Sendable, Hashable {
    public var id: String
    public var name: String
    public var domain: String
    public var status: TenantStatus
    public var displayName: String
    /// `#RRGGBB`.
    public var accentColor: String
    public var currency: Currency
    /// Signs the codes on the tenant's statements. Readable inside the repository only: outside
    /// it, a code comes from `qrPayload(of:scope:)`, so no caller can sign codes of its own.
    var qrSecret: SigningSecret
    public var createdAt: ISOTimestamp

    public init(
        id: String, name: String, domain: String, status: TenantStatus, displayName: String, accentColor: String,
        currency: Currency, qrSecret: SigningSecret, createdAt: ISOTimestamp
    ) {
        self.id = id
        self.name = name
        self.domain = domain
        self.status = status
        self.displayName = displayName
        self.accentColor = accentColor
        self.currency = currency
        self.qrSecret = qrSecret
        self.createdAt = createdAt
    }
}

public enum StatementStatus: String, Sendable, Codable, CaseIterable {
    case issued = "ISSUED"
    case partiallyPaid = "PARTIALLY_PAID"
    case paid = "PAID"
    case overdue = "OVERDUE"
    case void = "VOID"
}

/// A bill sent to one of a tenant's customers, found by its reference number or QR code.
public struct Statement: Sendable, Hashable {
    public var tenantId: String
    public var id: String
    /// Printed on the statement and unique across the platform, e.g. `ACME-2026-11-000123`.
    public var reference: String
    public var customerName: String
    /// `yyyy-MM`.
    public var period: String
    public var issueDate: ISODate
    public var dueDate: ISODate
    public var amountDue: Money
    public var amountPaid: Money
    public var status: StatementStatus
    /// Optimistic-locking version: every update increments it.
    public var version: Int

    public init(
        tenantId: String, id: String, reference: String, customerName: String, period: String, issueDate: ISODate,
        dueDate: ISODate, amountDue: Money, amountPaid: Money, status: StatementStatus, version: Int = 1
    ) {
        self.tenantId = tenantId
        self.id = id
        self.reference = reference
        self.customerName = customerName
        self.period = period
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.amountDue = amountDue
        self.amountPaid = amountPaid
        self.status = status
        self.version = version
    }
}

public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case card = "CARD"
    case bankTransfer = "BANK_TRANSFER"
    case directDebit = "DIRECT_DEBIT"
    case wallet = "WALLET"
}

public enum PaymentStatus: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case settled = "SETTLED"
    case failed = "FAILED"
    case refunded = "REFUNDED"
}

/// Money received against a statement.
public struct Payment: Sendable, Hashable {
    public var tenantId: String
    public var statementId: String
    public var id: String
    public var amount: Money
    public var method: PaymentMethod
    public var status: PaymentStatus
    public var receivedAt: ISOTimestamp
    /// The payment processor's or ledger's transaction hash: the idempotency key.
    public var transactionHash: String

    public init(
        tenantId: String, statementId: String, id: String, amount: Money, method: PaymentMethod, status: PaymentStatus,
        receivedAt: ISOTimestamp, transactionHash: String
    ) {
        self.tenantId = tenantId
        self.statementId = statementId
        self.id = id
        self.amount = amount
        self.method = method
        self.status = status
        self.receivedAt = receivedAt
        self.transactionHash = transactionHash
    }
}

/// A file attached to a statement (the PDF, an itemisation), by its metadata.
public struct StatementDocument: Sendable, Hashable {
    public var tenantId: String
    public var statementId: String
    public var id: String
    public var fileName: String
    public var contentType: String
    public var sizeBytes: Int
    public var uploadedAt: ISOTimestamp

    public init(
        tenantId: String, statementId: String, id: String, fileName: String, contentType: String, sizeBytes: Int,
        uploadedAt: ISOTimestamp
    ) {
        self.tenantId = tenantId
        self.statementId = statementId
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.uploadedAt = uploadedAt
    }
}

public enum CertificateStatus: String, Sendable, Codable, CaseIterable {
    case valid = "VALID"
    case suspended = "SUSPENDED"
    case withdrawn = "WITHDRAWN"
    case expired = "EXPIRED"
}

/// An ISO management-system certificate held by an organisation, recorded by a tenant (a
/// certification body).
public struct Certificate: Sendable, Hashable {
    public var tenantId: String
    /// e.g. `ISO9001-2024-ABC123`.
    public var number: String
    /// `9001`, `14001`, `27001`, `45001`.
    public var standard: String
    public var organization: String
    public var issueDate: ISODate
    public var expiryDate: ISODate
    public var status: CertificateStatus
    public var issuer: String
    public var ledgerTransactionHash: String?
    public var version: Int

    public init(
        tenantId: String, number: String, standard: String, organization: String, issueDate: ISODate,
        expiryDate: ISODate, status: CertificateStatus, issuer: String, ledgerTransactionHash: String? = nil,
        version: Int = 1
    ) {
        self.tenantId = tenantId
        self.number = number
        self.standard = standard
        self.organization = organization
        self.issueDate = issueDate
        self.expiryDate = expiryDate
        self.status = status
        self.issuer = issuer
        self.ledgerTransactionHash = ledgerTransactionHash
        self.version = version
    }

    /// The ISO management-system standards the registry issues certificates for.
    public static let standards = ["9001", "14001", "27001", "45001", "50001", "22000"]
}

public enum UserRole: String, Sendable, Codable, CaseIterable {
    /// Sees every tenant.
    case admin = "ADMIN"
    /// Sees only the tenants listed on the user.
    case support = "SUPPORT"
    /// A tenant's own staff: sees only its tenant.
    case member = "MEMBER"
}

/// A person who signs in: a tenant's staff member or a platform operator.
public struct User: Sendable, Hashable {
    public var tenantId: String
    public var id: String
    public var email: String
    public var name: String
    public var role: UserRole
    /// For support operators: the tenants they may see.
    public var permittedTenants: [String]
    /// For operators (admin or support): the login names of the operating-system accounts that
    /// sign in as this operator. Tenant members have none.
    public var logins: [String]

    public init(
        tenantId: String, id: String, email: String, name: String, role: UserRole, permittedTenants: [String] = [],
        logins: [String] = []
    ) {
        self.tenantId = tenantId
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.permittedTenants = permittedTenants
        self.logins = logins
    }

    /// Operators run the console; tenant members only appear in it.
    public var isOperator: Bool { role != .member }
}

/// Who did what to which entity, when, and how it was found.
public struct AuditEvent: Sendable, Hashable {
    public var tenantId: String
    public var id: String
    public var at: ISOTimestamp
    public var actor: String
    public var action: String
    public var entityType: String
    public var entityId: String
    /// How the entity was found: `reference`, `qr`, `list`, `id`.
    public var via: String
    /// The operating-system account behind the operator, when one signed in.
    public var account: String?
    /// What the action came to, for lookups and other attempts that can fail.
    public var outcome: AuditOutcome?
    /// More about what happened, in words: how many items a query read and what it cost.
    public var detail: String?

    public init(
        tenantId: String, id: String, at: ISOTimestamp, actor: String, action: String, entityType: String,
        entityId: String, via: String,
        account: String? = nil, outcome: AuditOutcome? = nil, detail: String? = nil
    ) {
        self.detail = detail
        self.tenantId = tenantId
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.via = via
        self.account = account
        self.outcome = outcome
    }
}

/// What an audited attempt came to. A lookup outside the operator's scope answers "not found"
/// to the operator, and is recorded as what it was.
public enum AuditOutcome: String, Sendable, Hashable, CaseIterable {
    case found = "FOUND"
    case notFound = "NOT_FOUND"
    case outOfScope = "OUT_OF_SCOPE"
    case rejected = "REJECTED"
    case done = "DONE"
    case refused = "REFUSED"
}

/// A short-lived sign-in of a tenant's user; the store deletes it by TTL when it expires.
public struct Session: Sendable, Hashable {
    public var tenantId: String
    public var id: String
    public var userEmail: String
    public var startedAt: ISOTimestamp
    /// Seconds since the epoch, the TTL attribute.
    public var expiresAt: Int64

    public init(tenantId: String, id: String, userEmail: String, startedAt: ISOTimestamp, expiresAt: Int64) {
        self.tenantId = tenantId
        self.id = id
        self.userEmail = userEmail
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}

/// How much a tenant holds and when it last saw a payment or a new statement: the counts an
/// operator sorts and scans the tenant list by. Kept beside the tenant and moved on by the writes
/// that add to it, so the list never counts millions of items.
public struct TenantActivity: Sendable, Hashable {
    public var tenantId: String
    public var statements: Int
    public var payments: Int
    public var certificates: Int
    public var users: Int
    public var lastActivityAt: ISOTimestamp

    public init(
        tenantId: String, statements: Int = 0, payments: Int = 0, certificates: Int = 0, users: Int = 0,
        lastActivityAt: ISOTimestamp = ""
    ) {
        self.tenantId = tenantId
        self.statements = statements
        self.payments = payments
        self.certificates = certificates
        self.users = users
        self.lastActivityAt = lastActivityAt
    }
}
