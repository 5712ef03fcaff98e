import VaultRepository

/// Store work the update function asks for; the runtime runs it off the UI thread.
public enum LoadRequest: Hashable, Sendable {
    case tenants
    case page(ListSource, cursor: Cursor?, limit: Int, move: PageMove)
    case lookup(String)
    case statement(tenantId: String, statementId: String, via: LookupMethod?)
    case inspect(InspectableEntity, title: String)
    /// A page of an admin's SELECT: the first, or the one `token` reads.
    case query(String, token: String?, move: QueryMove)
    case queryHistory
    /// The table's size, before `statement`, a scan, runs.
    case tableSize(statement: String)
    /// Every page of a query's results or of a list, to a file.
    case export(ExportJob, path: String)
    case backups

    var label: String {
        switch self {
        case .tenants: "tenants"
        case .page(let source, _, _, _):
            switch source {
            case .statements: "statements"
            case .payments: "payments"
            case .certificates: "certificates"
            case .users: "users"
            case .audit: "audit events"
            }
        case .lookup: "lookup"
        case .statement: "statement"
        case .inspect: "stored item"
        case .query: "query"
        case .queryHistory: "query history"
        case .tableSize: "table size"
        case .export: "export"
        case .backups: "backups"
        }
    }
}

/// What a load brought back.
public enum LoadResult: Sendable {
    /// Tenants so far; `complete` once the last page arrived.
    case tenants([TenantRow], complete: Bool)
    case page(ListSource, rows: [Row], next: Cursor?, readFrom: Cursor?, move: PageMove)
    case lookup(query: String, LookupOutcome, StatementDetail?)
    case statement(StatementDetail?, via: LookupMethod?)
    case inspected(InspectedItem, title: String)
    case queryPage(QueryResultPage, token: String?, move: QueryMove)
    case queryHistory([String], vocabulary: [String])
    case tableSize(TableSize, statement: String)
    /// Items written so far, while an export runs; then the file and how many it holds.
    case exportProgress(Int)
    case exported(path: String, count: Int)
    case backups(BackupOverview)
}

/// What an export writes: a query's results, or a list.
public enum ExportJob: Hashable, Sendable {
    case query(String)
    case list(ListSource)
}

/// Side effects the update function asks the runtime for.
public enum Effect: Hashable, Sendable {
    case load(id: Int, LoadRequest)
    /// Follow the store's change events, delivered in batches, until cancelled.
    case follow(id: Int)
    case cancel(id: Int)
    /// Record in the audit log that the operator opened a change event's detail.
    case auditView(ChangeEvent)
    /// Put text on the terminal's clipboard.
    case copy(String)
    case quit
}

/// Everything that changes the console's state.
public enum ConsoleAction: Sendable {
    case key(Key)
    case resize(TerminalSize)
    /// A load finished.
    case loaded(id: Int, LoadResult)
    /// Part of a load arrived; more is coming.
    case partial(id: Int, LoadResult)
    case failed(id: Int, message: String)
    /// The spinner's clock.
    case tick
    /// A batch of change events for a live stream.
    case events(id: Int, [ChangeEvent])
    /// A live stream is following: every commit from now on will arrive.
    case streamStarted(id: Int)
    /// A live stream stopped: its error, or nil when the store ended it.
    case streamEnded(id: Int, String?)
    /// Recording an action in the audit log failed.
    case auditFailed(String)
}
