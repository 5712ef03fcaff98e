import Synchronization
import VaultRepository

/// Runs the console's loads against the repository, in the operator's scope. It holds no state
/// of the console: it is handed a request and answers a result.
public struct ConsoleData: Sendable {
    public let repository: VaultRepository
    public let scope: AccessScope
    /// How many tenants each page of the tenant list reads; each page is shown as it arrives.
    public var tenantPageSize: Int
    /// The day "expiring within N days" counts from.
    public var today: ISODate
    /// Where the live stream's events come from; nil when the store has none to offer.
    public var changeSource: (any ChangeSource)?
    /// How long events gather before they are handed to the screen together.
    public var batchInterval: Duration = .milliseconds(50)

    public init(
        repository: VaultRepository, scope: AccessScope, today: ISODate = CivilCalendar.today(),
        changeSource: (any ChangeSource)? = nil, tenantPageSize: Int = 100
    ) {
        self.repository = repository
        self.scope = scope
        self.today = today
        self.changeSource = changeSource
        self.tenantPageSize = tenantPageSize
    }

    /// Follows the store's change events in scope, handing them over in batches every
    /// `batchInterval`, so the screen redraws about 20 times a second however fast they come.
    /// `started` is called once the stream's position is pinned: every commit after it arrives.
    public func follow(
        started: @escaping @Sendable () -> Void = {}, deliver: @escaping @Sendable ([ChangeEvent]) -> Void
    ) async throws {
        guard let changeSource else {
            throw RepositoryError.invalidArgument("This store offers no change stream to follow")
        }
        let events = repository.changeEvents(from: changeSource, scope: scope, started: started)
        let pending = EventBuffer()
        let interval = batchInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await event in events { pending.append(event) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    let batch = pending.take()
                    if !batch.isEmpty { deliver(batch) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The instants a payment list spans: everything, or up to the end of a day.
    static let beginning: ISOTimestamp = "0000-01-01T00:00:00.000Z"
    static func end(of day: ISODate?) -> ISOTimestamp { (day ?? "9999-12-31") + "T23:59:59.999Z" }

    /// Runs a request; `partial` receives results that arrive before the whole.
    public func run(_ request: LoadRequest, partial: @Sendable (LoadResult) -> Void) async throws -> LoadResult {
        switch request {
        case .tenants:
            return try await tenants(partial: partial)
        case .page(let source, let cursor, let limit, let move):
            let (rows, next) = try await page(source, cursor: cursor, limit: limit)
            return .page(source, rows: rows, next: next, readFrom: cursor, move: move)
        case .lookup(let text):
            let outcome = try await repository.lookup(text, scope: scope)
            guard case .found(let statement, _) = outcome else { return .lookup(query: text, outcome, nil) }
            let detail = try await repository.statementDetail(
                tenantId: statement.tenantId, statementId: statement.id, scope: scope)
            return .lookup(query: text, outcome, detail)
        case .statement(let tenantId, let statementId, let via):
            return .statement(
                try await repository.statementDetail(tenantId: tenantId, statementId: statementId, scope: scope),
                via: via)
        case .query(let statement, let token, let move):
            let page = try await repository.runQuery(statement, nextToken: token, scope: scope)
            return .queryPage(page, token: token, move: move)
        case .queryHistory:
            return .queryHistory(
                try await repository.queryHistory(scope: scope), vocabulary: repository.queryVocabulary)
        case .tableSize(let statement):
            return .tableSize(try await repository.tableSize(scope: scope), statement: statement)
        case .export(let job, let path):
            return try await export(job, to: path, partial: partial)
        case .backups:
            return .backups(try await repository.backupOverview(scope: scope))
        case .inspect(let entity, let title):
            return .inspected(try await repository.inspect(entity, scope: scope), title: title)
        }
    }

    func tenants(partial: @Sendable (LoadResult) -> Void) async throws -> LoadResult {
        var rows: [TenantRow] = []
        var cursor: Cursor?
        repeat {
            try Task.checkCancellation()
            let page = try await repository.tenants(scope: scope, limit: tenantPageSize, after: cursor)
            let activity = try await repository.activity(of: page.items.map(\.id), scope: scope)
            rows += page.items.map { TenantRow(tenant: $0, activity: activity[$0.id]) }
            cursor = page.next
            if cursor != nil { partial(.tenants(rows, complete: false)) }
        } while cursor != nil
        return .tenants(rows, complete: true)
    }

    /// Writes every page of a query's results or of a list to `path`, reporting progress; the
    /// file appears whole when done, and nothing does when it is cancelled or fails.
    func export(_ job: ExportJob, to path: String, partial: @Sendable (LoadResult) -> Void) async throws -> LoadResult {
        let file = try ExportFile(path: path)
        do {
            switch job {
            case .query(let statement):
                _ = try await repository.exportQuery(statement, to: file, scope: scope) { partial(.exportProgress($0)) }
            case .list(let source):
                var cursor: Cursor?
                repeat {
                    try Task.checkCancellation()
                    let (rows, next) = try await page(source, cursor: cursor, limit: 500)
                    try file.append(repository.exportItems(of: rows.map(\.inspectable)))
                    partial(.exportProgress(file.count))
                    cursor = next
                } while cursor != nil
            }
            let count = try file.finish()
            let what: String
            let tenantId: String?
            switch job {
            case .query(let statement): (what, tenantId) = (statement, nil)
            case .list(let source): (what, tenantId) = ("\(source)", source.tenantId)
            }
            try await repository.auditExport(what, file: file, scope: scope, tenantId: tenantId)
            return .exported(path: path, count: count)
        } catch {
            file.abandon()
            throw error
        }
    }

    func page(_ source: ListSource, cursor: Cursor?, limit: Int) async throws -> ([Row], Cursor?) {
        switch source {
        case .statements(let tenantId):
            let page = try await repository.statements(tenantId: tenantId, scope: scope, limit: limit, after: cursor)
            return (page.items.map(Row.statement), page.next)
        case .payments(let tenantId, let statementId?, let selection):
            let page = try await repository.payments(
                statementId: statementId, tenantId: tenantId, to: selection.until.map { Self.end(of: $0) },
                status: selection.status, scope: scope, limit: limit, after: cursor)
            return (page.items.map(Row.payment), page.next)
        case .payments(let tenantId, nil, let selection):
            let page = try await repository.payments(
                tenantId: tenantId, from: Self.beginning, to: Self.end(of: selection.until), newestFirst: true,
                status: selection.status, scope: scope, limit: limit, after: cursor)
            return (page.items.map(Row.payment), page.next)
        case .certificates(let tenantId, let selection):
            let page: Page<Certificate>
            switch selection {
            case .all:
                page = try await repository.certificates(tenantId: tenantId, scope: scope, limit: limit, after: cursor)
            case .standard(let standard):
                page = try await repository.certificates(
                    tenantId: tenantId, standard: standard, scope: scope, limit: limit, after: cursor)
            case .organization(let organization):
                page = try await repository.certificates(
                    tenantId: tenantId, organization: organization, scope: scope, limit: limit, after: cursor)
            case .expiring(let days):
                let before = CivilCalendar.date(days: (CivilCalendar.days(of: today) ?? 0) + days + 1)
                page = try await repository.certificatesExpiring(
                    tenantId: tenantId, from: today, before: before, scope: scope, limit: limit, after: cursor)
            }
            return (page.items.map(Row.certificate), page.next)
        case .users(let tenantId):
            let page = try await repository.users(tenantId: tenantId, scope: scope, limit: limit, after: cursor)
            return (page.items.map(Row.user), page.next)
        case .audit(let tenantId):
            let page = try await repository.auditEvents(tenantId: tenantId, scope: scope, limit: limit, after: cursor)
            return (page.items.map(Row.auditEvent), page.next)
        }
    }
}

/// Events gathered between two deliveries.
final class EventBuffer: Sendable {
    private let events = Mutex<[ChangeEvent]>([])

    func append(_ event: ChangeEvent) { events.withLock { $0.append(event) } }

    func take() -> [ChangeEvent] {
        events.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
    }
}
