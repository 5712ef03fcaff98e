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
    /// text is a link, else a reference number. Audited when found.
    public func lookup(_ text: String, scope: AccessScope) async throws -> LookupOutcome {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        if StatementQRPayload.looksLikePayload(trimmed) {
            return try await statement(qrPayload: trimmed, scope: scope)
        }
        guard !trimmed.isEmpty else { return .notFound }
        // References are printed in capitals; accept them typed in any case.
        let candidates = trimmed == trimmed.uppercased() ? [trimmed] : [trimmed, trimmed.uppercased()]
        for candidate in candidates {
            if let statement = try await statement(reference: candidate, scope: scope) { return .found(statement, via: .reference) }
        }
        return .notFound
    }

    /// A statement by the payload of its QR code: the signature must match the tenant's secret and
    /// the tenant must be in scope. Audited as found "via qr".
    public func statement(qrPayload text: String, scope: AccessScope) async throws -> LookupOutcome {
        let payload: StatementQRPayload
        do { payload = try StatementQRPayload(parsing: text) } catch { return .rejected(error) }
        // Outside the scope, a code is "not found" whether or not it is genuine.
        guard scope.permits(payload.tenantId), let tenantItem = try await get(KeyDesign.tenant(payload.tenantId), "TENANT") else { return .notFound }
        let tenant = try ItemMapping.tenant(tenantItem)
        guard payload.isSigned(with: tenant.qrSecret) else { return .rejected(.badSignature) }
        guard let statement = try await statementItem(reference: payload.reference), statement.tenantId == tenant.id else { return .notFound }
        try await audit(scope, tenantId: tenant.id, action: "LOOKUP_STATEMENT", entityType: "STATEMENT", entityId: statement.id, via: LookupMethod.qr.rawValue)
        return .found(statement, via: .qr)
    }

    /// The signed QR payload of a statement in scope; nil when there is none.
    public func qrPayload(reference: String, scope: AccessScope) async throws -> StatementQRPayload? {
        guard let statement = try await statementItem(reference: reference), let tenant = try await tenant(id: statement.tenantId, scope: scope) else { return nil }
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
    public func statementDetail(tenantId: String, statementId: String, scope: AccessScope) async throws -> StatementDetail? {
        guard let tenant = try await tenant(id: tenantId, scope: scope),
              let statement = try await statement(id: statementId, tenantId: tenantId, scope: scope) else { return nil }
        let payments = try await payments(statementId: statementId, tenantId: tenantId, scope: scope)
            .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        let documents = try await documents(statementId: statementId, tenantId: tenantId, scope: scope)
        let payload = StatementQRPayload(tenantId: tenant.id, reference: statement.reference, secret: tenant.qrSecret)
        return StatementDetail(statement: statement, tenant: tenant, payments: payments, documents: documents,
                               qrPayload: payload, signatureValid: payload.isSigned(with: tenant.qrSecret))
    }
}
