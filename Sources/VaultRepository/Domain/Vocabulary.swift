/// The kinds of item the domain stores, as their `entity` attribute, change events and audit
/// events name them: one spelling for the repository, the console and the commands.
public enum EntityType: String, Sendable, Hashable, CaseIterable {
    case tenant = "TENANT"
    case activity = "ACTIVITY"
    case statement = "STATEMENT"
    case document = "DOCUMENT"
    case payment = "PAYMENT"
    /// The claim on a payment's transaction hash that makes a payment recorded once.
    case paymentClaim = "PAYMENTTX"
    case certificate = "CERTIFICATE"
    case renewal = "RENEWAL"
    case user = "USER"
    case session = "SESSION"
    case audit = "AUDIT"
    /// A system login bound to an operator.
    case operatorLogin = "OPERATOR_LOGIN"
}

/// What an audit event records that an operator did.
public enum AuditAction: String, Sendable, Hashable, CaseIterable {
    case lookupStatement = "LOOKUP_STATEMENT"
    case viewStatement = "VIEW_STATEMENT"
    case viewPayments = "VIEW_PAYMENTS"
    case listPayments = "LIST_PAYMENTS"
    case viewUser = "VIEW_USER"
    case renderQR = "RENDER_QR"
    case viewChangeEvent = "VIEW_CHANGE_EVENT"
    case bindLogin = "BIND_LOGIN"
    case unbindLogin = "UNBIND_LOGIN"
    /// An admin's ad-hoc PartiQL SELECT.
    case runQuery = "RUN_QUERY"
    /// A list or a query's results written to a file.
    case export = "EXPORT"
}

/// What else an audit event can be about, beside the stored entities.
public enum AuditSubject {
    /// A scanned QR payload, genuine or not.
    public static let qrCode = "QR"
    /// An operator's login binding.
    public static let operatorBinding = "OPERATOR"
}
