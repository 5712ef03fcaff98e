import Foundation
import PartitionStore

/// An entity whose stored item an admin can inspect.
public enum InspectableEntity: Sendable, Hashable {
    case tenant(Tenant)
    case statement(Statement)
    case payment(Payment)
    case document(StatementDocument)
    case certificate(Certificate)
    case user(User)
    case auditEvent(AuditEvent)

    var tenantId: String {
        switch self {
        case .tenant(let tenant): tenant.id
        case .statement(let statement): statement.tenantId
        case .payment(let payment): payment.tenantId
        case .document(let document): document.tenantId
        case .certificate(let certificate): certificate.tenantId
        case .user(let user): user.tenantId
        case .auditEvent(let event): event.tenantId
        }
    }

    /// The item the entity is stored as; its key attributes say where to read it.
    var mappedItem: Item {
        switch self {
        case .tenant(let tenant): ItemMapping.item(tenant)
        case .statement(let statement): ItemMapping.item(statement)
        case .payment(let payment): ItemMapping.item(payment)
        case .document(let document): ItemMapping.item(document)
        case .certificate(let certificate): ItemMapping.item(certificate)
        case .user(let user): ItemMapping.item(user)
        case .auditEvent(let event): ItemMapping.item(event)
        }
    }
}

/// A stored item as it is on disk, for an admin's eyes, with the cost of reading it. Its JSON
/// is written when asked for, not when a page of them arrives.
public struct InspectedItem: Sendable, Hashable {
    /// `pk / sk`.
    public var key: String
    /// The item's attributes, secrets already hidden.
    public var attributes: Item
    /// The read capacity the GetItem that fetched it consumed (eventually consistent).
    public var readCapacityUnits: Double
    public var sizeBytes: Int

    /// Attributes as plain JSON: numbers as numbers, binary as base64, sets as arrays.
    public var plainJSON: String { ItemJSON.plain(attributes) }
    /// Attributes in DynamoDB's typed JSON, as the wire protocol carries them.
    public var dynamoJSON: String { ItemJSON.typed(attributes) }
}

extension VaultRepository {
    /// Reads an entity's stored item again by its primary key, for the item inspector. Admins
    /// only: support staff work with the domain, not with stored items. Secrets stay hidden.
    public func inspect(_ entity: InspectableEntity, scope: AccessScope) async throws -> InspectedItem {
        guard scope.role == .admin else {
            throw RepositoryError.invalidArgument("Only admins can inspect stored items")
        }
        try require(scope, entity.tenantId)
        let mapped = entity.mappedItem
        guard let pk = mapped[KeyDesign.partitionKey], let sk = mapped[KeyDesign.sortKey] else {
            throw RepositoryError.corruptItem(key: "?", reason: "the entity maps to no key")
        }
        let key = "\(pk.stringValue ?? "") / \(sk.stringValue ?? "")"
        let output = try await store.getItem(
            GetItemInput(
                tableName: tableName, key: [KeyDesign.partitionKey: pk, KeyDesign.sortKey: sk],
                returnConsumedCapacity: .total))
        guard let item = output.item else { throw RepositoryError.notFound("The stored item \(key)") }
        let shown = Redaction.redacted(item)
        return InspectedItem(
            key: key, attributes: shown, readCapacityUnits: output.consumedCapacity?.capacityUnits ?? 0,
            sizeBytes: ItemSize.of(item))
    }
}
