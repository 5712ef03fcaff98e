import Foundation
import PartitionStore

/// What a lookup by reference number or scanned QR code found.
public enum LookupOutcome: Sendable, Hashable {
    case found(Statement, via: LookupMethod)
    /// Nothing in the operator's scope: the statement does not exist, or belongs to a tenant they
    /// may not see. The two are never told apart.
    case notFound
    /// A QR payload that was not accepted, and why.
    case rejected(QRPayloadError)
}

public enum LookupMethod: String, Sendable, Hashable {
    case reference, qr
}

extension VaultRepository {
    /// The lookup the console's one field and `vaultdesk lookup` do: a scanned QR payload when the
    /// text is a link, else a reference number. Every lookup is audited with its outcome.
    public func lookup(_ text: String, scope: AccessScope) async throws -> LookupOutcome {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        if StatementQRPayload.looksLikePayload(trimmed) {
            return try await statement(qrPayload: trimmed, scope: scope)
        }
        // References are printed in capitals; accept them typed in any case.
        let candidates =
            trimmed.isEmpty ? [] : trimmed == trimmed.uppercased() ? [trimmed] : [trimmed, trimmed.uppercased()]
        var statement: Statement?
        for candidate in candidates where statement == nil {
            statement = try await statementItem(reference: candidate, scope: scope)
        }
        try await auditLookup(scope, of: statement, text: trimmed, via: .reference)
        guard let statement, scope.permits(statement.tenantId) else { return .notFound }
        return .found(statement, via: .reference)
    }

    /// A statement by the payload of its QR code: the signature must match the tenant's secret and
    /// the tenant must be in scope. Audited with the outcome; a code that names a tenant outside
    /// the scope is "not found" to the operator whether or not it is genuine, is refused before
    /// anything of that tenant is read, and is recorded in the platform's log as an attempt
    /// outside the scope.
    public func statement(qrPayload text: String, scope: AccessScope) async throws -> LookupOutcome {
        let via = LookupMethod.qr.rawValue
        let payload: StatementQRPayload
        do {
            payload = try StatementQRPayload(parsing: text)
        } catch {
            try await audit(
                scope, tenantId: KeyDesign.platformTenant, action: .lookupStatement, entityType: AuditSubject.qrCode,
                entityId: text, via: via, outcome: .rejected)
            return .rejected(error)
        }
        // The payload names its tenant: one outside the scope is refused before anything of it is read.
        guard scope.permits(payload.tenantId) else {
            try await audit(
                scope, tenantId: KeyDesign.platformTenant, action: .lookupStatement, entityType: AuditSubject.qrCode,
                entityId: payload.reference, via: via, outcome: .outOfScope)
            return .notFound
        }
        guard let tenantItem = try await get(KeyDesign.tenant(payload.tenantId), KeyDesign.SortKey.tenant) else {
            try await audit(
                scope, tenantId: KeyDesign.platformTenant, action: .lookupStatement, entityType: AuditSubject.qrCode,
                entityId: text, via: via, outcome: .notFound)
            return .notFound
        }
        let tenant = try ItemMapping.tenant(tenantItem)
        guard payload.isSigned(with: tenant.qrSecret) else {
            try await audit(
                scope, tenantId: tenant.id, action: .lookupStatement, entityType: AuditSubject.qrCode,
                entityId: payload.reference, via: via, outcome: .rejected)
            return .rejected(.badSignature)
        }
        let found = try await statementItem(reference: payload.reference, scope: scope)
        guard let statement = found, statement.tenantId == tenant.id else {
            try await audit(
                scope, tenantId: tenant.id, action: .lookupStatement, entityType: AuditSubject.qrCode,
                entityId: payload.reference, via: via, outcome: .notFound)
            return .notFound
        }
        try await auditLookup(scope, of: statement, text: text, via: .qr)
        return .found(statement, via: .qr)
    }

    /// The signed QR payload of a statement by reference, for printing its code: nil when there
    /// is none in scope. Audited as `RENDER_QR` with the outcome.
    public func qrPayload(reference: String, scope: AccessScope) async throws -> StatementQRPayload? {
        let statement = try await statementItem(reference: reference, scope: scope)
        try await auditLookup(scope, of: statement, text: reference, via: .reference, action: .renderQR)
        guard let statement else { return nil }
        return try await qrPayload(of: statement, scope: scope)
    }

    /// The code printed on a statement in scope, signed with its tenant's current secret; nil
    /// outside the scope. The secret itself never leaves the repository.
    public func qrPayload(of statement: Statement, scope: AccessScope) async throws -> StatementQRPayload? {
        guard let tenant = try await tenant(id: statement.tenantId, scope: scope) else { return nil }
        return StatementQRPayload(tenantId: tenant.id, reference: statement.reference, secret: tenant.qrSecret)
    }
}

/// A statement with everything its screen shows: tenant, payments, documents and its QR code.
public struct StatementDetail: Sendable, Hashable {
    public var statement: Statement
    public var tenant: Tenant
    public var payments: [Payment]
    public var documents: [StatementDocument]
    /// The code printed on the statement, signed with the tenant's current secret.
    public var qrPayload: StatementQRPayload
    /// Whether that code verifies against the tenant's secret as stored now (false after a key
    /// rotation, until statements are reprinted).
    public var signatureValid: Bool
}

extension VaultRepository {
    /// Everything about one statement in scope; nil when it is not there (or not in scope).
    public func statementDetail(
        tenantId: String, statementId: String, scope: AccessScope
    ) async throws -> StatementDetail? {
        guard let tenant = try await tenant(id: tenantId, scope: scope),
            let statement = try await statement(id: statementId, tenantId: tenantId, scope: scope)
        else { return nil }
        let payments = try await payments(statementId: statementId, tenantId: tenantId, scope: scope)
            .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        let documents = try await documents(statementId: statementId, tenantId: tenantId, scope: scope)
        let payload = StatementQRPayload(tenantId: tenant.id, reference: statement.reference, secret: tenant.qrSecret)
        return StatementDetail(
            statement: statement, tenant: tenant, payments: payments, documents: documents,
            qrPayload: payload, signatureValid: payload.isSigned(with: tenant.qrSecret))
    }
}
