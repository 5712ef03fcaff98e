import Foundation
import PartitionStore

/// Where committed changes come from is the store protocol's; the console names it through the
/// repository and needs nothing below it.
@_exported import protocol PartitionStore.ChangeSource

/// A committed change to one of the domain's items, in the domain's words.
public struct ChangeEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case insert = "INSERT"
        case modify = "MODIFY"
        case remove = "REMOVE"
    }

    /// One attribute that a change set, changed or removed.
    public struct AttributeChange: Sendable, Hashable {
        public var name: String
        public var old: String?
        public var new: String?

        public init(name: String, old: String?, new: String?) {
            self.name = name
            self.old = old
            self.new = new
        }
    }

    /// The entity types the domain stores, as events name them.
    public static let entityTypes: Set<String> = Set(EntityType.allCases.map(\.rawValue))

    public var sequence: String
    /// When it was committed, in seconds since 1970.
    public var time: Double
    /// The tenant the item belongs to; nil for platform items.
    public var tenantId: String?
    /// `PAYMENT`, `STATEMENT`, `CERTIFICATE`, `SESSION`, `AUDIT`, …
    public var entityType: String
    public var kind: Kind
    /// Deleted by the store's TTL sweep rather than by a client.
    public var byTTL: Bool
    /// `pk / sk`.
    public var key: String
    /// One line about what the item is now (or was, when removed).
    public var summary: String
    /// The images as readable JSON, for the detail view.
    public var oldImage: String?
    public var newImage: String?
    /// What differs between the images, attribute by attribute, by name.
    public var changes: [AttributeChange]
    /// The screen the event's item belongs on: its statement (for a statement, a payment or a
    /// document), or its tenant (for the tenant, a certificate, a user); nil for others.
    public var opens: Target?

    public enum Target: Sendable, Hashable {
        case statement(tenantId: String, statementId: String)
        case tenant(tenantId: String, certificates: Bool)
    }

    public init(
        sequence: String, time: Double, tenantId: String?, entityType: String, kind: Kind, byTTL: Bool, key: String,
        summary: String, oldImage: String?, newImage: String?, changes: [AttributeChange]
    ) {
        self.sequence = sequence
        self.time = time
        self.tenantId = tenantId
        self.entityType = entityType
        self.kind = kind
        self.byTTL = byTTL
        self.key = key
        self.summary = summary
        self.oldImage = oldImage
        self.newImage = newImage
        self.changes = changes
    }

    /// Where an item of `entityType` with these attributes opens.
    static func target(entityType: String, attribute: (String) -> String?) -> Target? {
        guard let tenantId = attribute("tenant_id") else { return nil }
        switch EntityType(rawValue: entityType) {
        case .statement?, .payment?, .document?:
            return attribute("statement_id").map { .statement(tenantId: tenantId, statementId: $0) }
        case .tenant?, .activity?, .user?:
            return .tenant(tenantId: tenantId, certificates: false)
        case .certificate?, .renewal?:
            return .tenant(tenantId: tenantId, certificates: true)
        default:
            return nil
        }
    }
}

extension ChangeEvent {
    init(_ record: StreamRecord) {
        let image = record.newImage ?? record.oldImage ?? record.keys
        let attribute = { (name: String) in image[name]?.stringValue }
        let pk = record.keys[KeyDesign.partitionKey]?.stringValue ?? "?"
        let sk = record.keys[KeyDesign.sortKey]?.stringValue ?? "?"
        var names = Set(record.oldImage?.keys.map { $0 } ?? [])
        names.formUnion(record.newImage?.keys.map { $0 } ?? [])
        let changes = names.sorted().compactMap { name -> AttributeChange? in
            let old = record.oldImage?[name]
            let new = record.newImage?[name]
            guard old != new else { return nil }
            // A secret's change is told, never its values.
            if Redaction.isSecret(name) {
                return AttributeChange(
                    name: name, old: old.map { _ in Redaction.placeholder },
                    new: new.map { _ in Redaction.changedPlaceholder })
            }
            return AttributeChange(name: name, old: old.map(ItemJSON.inline), new: new.map(ItemJSON.inline))
        }
        self.init(
            sequence: record.sequenceNumber, time: record.approximateCreationDateTime, tenantId: attribute("tenant_id"),
            entityType: attribute(KeyDesign.entityAttribute) ?? "ITEM",
            kind: Kind(rawValue: record.eventName.rawValue) ?? .modify,
            byTTL: record.userIdentity == .timeToLive, key: "\(pk) / \(sk)",
            summary: Self.summary(image, entity: attribute(KeyDesign.entityAttribute) ?? "ITEM"),
            oldImage: record.oldImage.map { ItemJSON.plain(Redaction.redacted($0)) },
            newImage: record.newImage.map { ItemJSON.plain(Redaction.redacted($0)) }, changes: changes)
        opens = Self.target(entityType: entityType, attribute: attribute)
    }

    /// What the item is, in a line: a payment's amount and method, a statement's reference and
    /// status, a certificate's number and expiry.
    static func summary(_ item: Item, entity: String) -> String {
        let text = { (name: String) -> String in
            switch item[name] {
            case .s(let value)?: value
            case .n(let number)?: number.description
            default: ""
            }
        }
        let amount = { (name: String) -> String in
            guard case .n(let number)? = item[name], let minor = number.int64Value,
                let currency = Currency(text("currency"))
            else { return "" }
            return Money(minorUnits: minor, currency: currency).description
        }
        switch EntityType(rawValue: entity) {
        case .payment?:
            return
                "\(amount("amount")) \(text("method").lowercased().replacingOccurrences(of: "_", with: " ")) · \(text("status").lowercased())"
        case .statement?:
            return
                "\(text("reference")) · \(text("status").lowercased().replacingOccurrences(of: "_", with: " ")) · paid \(amount("amount_paid"))"
        case .certificate?:
            return
                "\(text("number")) · ISO \(text("standard")) · \(text("status").lowercased()) to \(text("expiry_date"))"
        case .session?: return "session of \(text("user_email"))"
        case .audit?:
            return
                "\(text("actor")) \(text("action").lowercased().replacingOccurrences(of: "_", with: " ")) via \(text("via"))"
        case .paymentClaim?: return "payment \(text("payment_id")) claims its transaction hash"
        case .activity?: return "statements \(text("statements")) · payments \(text("payments"))"
        case .tenant?: return "\(text("name")) · \(text("status").lowercased())"
        case .user?: return "\(text("email")) · \(text("role").lowercased())"
        default: return ""
        }
    }
}

extension VaultRepository {
    /// The domain's changes as they are committed, by this process or any other on the same
    /// store, limited to the scope: a support operator sees only their tenants' events, and
    /// items of no tenant only admins see.
    /// `started` is called once the source has fixed its starting position.
    public func changeEvents(
        from source: any ChangeSource, scope: AccessScope,
        started: @escaping @Sendable () -> Void = {}
    ) -> AsyncThrowingStream<ChangeEvent, any Error> {
        let records = source.changes(of: tableName, started: started)
        let (events, continuation) = AsyncThrowingStream<ChangeEvent, any Error>.makeStream(
            bufferingPolicy: .bufferingNewest(100_000))
        let task = Task {
            do {
                for try await record in records {
                    let event = ChangeEvent(record)
                    guard let tenant = event.tenantId ?? (scope.role == .admin ? "" : nil),
                        tenant.isEmpty || scope.permits(tenant)
                    else { continue }
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return events
    }
}

extension VaultRepository {
    /// Records that an operator opened a change event's detail (its old and new images), in the
    /// event's tenant's log, or the platform's for items of no tenant.
    public func auditViewed(_ event: ChangeEvent, scope: AccessScope) async throws {
        let tenant = event.tenantId ?? KeyDesign.platformTenant
        let inScope = event.tenantId.map(scope.permits) ?? (scope.role == .admin)
        try await audit(
            scope, tenantId: tenant, action: .viewChangeEvent, entityType: event.entityType, entityId: event.key,
            via: "stream", outcome: inScope ? .found : .outOfScope)
    }
}
