import Foundation
import PartitionStore

/// Reads the attributes of a stored item with typed errors naming the item and the attribute.
struct ItemReader {
    let item: Item
    var key: String {
        "\(item[KeyDesign.partitionKey]?.stringValue ?? "?") / \(item[KeyDesign.sortKey]?.stringValue ?? "?")"
    }

    func string(_ name: String) throws(RepositoryError) -> String {
        guard case .s(let value)? = item[name] else {
            throw .corruptItem(key: key, reason: "\(name) is missing or not a string")
        }
        return value
    }

    func optionalString(_ name: String) -> String? { item[name]?.stringValue }

    func int(_ name: String) throws(RepositoryError) -> Int {
        guard case .n(let number)? = item[name], let value = number.int64Value, let int = Int(exactly: value) else {
            throw .corruptItem(key: key, reason: "\(name) is missing or not an integer")
        }
        return int
    }

    func enumeration<E: RawRepresentable>(_ name: String, _ type: E.Type) throws(RepositoryError) -> E
    where E.RawValue == String {
        let text = try string(name)
        guard let value = E(rawValue: text) else {
            throw .corruptItem(key: key, reason: "\(name) has the unknown value \(text)")
        }
        return value
    }

    func currency(_ name: String) throws(RepositoryError) -> Currency {
        let code = try string(name)
        guard let currency = Currency(code) else {
            throw .corruptItem(key: key, reason: "\(name) is not a currency code: \(code)")
        }
        return currency
    }

    func money(_ name: String, _ currency: Currency) throws(RepositoryError) -> Money {
        guard case .n(let number)? = item[name], let minor = number.int64Value else {
            throw .corruptItem(key: key, reason: "\(name) is missing or not an amount in minor units")
        }
        return Money(minorUnits: minor, currency: currency)
    }

    func bytes(_ name: String) throws(RepositoryError) -> [UInt8] {
        guard case .b(let bytes)? = item[name] else {
            throw .corruptItem(key: key, reason: "\(name) is missing or not binary")
        }
        return bytes
    }

    func strings(_ name: String) -> [String] {
        if case .ss(let values)? = item[name] { return values.sorted() }
        return []
    }
}

/// Each entity to and from its stored item, keys included.
enum ItemMapping {
    static func number(_ value: Int64) -> AttributeValue { .n(DecimalNumber(Int(value))) }

    static func item(_ tenant: Tenant) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.tenant(tenant.id)), KeyDesign.sortKey: .s(KeyDesign.SortKey.tenant),
            "gsi1pk": .s(KeyDesign.domain(tenant.domain)), "gsi1sk": .s(KeyDesign.tenant(tenant.id)),
            "gsi2pk": .s(KeyDesign.allTenants), "gsi2sk": .s(KeyDesign.tenantNameKey(tenant)),
            KeyDesign.entityAttribute: .s(EntityType.tenant.rawValue),
            "tenant_id": .s(tenant.id), "name": .s(tenant.name), "domain": .s(tenant.domain),
            "status": .s(tenant.status.rawValue), "display_name": .s(tenant.displayName),
            "accent_color": .s(tenant.accentColor), "currency": .s(tenant.currency.code),
            "qr_secret": .b(tenant.qrSecret.bytes), "created_at": .s(tenant.createdAt),
        ]
    }

    static func tenant(_ item: Item) throws(RepositoryError) -> Tenant {
        let reader = ItemReader(item: item)
        return Tenant(
            id: try reader.string("tenant_id"), name: try reader.string("name"), domain: try reader.string("domain"),
            status: try reader.enumeration("status", TenantStatus.self), displayName: try reader.string("display_name"),
            accentColor: try reader.string("accent_color"), currency: try reader.currency("currency"),
            qrSecret: SigningSecret(try reader.bytes("qr_secret")), createdAt: try reader.string("created_at"))
    }

    static func item(_ statement: Statement) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.statementPartition(statement.tenantId, statement.id)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.statement),
            "gsi1pk": .s(KeyDesign.statementsOfTenant(statement.tenantId)),
            "gsi1sk": .s("\(statement.issueDate)#\(statement.id)"),
            "gsi2pk": .s(KeyDesign.reference(statement.reference)), "gsi2sk": .s(KeyDesign.SortKey.statement),
            "gsi3pk": .s(KeyDesign.tenantReference(statement.tenantId, statement.reference)),
            "gsi3sk": .s(KeyDesign.SortKey.statement),
            KeyDesign.entityAttribute: .s(EntityType.statement.rawValue),
            "tenant_id": .s(statement.tenantId), "statement_id": .s(statement.id), "reference": .s(statement.reference),
            "customer_name": .s(statement.customerName), "period": .s(statement.period),
            "issue_date": .s(statement.issueDate), "due_date": .s(statement.dueDate),
            "currency": .s(statement.amountDue.currency.code),
            "amount_due": number(statement.amountDue.minorUnits),
            "amount_paid": number(statement.amountPaid.minorUnits),
            "status": .s(statement.status.rawValue), "version": number(Int64(statement.version)),
        ]
    }

    static func statement(_ item: Item) throws(RepositoryError) -> Statement {
        let reader = ItemReader(item: item)
        let currency = try reader.currency("currency")
        return Statement(
            tenantId: try reader.string("tenant_id"), id: try reader.string("statement_id"),
            reference: try reader.string("reference"),
            customerName: try reader.string("customer_name"), period: try reader.string("period"),
            issueDate: try reader.string("issue_date"), dueDate: try reader.string("due_date"),
            amountDue: try reader.money("amount_due", currency), amountPaid: try reader.money("amount_paid", currency),
            status: try reader.enumeration("status", StatementStatus.self), version: try reader.int("version"))
    }

    static func item(_ payment: Payment) -> Item {
        let shard = KeyDesign.shard(of: payment.id, count: KeyDesign.paymentShards)
        return [
            KeyDesign.partitionKey: .s(KeyDesign.statementPartition(payment.tenantId, payment.statementId)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.paymentPrefix + "\(payment.receivedAt)#\(payment.id)"),
            "gsi1pk": .s(KeyDesign.paymentShard(payment.tenantId, shard)),
            "gsi1sk": .s("\(payment.receivedAt)#\(payment.id)"),
            KeyDesign.entityAttribute: .s(EntityType.payment.rawValue),
            "tenant_id": .s(payment.tenantId), "statement_id": .s(payment.statementId), "payment_id": .s(payment.id),
            "amount": number(payment.amount.minorUnits), "currency": .s(payment.amount.currency.code),
            "method": .s(payment.method.rawValue), "status": .s(payment.status.rawValue),
            "received_at": .s(payment.receivedAt), "tx_hash": .s(payment.transactionHash),
        ]
    }

    /// The item that claims a payment's transaction hash (see `recordPayment`).
    static func paymentTransactionGuard(_ payment: Payment) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.paymentTransaction(payment.tenantId, payment.transactionHash)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.paymentClaim),
            KeyDesign.entityAttribute: .s(EntityType.paymentClaim.rawValue),
            "tenant_id": .s(payment.tenantId), "payment_id": .s(payment.id), "statement_id": .s(payment.statementId),
        ]
    }

    static func payment(_ item: Item) throws(RepositoryError) -> Payment {
        let reader = ItemReader(item: item)
        return Payment(
            tenantId: try reader.string("tenant_id"), statementId: try reader.string("statement_id"),
            id: try reader.string("payment_id"),
            amount: try reader.money("amount", reader.currency("currency")),
            method: try reader.enumeration("method", PaymentMethod.self),
            status: try reader.enumeration("status", PaymentStatus.self), receivedAt: try reader.string("received_at"),
            transactionHash: try reader.string("tx_hash"))
    }

    static func item(_ document: StatementDocument) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.statementPartition(document.tenantId, document.statementId)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.documentPrefix + document.id),
            KeyDesign.entityAttribute: .s(EntityType.document.rawValue),
            "tenant_id": .s(document.tenantId), "statement_id": .s(document.statementId),
            "document_id": .s(document.id),
            "file_name": .s(document.fileName), "content_type": .s(document.contentType),
            "size_bytes": number(Int64(document.sizeBytes)), "uploaded_at": .s(document.uploadedAt),
        ]
    }

    static func document(_ item: Item) throws(RepositoryError) -> StatementDocument {
        let reader = ItemReader(item: item)
        return StatementDocument(
            tenantId: try reader.string("tenant_id"), statementId: try reader.string("statement_id"),
            id: try reader.string("document_id"),
            fileName: try reader.string("file_name"), contentType: try reader.string("content_type"),
            sizeBytes: try reader.int("size_bytes"), uploadedAt: try reader.string("uploaded_at"))
    }

    static func item(_ certificate: Certificate) -> Item {
        var item: Item = [
            KeyDesign.partitionKey: .s(KeyDesign.tenant(certificate.tenantId)),
            KeyDesign.sortKey: .s(KeyDesign.certificate(certificate.number)),
            "gsi1pk": .s(KeyDesign.organization(certificate.tenantId, certificate.organization)),
            "gsi1sk": .s(KeyDesign.certificate(certificate.number)),
            "gsi2pk": .s(KeyDesign.standard(certificate.tenantId, certificate.standard)),
            "gsi2sk": .s("\(certificate.expiryDate)#\(certificate.number)"),
            "gsi3pk": .s(KeyDesign.certificateExpiry(certificate.tenantId)),
            "gsi3sk": .s("\(certificate.expiryDate)#\(certificate.number)"),
            KeyDesign.entityAttribute: .s(EntityType.certificate.rawValue),
            "tenant_id": .s(certificate.tenantId), "number": .s(certificate.number),
            "standard": .s(certificate.standard),
            "organization": .s(certificate.organization), "issue_date": .s(certificate.issueDate),
            "expiry_date": .s(certificate.expiryDate), "status": .s(certificate.status.rawValue),
            "issuer": .s(certificate.issuer), "version": number(Int64(certificate.version)),
        ]
        if let hash = certificate.ledgerTransactionHash { item["ledger_tx"] = .s(hash) }
        return item
    }

    static func certificate(_ item: Item) throws(RepositoryError) -> Certificate {
        let reader = ItemReader(item: item)
        return Certificate(
            tenantId: try reader.string("tenant_id"), number: try reader.string("number"),
            standard: try reader.string("standard"),
            organization: try reader.string("organization"), issueDate: try reader.string("issue_date"),
            expiryDate: try reader.string("expiry_date"),
            status: try reader.enumeration("status", CertificateStatus.self),
            issuer: try reader.string("issuer"), ledgerTransactionHash: reader.optionalString("ledger_tx"),
            version: try reader.int("version"))
    }

    static func item(_ user: User) -> Item {
        var item: Item = [
            KeyDesign.partitionKey: .s(KeyDesign.tenant(user.tenantId)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.userPrefix + user.id),
            "gsi1pk": .s(KeyDesign.email(user.email)), "gsi1sk": .s(KeyDesign.SortKey.user),
            "gsi3pk": .s(KeyDesign.tenantEmail(user.tenantId, user.email)), "gsi3sk": .s(KeyDesign.SortKey.user),
            KeyDesign.entityAttribute: .s(EntityType.user.rawValue),
            "tenant_id": .s(user.tenantId), "user_id": .s(user.id), "email": .s(user.email), "name": .s(user.name),
            "role": .s(user.role.rawValue),
        ]
        if !user.permittedTenants.isEmpty {
            item["permitted_tenants"] = .ss(Array(Set(user.permittedTenants)).sorted())
        }
        if !user.logins.isEmpty { item["logins"] = .ss(Array(Set(user.logins)).sorted()) }
        return item
    }

    static func user(_ item: Item) throws(RepositoryError) -> User {
        let reader = ItemReader(item: item)
        return User(
            tenantId: try reader.string("tenant_id"), id: try reader.string("user_id"),
            email: try reader.string("email"),
            name: try reader.string("name"), role: try reader.enumeration("role", UserRole.self),
            permittedTenants: reader.strings("permitted_tenants"), logins: reader.strings("logins"))
    }

    static func item(_ session: Session) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.session(session.tenantId, session.id)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.session),
            KeyDesign.entityAttribute: .s(EntityType.session.rawValue),
            "tenant_id": .s(session.tenantId), "session_id": .s(session.id), "user_email": .s(session.userEmail),
            "started_at": .s(session.startedAt), KeyDesign.expiryAttribute: number(session.expiresAt),
        ]
    }

    static func item(_ activity: TenantActivity) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.tenant(activity.tenantId)),
            KeyDesign.sortKey: .s(KeyDesign.activitySortKey),
            KeyDesign.entityAttribute: .s(EntityType.activity.rawValue), "tenant_id": .s(activity.tenantId),
            "statements": number(Int64(activity.statements)), "payments": number(Int64(activity.payments)),
            "certificates": number(Int64(activity.certificates)), "users": number(Int64(activity.users)),
            "last_activity_at": .s(activity.lastActivityAt),
        ]
    }

    static func activity(_ item: Item) throws(RepositoryError) -> TenantActivity {
        let reader = ItemReader(item: item)
        func count(_ name: String) throws(RepositoryError) -> Int { item[name] == nil ? 0 : try reader.int(name) }
        return TenantActivity(
            tenantId: try reader.string("tenant_id"), statements: try count("statements"),
            payments: try count("payments"),
            certificates: try count("certificates"), users: try count("users"),
            lastActivityAt: reader.optionalString("last_activity_at") ?? "")
    }

    static func item(_ event: AuditEvent) -> Item {
        let shard = KeyDesign.shard(of: event.id, count: KeyDesign.auditShards)
        var item: Item = [
            KeyDesign.partitionKey: .s(KeyDesign.auditShard(event.tenantId, shard)),
            KeyDesign.sortKey: .s("\(event.at)#\(event.id)"),
            KeyDesign.entityAttribute: .s(EntityType.audit.rawValue),
            "tenant_id": .s(event.tenantId), "event_id": .s(event.id), "at": .s(event.at), "actor": .s(event.actor),
            "action": .s(event.action), "entity_type": .s(event.entityType), "entity_id": .s(event.entityId),
            "via": .s(event.via),
        ]
        if let account = event.account { item["account"] = .s(account) }
        if let outcome = event.outcome { item["outcome"] = .s(outcome.rawValue) }
        if let detail = event.detail { item["detail"] = .s(detail) }
        return item
    }

    static func auditEvent(_ item: Item) throws(RepositoryError) -> AuditEvent {
        let reader = ItemReader(item: item)
        return AuditEvent(
            tenantId: try reader.string("tenant_id"), id: try reader.string("event_id"), at: try reader.string("at"),
            actor: try reader.string("actor"), action: try reader.string("action"),
            entityType: try reader.string("entity_type"),
            entityId: try reader.string("entity_id"), via: try reader.string("via"),
            account: reader.optionalString("account"),
            outcome: reader.optionalString("outcome").flatMap(AuditOutcome.init(rawValue:)),
            detail: reader.optionalString("detail"))
    }
}
