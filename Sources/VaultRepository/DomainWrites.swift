import Foundation
import PartitionStore

/// What recording a payment did.
public enum PaymentRecording: Sendable, Hashable {
    /// The payment is stored; the statement as it now stands.
    case recorded(Statement)
    /// A payment with the same transaction hash was recorded before (by this or another process);
    /// nothing changed. Carries the id of the payment already stored.
    case duplicate(existingPaymentId: String)
}

// The writes the seed systems need: idempotent payments, optimistic locking, renewals.
extension VaultRepository {
    /// How often a payment is retried when its statement changed between the read and the write;
    /// the waits between attempts grow (with jitter) to 128 ms, about 1.5 s in all.
    static let paymentAttempts = 16

    /// Records a payment once, however often it is delivered: its transaction hash is claimed by a
    /// guard item in the same transaction that stores the payment and moves the statement's paid
    /// amount and status on (settled payments only). A concurrent change of the statement is
    /// retried from a fresh read.
    public func recordPayment(_ payment: Payment, scope: AccessScope) async throws -> PaymentRecording {
        try require(scope, payment.tenantId)
        guard !payment.transactionHash.isEmpty else {
            throw RepositoryError.invalidArgument("A payment needs its transaction hash")
        }
        guard payment.amount.minorUnits > 0 else {
            throw RepositoryError.invalidArgument("A payment amount must be positive; got \(payment.amount)")
        }
        let guardKey = KeyDesign.paymentTransaction(payment.tenantId, payment.transactionHash)
        for attempt in 0..<Self.paymentAttempts {
            if attempt > 0 {
                // Full jitter: concurrent writers to one statement spread out instead of colliding again.
                try await Task.sleep(nanoseconds: UInt64.random(in: 0...(1_000_000 << min(attempt, 7))))
            }
            guard
                let item = try await get(
                    KeyDesign.statementPartition(payment.tenantId, payment.statementId), KeyDesign.SortKey.statement)
            else {
                throw RepositoryError.notFound("Statement \(payment.statementId) of tenant \(payment.tenantId)")
            }
            let statement = try ItemMapping.statement(item)
            guard payment.amount.currency == statement.amountDue.currency else {
                throw RepositoryError.invalidArgument(
                    "The payment is in \(payment.amount.currency) but statement \(statement.reference) is in \(statement.amountDue.currency)"
                )
            }
            var updated = statement
            if payment.status == .settled {
                guard let paid = statement.amountPaid.adding(payment.amount) else {
                    throw RepositoryError.invalidArgument("The paid amount of \(statement.reference) would overflow")
                }
                updated.amountPaid = paid
                updated.status = paid >= statement.amountDue ? .paid : .partiallyPaid
            }
            updated.version += 1
            let guardItem = ItemMapping.paymentTransactionGuard(payment)
            let actions: [TransactWriteItem] = [
                .put(
                    PutItemInput(
                        tableName: tableName, item: guardItem,
                        options: .createOnly)
                ),
                .put(
                    PutItemInput(
                        tableName: tableName, item: ItemMapping.item(payment),
                        options: .createOnly)),
                .put(versioned(ItemMapping.item(updated), expecting: statement.version)),
            ]
            let reasons = try await transact(actions)
            if reasons.isEmpty {
                try await noteActivity(tenantId: payment.tenantId, payments: 1)
                return .recorded(updated)
            }
            if reasons[0] {
                let existing = try await get(guardKey, KeyDesign.SortKey.paymentClaim)
                return .duplicate(existingPaymentId: existing?["payment_id"]?.stringValue ?? payment.id)
            }
            if reasons[1] {
                throw RepositoryError.conflict("payment \(payment.id) is already stored under another transaction hash")
            }
            // The statement changed since it was read: read it again.
        }
        throw RepositoryError.conflict(
            "statement \(payment.statementId) kept changing; the payment was not recorded, retry it")
    }

    /// Issues a new statement; refuses to replace one stored under the same id.
    public func issue(_ statement: Statement, scope: AccessScope) async throws {
        try require(scope, statement.tenantId)
        do {
            _ = try await store.putItem(
                PutItemInput(
                    tableName: tableName, item: ItemMapping.item(statement),
                    options: .createOnly))
        } catch {
            guard error.code == .conditionalCheckFailed else { throw error }
            throw RepositoryError.conflict("statement \(statement.id) of tenant \(statement.tenantId) exists already")
        }
        try await noteActivity(tenantId: statement.tenantId, statements: 1)
    }

    /// Starts a session of a tenant's user that the store deletes by TTL after `lifetime` seconds.
    public func startSession(
        tenantId: String, userEmail: String, lifetime: Int, scope: AccessScope
    ) async throws -> Session {
        try require(scope, tenantId)
        guard lifetime > 0 else {
            throw RepositoryError.invalidArgument("A session lives a positive number of seconds; got \(lifetime)")
        }
        let started = now()
        let session = Session(
            tenantId: tenantId, id: UUID().uuidString.lowercased(), userEmail: userEmail,
            startedAt: Self.timestamp(started),
            expiresAt: Int64(started.timeIntervalSince1970.rounded(.up)) + Int64(lifetime))
        try await put(ItemMapping.item(session))
        return session
    }

    /// Stores a changed statement if nobody changed it since it was read (its `version` is the one
    /// read); returns it with the next version.
    public func update(_ statement: Statement, scope: AccessScope) async throws -> Statement {
        try require(scope, statement.tenantId)
        return try await storeNextVersion(
            statement, \.version, as: ItemMapping.item, described: "statement \(statement.reference)")
    }

    /// Stores a changed certificate if nobody changed it since it was read.
    public func update(_ certificate: Certificate, scope: AccessScope) async throws -> Certificate {
        try require(scope, certificate.tenantId)
        return try await storeNextVersion(
            certificate, \.version, as: ItemMapping.item, described: "certificate \(certificate.number)")
    }

    /// Stores `entity` with its version moved on, if the stored copy is still at the version read;
    /// the stored entity, or a conflict naming `described`.
    func storeNextVersion<Entity>(
        _ entity: Entity, _ version: WritableKeyPath<Entity, Int>, as item: (Entity) -> Item, described: String
    ) async throws -> Entity {
        var updated = entity
        updated[keyPath: version] += 1
        guard try await putIfUnchanged(item(updated), expecting: entity[keyPath: version]) else {
            throw Self.staleVersion(described, entity[keyPath: version])
        }
        return updated
    }

    /// The conflict of a write made from a read that someone else's write has overtaken.
    static func staleVersion(_ entity: String, _ version: Int) -> RepositoryError {
        .conflict("\(entity) was changed by someone else since version \(version); reload it")
    }

    /// Renews a certificate as one transaction: the certificate gets its new validity (and ledger
    /// hash) if it is still at the version read, and a renewal record keeps the period it replaces.
    public func renew(
        _ certificate: Certificate, on day: ISODate, until expiry: ISODate, ledgerTransactionHash: String? = nil,
        scope: AccessScope
    ) async throws -> Certificate {
        try require(scope, certificate.tenantId)
        guard expiry > day else {
            throw RepositoryError.invalidArgument(
                "A renewal must expire after it is issued: \(expiry) is not after \(day)")
        }
        guard certificate.status != .withdrawn else {
            throw RepositoryError.invalidArgument(
                "Certificate \(certificate.number) is withdrawn and cannot be renewed")
        }
        var renewed = certificate
        renewed.issueDate = day
        renewed.expiryDate = expiry
        renewed.status = .valid
        renewed.ledgerTransactionHash = ledgerTransactionHash ?? certificate.ledgerTransactionHash
        renewed.version += 1
        let record: Item = [
            KeyDesign.partitionKey: .s(KeyDesign.tenant(certificate.tenantId)),
            KeyDesign.sortKey: .s(KeyDesign.SortKey.renewalPrefix + "\(certificate.number)#\(renewed.version)"),
            KeyDesign.entityAttribute: .s(EntityType.renewal.rawValue),
            "tenant_id": .s(certificate.tenantId), "number": .s(certificate.number), "renewed_on": .s(day),
            "previous_issue_date": .s(certificate.issueDate), "previous_expiry_date": .s(certificate.expiryDate),
            "expiry_date": .s(expiry), "by": .s(scope.operatorName),
        ]
        let failed = try await transact([
            .put(versioned(ItemMapping.item(renewed), expecting: certificate.version)),
            .put(
                PutItemInput(
                    tableName: tableName, item: record,
                    options: .createOnly)),
        ])
        guard failed.isEmpty else {
            throw Self.staleVersion("certificate \(certificate.number)", certificate.version)
        }
        return renewed
    }

    /// Runs a transaction. Empty when it committed; else, for each action, whether its condition
    /// failed (all false when it was cancelled by a conflict with another transaction).
    func transact(_ actions: [TransactWriteItem]) async throws -> [Bool] {
        let error: StoreError
        do {
            _ = try await store.transactWriteItems(TransactWriteItemsInput(transactItems: actions))
            return []
        } catch let failure {
            error = failure
        }
        guard error.code == .transactionCanceled || error.code == .transactionConflict else { throw error }
        let reasons = error.cancellationReasons ?? []
        return actions.indices.map { $0 < reasons.count && reasons[$0].code == "ConditionalCheckFailed" }
    }

    /// Puts an item if the stored one is still at `version`; false when it is not.
    func putIfUnchanged(_ item: Item, expecting version: Int) async throws -> Bool {
        do {
            _ = try await store.putItem(versioned(item, expecting: version))
            return true
        } catch {
            guard error.code == .conditionalCheckFailed else { throw error }
            return false
        }
    }

    /// A put that succeeds only while the stored item is at `version`.
    func versioned(_ item: Item, expecting version: Int) -> PutItemInput {
        PutItemInput(
            tableName: tableName, item: item,
            options: WriteOptions(
                conditionExpression: "#version = :expected", expressionAttributeNames: ["#version": "version"],
                expressionAttributeValues: [":expected": ItemMapping.number(Int64(version))]))
    }
}

extension WriteOptions {
    /// A put that creates its item and never replaces one (a conflict instead).
    static let createOnly = WriteOptions(conditionExpression: "attribute_not_exists(\(KeyDesign.partitionKey))")
}
