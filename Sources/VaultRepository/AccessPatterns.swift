import Foundation
import PartitionStore

// One method per access pattern (docs/data-model.md has the table of them).

extension VaultRepository {
    // MARK: Tenants

    public func tenant(id: String, scope: AccessScope) async throws -> Tenant? {
        guard scope.permits(id), let item = try await get(KeyDesign.tenant(id), KeyDesign.SortKey.tenant) else {
            return nil
        }
        return try ItemMapping.tenant(item)
    }

    public func tenant(domain: String, scope: AccessScope) async throws -> Tenant? {
        // A scope held to some tenants reads just those: the DOMAIN# partitions are platform-wide.
        if let permitted = scope.tenants {
            for id in permitted.sorted() {
                if let tenant = try await tenant(id: id, scope: scope),
                    tenant.domain.lowercased() == domain.lowercased()
                {
                    return tenant
                }
            }
            return nil
        }
        let page = try await store.query(
            QueryInput(
                tableName: tableName, indexName: KeyDesign.Index.gsi1.rawValue, keyConditionExpression: "gsi1pk = :d",
                expressionAttributeValues: [":d": .s(KeyDesign.domain(domain))], limit: 1))
        guard let item = page.items.first else { return nil }
        let tenant = try ItemMapping.tenant(item)
        return scope.permits(tenant.id) ? tenant : nil
    }

    /// The tenants in scope, by name.
    public func tenants(scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil) async throws -> Page<Tenant> {
        // Support scopes are a handful of tenants: read them directly, in name order.
        if let permitted = scope.tenants {
            var tenants: [Tenant] = []
            for id in permitted {
                if let tenant = try await tenant(id: id, scope: scope) { tenants.append(tenant) }
            }
            tenants.sort { KeyDesign.tenantNameKey($0) < KeyDesign.tenantNameKey($1) }
            if let cursor, cursor.list != "tenants" || cursor.positions["names"]?["after"] == nil {
                throw RepositoryError.invalidCursor
            }
            let after = cursor?.positions["names"]?["after"]
            let remaining = tenants.filter { tenant in after.map { KeyDesign.tenantNameKey(tenant) > $0 } ?? true }
            let slice = Array(remaining.prefix(limit))
            let next =
                remaining.count > limit
                ? slice.last.map {
                    Cursor(list: "tenants", positions: ["names": ["after": KeyDesign.tenantNameKey($0)]])
                } : nil
            return Page(items: slice, next: next)
        }
        let page = try await mergedPage(
            list: "tenants", partitions: [KeyDesign.allTenants], index: .gsi2,
            from: "", to: KeyDesign.highSentinel, newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.tenant), next: page.next)
    }

    /// Every tenant in scope, by name: for the few places that need the whole list (an
    /// overview, a working set). A platform has hundreds of tenants, not millions.
    public func allTenants(scope: AccessScope) async throws -> [Tenant] {
        var tenants: [Tenant] = []
        var cursor: Cursor?
        repeat {
            let page = try await self.tenants(scope: scope, limit: 1000, after: cursor)
            tenants += page.items
            cursor = page.next
        } while cursor != nil
        return tenants
    }

    /// The activity summaries of tenants in scope, by tenant id; tenants without one (created
    /// before summaries existed, or out of scope) are absent.
    public func activity(of tenantIds: [String], scope: AccessScope) async throws -> [String: TenantActivity] {
        let permitted = Array(Set(tenantIds.filter(scope.permits))).sorted()
        var summaries: [String: TenantActivity] = [:]
        var start = 0
        while start < permitted.count {
            let keys: [Item] = permitted[start..<min(start + 100, permitted.count)].map {
                [KeyDesign.partitionKey: .s(KeyDesign.tenant($0)), KeyDesign.sortKey: .s(KeyDesign.activitySortKey)]
            }
            start += 100
            var request: [String: KeysAndAttributes] = [tableName: KeysAndAttributes(keys: keys)]
            while !request.isEmpty {
                let output = try await store.batchGetItem(BatchGetItemInput(requestItems: request))
                for item in output.responses[tableName] ?? [] {
                    let activity = try ItemMapping.activity(item)
                    summaries[activity.tenantId] = activity
                }
                request = output.unprocessedKeys
            }
        }
        return summaries
    }

    /// Moves a tenant's activity summary on after a write that added to it. Outside the write's
    /// own transaction so that one tenant's writes do not all contend for one item; a crash in
    /// between leaves a count one short, which the summary tolerates (it is a display figure).
    func noteActivity(tenantId: String, statements: Int = 0, payments: Int = 0) async throws {
        _ = try await store.updateItem(
            UpdateItemInput(
                tableName: tableName,
                key: [
                    KeyDesign.partitionKey: .s(KeyDesign.tenant(tenantId)),
                    KeyDesign.sortKey: .s(KeyDesign.activitySortKey),
                ], updateExpression: "ADD #st :s, #pa :p SET #t = :t, #at = :at, #e = :e",
                options: WriteOptions(
                    expressionAttributeNames: [
                        "#st": "statements", "#pa": "payments", "#t": "tenant_id", "#at": "last_activity_at",
                        "#e": KeyDesign.entityAttribute,
                    ],
                    expressionAttributeValues: [
                        ":s": ItemMapping.number(Int64(statements)), ":p": ItemMapping.number(Int64(payments)),
                        ":t": .s(tenantId), ":at": .s(Self.timestamp(now())), ":e": .s(EntityType.activity.rawValue),
                    ])))
    }

    // MARK: Statements

    /// A statement by its printed reference number; nil when there is none in scope. Audited,
    /// with the outcome: found, not found, or outside the scope (which answers nil all the same).
    public func statement(reference: String, scope: AccessScope) async throws -> Statement? {
        let statement = try await statementItem(reference: reference, scope: scope)
        try await auditLookup(scope, of: statement, text: reference, via: .reference)
        return statement.flatMap { scope.permits($0.tenantId) ? $0 : nil }
    }

    /// The statement a reference names. A scope held to some tenants looks in just those
    /// tenants' entries, so it never reads another tenant's statement (nor needs a key that
    /// could); an unrestricted scope reads the platform-wide one.
    func statementItem(reference: String, scope: AccessScope) async throws -> Statement? {
        let item = try await lookup(
            global: (.gsi2, KeyDesign.reference(reference)),
            scoped: scope.tenants.map { $0.sorted().map { KeyDesign.tenantReference($0, reference) } })
        return try item.map(ItemMapping.statement)
    }

    /// The first item under a lookup entry: the platform-wide one (`global`), or the first of
    /// the tenant-scoped ones on gsi3 (`scoped`) when the scope is held to some tenants.
    func lookup(global: (index: KeyDesign.Index, partition: String), scoped: [String]?) async throws -> Item? {
        for (index, partition) in scoped.map({ $0.map { (KeyDesign.Index.gsi3, $0) } }) ?? [global] {
            let page = try await store.query(
                QueryInput(
                    tableName: tableName, indexName: index.rawValue,
                    keyConditionExpression: "\(index.partitionKey) = :p",
                    expressionAttributeValues: [":p": .s(partition)],
                    limit: 1))
            if let item = page.items.first { return item }
        }
        return nil
    }

    /// One statement by id. Audited as a view.
    public func statement(id: String, tenantId: String, scope: AccessScope) async throws -> Statement? {
        guard scope.permits(tenantId),
            let item = try await get(KeyDesign.statementPartition(tenantId, id), KeyDesign.SortKey.statement)
        else { return nil }
        let statement = try ItemMapping.statement(item)
        try await audit(
            scope, tenantId: tenantId, action: .viewStatement, entityType: EntityType.statement.rawValue, entityId: id,
            via: "id")
        return statement
    }

    /// A tenant's statements, newest issue date first.
    public func statements(
        tenantId: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Statement> {
        try require(scope, tenantId)
        let page = try await mergedPage(
            list: "statements:\(tenantId)", partitions: [KeyDesign.statementsOfTenant(tenantId)], index: .gsi1,
            from: "", to: KeyDesign.highSentinel, newestFirst: true, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.statement), next: page.next)
    }

    /// A statement's payments, oldest first. Audited.
    public func payments(statementId: String, tenantId: String, scope: AccessScope) async throws -> [Payment] {
        try require(scope, tenantId)
        let items = try await all(
            partition: KeyDesign.statementPartition(tenantId, statementId), sortPrefix: KeyDesign.SortKey.paymentPrefix)
        try await audit(
            scope, tenantId: tenantId, action: .viewPayments, entityType: EntityType.statement.rawValue,
            entityId: statementId, via: "id")
        return try items.map(ItemMapping.payment)
    }

    /// A statement's documents.
    public func documents(statementId: String, tenantId: String, scope: AccessScope) async throws -> [StatementDocument]
    {
        try require(scope, tenantId)
        return try await all(
            partition: KeyDesign.statementPartition(tenantId, statementId), sortPrefix: KeyDesign.SortKey.documentPrefix
        ).map(ItemMapping.document)
    }

    // MARK: Payments

    /// A tenant's payments received between two instants (inclusive, ISO 8601), oldest or newest
    /// first, merged from the tenant's payment shards. Audited.
    /// With a status, only payments in that status (read past the others, so a rare status takes
    /// longer to fill a page).
    public func payments(
        tenantId: String, from: ISOTimestamp, to: ISOTimestamp, newestFirst: Bool = true, status: PaymentStatus? = nil,
        scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Payment> {
        try require(scope, tenantId)
        guard from <= to else {
            throw RepositoryError.invalidArgument("The date range is empty: \(from) is after \(to)")
        }
        let shards = (0..<KeyDesign.paymentShards).map { KeyDesign.paymentShard(tenantId, $0) }
        let filter = status.map(PageFilter.status)
        let page = try await mergedPage(
            list: "payments:\(tenantId):\(from):\(to):\(newestFirst):\(status?.rawValue ?? "any")", partitions: shards,
            index: .gsi1,
            from: from, to: to + KeyDesign.highSentinel, newestFirst: newestFirst, filter: filter, limit: limit,
            after: cursor)
        if cursor == nil {
            try await audit(
                scope, tenantId: tenantId, action: .listPayments, entityType: EntityType.tenant.rawValue,
                entityId: tenantId, via: "list")
        }
        return Page(items: try page.items.map(ItemMapping.payment), next: page.next)
    }

    /// One statement's payments a page at a time, newest first, optionally in one status or
    /// received up to an instant. Audited on the first page.
    public func payments(
        statementId: String, tenantId: String, to: ISOTimestamp? = nil, status: PaymentStatus? = nil,
        scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Payment> {
        try require(scope, tenantId)
        let filter = status.map(PageFilter.status)
        let upper = KeyDesign.SortKey.paymentPrefix + (to ?? "") + KeyDesign.highSentinel
        let page = try await mergedPage(
            list: "statement-payments:\(tenantId):\(statementId):\(to ?? "end"):\(status?.rawValue ?? "any")",
            partitions: [KeyDesign.statementPartition(tenantId, statementId)], index: nil,
            from: KeyDesign.SortKey.paymentPrefix, to: upper, newestFirst: true, filter: filter, limit: limit,
            after: cursor)
        if cursor == nil {
            try await audit(
                scope, tenantId: tenantId, action: .viewPayments, entityType: EntityType.statement.rawValue,
                entityId: statementId, via: "id")
        }
        return Page(items: try page.items.map(ItemMapping.payment), next: page.next)
    }

    // MARK: Certificates

    public func certificates(
        tenantId: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Certificate> {
        try require(scope, tenantId)
        let page = try await mergedPage(
            list: "certificates:\(tenantId)", partitions: [KeyDesign.tenant(tenantId)], index: nil,
            from: KeyDesign.SortKey.certificatePrefix, to: KeyDesign.SortKey.certificatePrefix + KeyDesign.highSentinel,
            newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.certificate), next: page.next)
    }

    public func certificates(
        tenantId: String, organization: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Certificate> {
        try require(scope, tenantId)
        let page = try await mergedPage(
            list: "certificates:\(tenantId):org:\(organization.lowercased())",
            partitions: [KeyDesign.organization(tenantId, organization)],
            index: .gsi1, from: "", to: KeyDesign.highSentinel, newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.certificate), next: page.next)
    }

    /// A tenant's certificates of one standard, soonest expiry first.
    public func certificates(
        tenantId: String, standard: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Certificate> {
        try require(scope, tenantId)
        let page = try await mergedPage(
            list: "certificates:\(tenantId):std:\(standard)", partitions: [KeyDesign.standard(tenantId, standard)],
            index: .gsi2, from: "", to: KeyDesign.highSentinel, newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.certificate), next: page.next)
    }

    /// A tenant's certificates expiring before a day (exclusive), soonest first; from a first day
    /// on (inclusive) when one is given, so those long expired can be left out.
    public func certificatesExpiring(
        tenantId: String, from first: ISODate? = nil, before day: ISODate, scope: AccessScope,
        limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<Certificate> {
        try require(scope, tenantId)
        // Sort keys are `<expiry>#<number>`: everything below `<day>#` expires before the day.
        let page = try await mergedPage(
            list: "certificates:\(tenantId):\(first ?? ""):before:\(day)",
            partitions: [KeyDesign.certificateExpiry(tenantId)],
            index: .gsi3, from: first ?? "", to: "\(day)#", newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.certificate), next: page.next)
    }

    // MARK: Users

    /// A user by email; nil when there is none in scope. Audited.
    public func user(email: String, scope: AccessScope) async throws -> User? {
        let item = try await lookup(
            global: (.gsi1, KeyDesign.email(email)),
            scoped: scope.tenants.map { $0.sorted().map { KeyDesign.tenantEmail($0, email) } })
        guard let user = try item.map(ItemMapping.user), scope.permits(user.tenantId) else { return nil }
        try await audit(
            scope, tenantId: user.tenantId, action: .viewUser, entityType: EntityType.user.rawValue, entityId: user.id,
            via: "email")
        return user
    }

    /// A tenant's users, by id.
    public func users(
        tenantId: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<User> {
        try require(scope, tenantId)
        let page = try await mergedPage(
            list: "users:\(tenantId)", partitions: [KeyDesign.tenant(tenantId)], index: nil,
            from: KeyDesign.SortKey.userPrefix, to: KeyDesign.SortKey.userPrefix + KeyDesign.highSentinel,
            newestFirst: false, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.user), next: page.next)
    }

    /// An operator's record by email, read before any scope exists: from the platform's own
    /// entries, so signing in reads nothing of any tenant.
    public func operatorRecord(email: String) async throws -> User? {
        try await lookup(global: (.gsi3, KeyDesign.tenantEmail(KeyDesign.platformTenant, email)), scoped: nil).map(
            ItemMapping.user)
    }

    /// A user by email in any tenant: for managing operators, which admins alone do.
    public func userRecord(email: String) async throws -> User? {
        let page = try await store.query(
            QueryInput(
                tableName: tableName, indexName: KeyDesign.Index.gsi1.rawValue, keyConditionExpression: "gsi1pk = :e",
                expressionAttributeValues: [":e": .s(KeyDesign.email(email))], limit: 1))
        return try page.items.first.map(ItemMapping.user)
    }

    // MARK: Audit

    /// A tenant's audit events, newest first, merged from the tenant's audit shards.
    public func auditEvents(
        tenantId: String, scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<AuditEvent> {
        try require(scope, tenantId)
        let shards = (0..<KeyDesign.auditShards).map { KeyDesign.auditShard(tenantId, $0) }
        let page = try await mergedPage(
            list: "audit:\(tenantId)", partitions: shards, index: nil,
            from: "", to: KeyDesign.highSentinel, newestFirst: true, limit: limit, after: cursor)
        return Page(items: try page.items.map(ItemMapping.auditEvent), next: page.next)
    }

    /// Records who did what. `tenantId` is the tenant the action concerned; actions that concern
    /// no tenant (a lookup that found nothing, managing operators) go to the platform's log,
    /// which only admins read.
    func audit(
        _ scope: AccessScope, tenantId: String, action: AuditAction, entityType: String, entityId: String, via: String,
        outcome: AuditOutcome? = nil, detail: String? = nil
    ) async throws {
        let event = AuditEvent(
            tenantId: tenantId, id: UUID().uuidString.lowercased(), at: Self.timestamp(now()), actor: scope.actor,
            action: action.rawValue, entityType: entityType, entityId: String(entityId.prefix(Self.auditedTextLimit)),
            via: via,
            account: scope.account, outcome: outcome, detail: detail)
        _ = try await store.putItem(PutItemInput(tableName: tableName, item: ItemMapping.item(event)))
    }

    /// How much of a typed or scanned text an audit event keeps.
    static let auditedTextLimit = 256

    /// Audits a lookup of a statement by reference: found (in the statement's tenant), outside
    /// the scope (in the statement's tenant, where its admins see the attempt), or not found (in
    /// the platform's log, naming what was typed).
    func auditLookup(
        _ scope: AccessScope, of statement: Statement?, text: String, via: LookupMethod,
        action: AuditAction = .lookupStatement
    ) async throws {
        guard let statement else {
            try await audit(
                scope, tenantId: KeyDesign.platformTenant, action: action, entityType: EntityType.statement.rawValue,
                entityId: text, via: via.rawValue, outcome: .notFound)
            return
        }
        // An attempt outside the scope goes to the platform's log: the operator's key may not
        // write to another tenant's partitions.
        let inScope = scope.permits(statement.tenantId)
        try await audit(
            scope, tenantId: inScope ? statement.tenantId : KeyDesign.platformTenant, action: action,
            entityType: EntityType.statement.rawValue, entityId: statement.id, via: via.rawValue,
            outcome: inScope ? .found : .outOfScope)
    }

    static func timestamp(_ date: Date) -> ISOTimestamp {
        CivilCalendar.timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    // MARK: Writing

    public func save(_ tenant: Tenant) async throws { try await put(ItemMapping.item(tenant)) }
    public func save(_ statement: Statement) async throws { try await put(ItemMapping.item(statement)) }
    public func save(_ payment: Payment) async throws { try await put(ItemMapping.item(payment)) }
    public func save(_ document: StatementDocument) async throws { try await put(ItemMapping.item(document)) }
    public func save(_ certificate: Certificate) async throws { try await put(ItemMapping.item(certificate)) }
    public func save(_ user: User) async throws { try await put(ItemMapping.item(user)) }

    func put(_ item: Item) async throws {
        _ = try await store.putItem(PutItemInput(tableName: tableName, item: item))
    }
}
