import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

/// Every attempt is audited with its outcome, and no secret leaves the repository.
@Suite("Audit outcomes and secret redaction")
struct AuditAndRedactionTests {
    @Test("lookups are audited found, not found, out of scope and rejected; QR renders and event views too")
    func auditOutcomes() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let (mine, theirs) = try await fixture.twoTenants()
        let admin = AccessScope.admin("boss@example.com", account: "root")
        let support = AccessScope.support("sam@example.com", tenants: ["acme"], account: "sam")

        #expect(try await repository.lookup(mine.reference, scope: support) == .found(mine, via: .reference))
        #expect(try await repository.lookup(theirs.reference, scope: support) == .notFound)
        #expect(try await repository.lookup("NO-SUCH-REF", scope: support) == .notFound)
        let forged = StatementQRPayload(
            tenantId: "acme", reference: mine.reference, secret: SigningSecret(Array("guess".utf8)))
        #expect(try await repository.lookup(forged.url, scope: support) == .rejected(.badSignature))
        let genuineTheirs = try #require(try await repository.qrPayload(of: theirs, scope: admin))
        #expect(try await repository.lookup(genuineTheirs.url, scope: support) == .notFound)
        #expect(try await repository.qrPayload(reference: theirs.reference, scope: support) == nil)
        #expect(try await repository.qrPayload(reference: mine.reference, scope: support) != nil)

        func events(_ tenant: String) async throws -> [AuditEvent] {
            try await repository.auditEvents(tenantId: tenant, scope: admin, limit: 100).items.filter {
                $0.account == "sam"
            }
        }
        let acme = try await events("acme").map { "\($0.action) \($0.via) \($0.outcome?.rawValue ?? "-")" }.sorted()
        #expect(
            acme == ["LOOKUP_STATEMENT qr REJECTED", "LOOKUP_STATEMENT reference FOUND", "RENDER_QR reference FOUND"])
        // Nothing is read from or written to the other tenant: a scope held to acme looks up
        // references in acme's entries only, so globex's reference is simply not found there, and
        // a QR code naming globex is refused from its payload. Both are in the platform's log.
        #expect(try await events("globex").isEmpty)
        let platform = try await events("platform").map {
            "\($0.action) \($0.via) \($0.entityId) \($0.outcome?.rawValue ?? "-")"
        }.sorted()
        #expect(
            platform
                == [
                    "LOOKUP_STATEMENT qr \(theirs.reference) OUT_OF_SCOPE",
                    "LOOKUP_STATEMENT reference NO-SUCH-REF NOT_FOUND",
                    "LOOKUP_STATEMENT reference \(theirs.reference) NOT_FOUND",
                    "RENDER_QR reference \(theirs.reference) NOT_FOUND",
                ].sorted())
        #expect(try await events("platform").allSatisfy { $0.actor == "sam@example.com" })
        // The support operator cannot read the platform's log or another tenant's.
        await #expect(throws: OperatorError.adminsOnly) { try await repository.platformAuditEvents(scope: support) }
        await #expect(throws: RepositoryError.tenantNotFound("globex")) {
            try await repository.auditEvents(tenantId: "globex", scope: support)
        }

        // A malformed QR payload is recorded in the platform's log; a very long text is cut.
        let junk = "https://qr.vaultdesk.app/v1/" + String(repeating: "é", count: 5_000)
        if case .rejected = try await repository.lookup(junk, scope: support) {
        } else {
            Issue.record("a malformed payload is rejected")
        }
        let rejected = try await events("platform").first { $0.outcome == .rejected }
        #expect(rejected?.entityId.count == VaultRepository.auditedTextLimit)

        // Opening a change event's detail.
        let event = ChangeEvent(
            sequence: "1", time: 0, tenantId: "acme", entityType: "PAYMENT", kind: .insert, byTTL: false,
            key: "TENANT#acme#PAYMENTS#1 / X", summary: "", oldImage: nil, newImage: nil, changes: [])
        try await repository.auditViewed(event, scope: support)
        #expect(
            try await events("acme").contains {
                $0.action == "VIEW_CHANGE_EVENT" && $0.entityId == event.key && $0.via == "stream"
            })
    }

    @Test("a tenant's QR secret never shows in change events, their diffs, the inspector or a printed tenant")
    func secretsRedacted() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        let admin = AccessScope.admin("boss@example.com", account: "root")
        let events = repository.changeEvents(from: fixture.store, scope: admin)
        var tenant = fixture.tenant("acme")
        try await repository.save(tenant)
        tenant.qrSecret = SigningSecret(Array("rotated-secret".utf8))
        try await repository.save(tenant)
        let secrets = ["secret-acme", "rotated-secret"].flatMap { [$0, Data($0.utf8).base64EncodedString()] }
        var seen: [ChangeEvent] = []
        for try await event in events where event.entityType == "TENANT" {
            seen.append(event)
            if seen.count == 2 { break }
        }
        #expect(seen.count == 2)
        for event in seen {
            let shown =
                [event.oldImage ?? "", event.newImage ?? "", event.summary]
                + event.changes.flatMap { [$0.old ?? "", $0.new ?? ""] }
            for secret in secrets { #expect(!shown.joined().contains(secret), "\(event.kind) shows a secret") }
        }
        #expect(seen[0].newImage?.contains("\"qr_secret\": \"‹hidden secret›\"") == true)
        // A rotation is told as a change without its values.
        let rotation = try #require(seen[1].changes.first { $0.name == "qr_secret" })
        #expect(rotation.old == "‹hidden secret›" && rotation.new == "‹hidden secret, changed›")

        let inspected = try await repository.inspect(.tenant(tenant), scope: admin)
        for secret in secrets {
            #expect(!inspected.plainJSON.contains(secret) && !inspected.dynamoJSON.contains(secret))
        }
        // However a tenant is printed or dumped, the secret is a placeholder.
        var dumped = ""
        dump(tenant, to: &dumped)
        for text in [String(describing: tenant), String(reflecting: tenant), dumped] {
            for secret in secrets { #expect(!text.contains(secret)) }
            #expect(!text.contains(Array("rotated-secret".utf8).map(String.init).joined(separator: ", ")))
        }
    }
}
