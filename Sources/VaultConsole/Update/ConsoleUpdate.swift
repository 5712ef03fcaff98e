import VaultRepository

extension ConsoleState {
    /// The effects to run when the console opens: load the tenant list.
    public mutating func start() -> [Effect] {
        startLoad(.tenants)
    }

    /// The one place the state changes. Pure: no I/O, no clock; store work comes back as effects.
    public mutating func update(_ action: ConsoleAction) -> [Effect] {
        switch action {
        case .key(let key):
            notice = nil
            return handle(key)
        case .resize(let newSize):
            size = newSize
            return reflow()
        case .tick:
            if var current = loading {
                current.ticks += 1
                loading = current
            }
            return []
        case .partial(let id, let result):
            guard loading?.id == id else { return [] }
            return apply(result)
        case .loaded(let id, let result):
            guard loading?.id == id else { return [] }
            loading = nil
            lastError = nil
            return apply(result)
        case .failed(let id, let message):
            guard loading?.id == id else { return [] }
            loading = nil
            lastError = message
            return []
        case .events(let id, let batch):
            receive(batch, subscription: id)
            return []
        case .streamStarted(let id):
            streamStarted(id)
            return []
        case .streamEnded(let id, let message):
            streamEnded(id, message: message)
            return []
        case .auditFailed(let message):
            lastError = "Not recorded in the audit log: \(message)"
            return []
        }
    }

    // MARK: Keys

    mutating func handle(_ key: Key) -> [Effect] {
        if prompt != nil { return handlePrompt(key) }
        if loading != nil, key == .escape || key == .control("c") { return cancelLoad() }
        if screen.state(as: TenantsScreen.self)?.filtering == true {
            // Arrows and paging still move through the rows; every other key edits the filter.
            let movement: [Key: ConsoleCommand] = [
                .up: .moveUp, .down: .moveDown, .pageUp: .pageUp, .pageDown: .pageDown,
            ]
            if let command = movement[key] { return move(command) }
            editScreen(TenantsScreen.self) { tenants in
                switch key {
                case .enter:
                    tenants.filtering = false
                case .escape:
                    tenants.filtering = false
                    tenants.filter = TextField()
                default:
                    _ = tenants.filter.edit(key)
                    tenants.selection = 0
                    tenants.top = 0
                }
            }
            return []
        }
        let contexts = screen.keyContexts
        if let command = KeyRegistry.command(for: key, in: contexts, isAdmin: identity.isAdmin) {
            return perform(command, key: key)
        }
        editScreen(LookupScreen.self) { lookup in
            if lookup.replacesOnTyping, case .character = key { lookup.field = TextField() }
            lookup.replacesOnTyping = false
            if lookup.field.edit(key) { lookup.message = nil }
        }
        editQueryLine(key)
        return []
    }

    mutating func perform(_ command: ConsoleCommand, key: Key) -> [Effect] {
        switch command {
        case .help:
            if case .help = screen { return [] }
            stack.append(.help(HelpScreen(contexts: screen.keyContexts)))
            return []
        case .commandLine:
            prompt = Prompt(kind: .command, field: TextField())
            return []
        case .lookup:
            if case .lookup = screen { return [] }
            stack.append(.lookup(LookupScreen()))
            return []
        case .back:
            return back(quitting: key == .character("q"))
        case .cancel:
            if case .lookup = screen { return back(quitting: false) }
            if case .query = screen { return back(quitting: false) }
            return quit()
        case .quit:
            return quit()
        case .submit:
            guard case .lookup(let lookup) = screen else { return [] }
            let text = lookup.field.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            return startLoad(.lookup(text))
        case .filter:
            editScreen(TenantsScreen.self) { $0.filtering = true }
            return []
        case .sort:
            let sort = editScreen(TenantsScreen.self) { tenants in
                tenants.sort = tenants.sort == .name ? .activity : .name
                tenants.selection = 0
                tenants.top = 0
                return tenants.sort
            }
            if let sort { notice = "Sorted by \(sort == .name ? "name" : "latest activity")" }
            return []
        case .nextTab, .previousTab:
            let step = command == .nextTab ? 1 : TenantTab.allCases.count - 1
            let loaded = editScreen(TenantScreen.self) { tenant in
                let tabs = TenantTab.allCases
                tenant.tab = tabs[((tabs.firstIndex(of: tenant.tab) ?? 0) + step) % tabs.count]
                return tenant.list.loaded
            }
            guard let loaded else { return [] }
            return loaded ? reflow() : loadPage(.first)
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            return move(command)
        case .open:
            return open()
        case .inspect:
            return inspect()
        case .toggleJSON:
            editScreen(InspectorScreen.self) { inspector in
                inspector.typed.toggle()
                inspector.top = 0
            }
            return []
        case .cycleStatus:
            guard case .payments(let tenantId, let statementId, var selection)? = currentList?.source else { return [] }
            let order: [PaymentStatus?] = [nil] + PaymentStatus.allCases.map { Optional($0) }
            let index = order.firstIndex(of: selection.status) ?? 0
            selection.status = order[(index + 1) % order.count]
            return replaceSource(.payments(tenantId: tenantId, statementId: statementId, selection))
        case .jumpToDate:
            guard case .payments? = currentList?.source else { return [] }
            prompt = Prompt(kind: .date, field: TextField(today))
            return []
        case .expiring:
            prompt = Prompt(kind: .days, field: TextField("90"))
            return []
        case .nextStandard:
            guard case .certificates(let tenantId, let selection)? = currentList?.source else { return [] }
            let standards = Self.standards
            var next = standards[0]
            if case .standard(let current) = selection, let index = standards.firstIndex(of: current) {
                next = standards[(index + 1) % standards.count]
            }
            return replaceSource(.certificates(tenantId: tenantId, .standard(next)))
        case .byOrganization:
            guard case .certificates(let tenantId, _)? = currentList?.source,
                case .certificate(let certificate)? = currentList?.selected
            else { return [] }
            return replaceSource(.certificates(tenantId: tenantId, .organization(certificate.organization)))
        case .allCertificates:
            guard case .certificates(let tenantId, _)? = currentList?.source else { return [] }
            return replaceSource(.certificates(tenantId: tenantId, .all))
        case .statementPayments:
            guard case .statement(let statement) = screen else { return [] }
            return openStatementPayments(statement)
        case .liveStream:
            return openStream()
        case .togglePause, .streamFilter, .clearStream:
            return performOnStream(command)
        case .zoomQR:
            editScreen(StatementScreen.self) { $0.zoomed.toggle() }
            return []
        case .query:
            return openQuery(text: "", run: false)
        case .runQuery, .historyPrevious, .historyNext, .switchFocus, .complete, .copy:
            return performOnQuery(command)
        case .openEntity:
            return openEventEntity()
        }
    }

    /// The ISO standards `t` steps through, in number order.
    static let standards = Certificate.standards.sorted { ($0.count, $0) < ($1.count, $1) }

    mutating func back(quitting: Bool) -> [Effect] {
        var effects = dropLoad()
        if stack.count > 1 {
            effects += subscriptions(from: stack.count - 1)
            stack.removeLast()
            return effects + reflow()
        }
        if quitting { return effects + quit() }
        editScreen(TenantsScreen.self) { tenants in
            guard !tenants.filter.text.isEmpty else { return }
            tenants.filter = TextField()
            tenants.selection = 0
            tenants.top = 0
        }
        return effects
    }

    mutating func quit() -> [Effect] {
        quitRequested = true
        return subscriptions(from: 0) + dropLoad() + [.quit]
    }

    mutating func cancelLoad() -> [Effect] {
        if let current = loading { notice = "Cancelled loading \(current.label); showing what had arrived" }
        return dropLoad()
    }

    /// Cancels the load in flight, if any, without a word: the screen it was for is going away
    /// or being replaced.
    mutating func dropLoad() -> [Effect] {
        guard let current = loading else { return [] }
        loading = nil
        return [.cancel(id: current.id)]
    }

    /// Leaves every screen above the tenant list, cancelling what they were loading or following.
    mutating func backToTenants() -> [Effect] {
        let effects = dropLoad() + subscriptions(from: 1)
        stack.removeSubrange(1...)
        return effects
    }

    /// Starts a load, replacing (and cancelling) any load in flight.
    mutating func startLoad(_ request: LoadRequest) -> [Effect] {
        var effects = dropLoad()
        let id = nextLoadID
        nextLoadID += 1
        loading = LoadingState(id: id, label: request.label)
        effects.append(.load(id: id, request))
        return effects
    }

    // MARK: Opening things

    mutating func open() -> [Effect] {
        switch screen {
        case .stream:
            return performOnStream(.open)
        case .query:
            return performOnQuery(.open)
        case .tenants(let tenants):
            let rows = tenants.visible
            guard rows.indices.contains(tenants.selection) else { return [] }
            return openTenant(rows[tenants.selection].tenant, tab: .statements)
        case .tenant, .list:
            guard let row = currentList?.selected else { return [] }
            switch row {
            case .statement(let statement):
                return startLoad(.statement(tenantId: statement.tenantId, statementId: statement.id, via: nil))
            case .payment(let payment):
                if case .list = screen { return [] }
                return startLoad(.statement(tenantId: payment.tenantId, statementId: payment.statementId, via: nil))
            case .auditEvent(let event) where event.entityType == EntityType.statement.rawValue:
                return startLoad(.statement(tenantId: event.tenantId, statementId: event.entityId, via: nil))
            default:
                notice =
                    identity.isAdmin
                    ? "Nothing more to open here; i inspects the stored item" : "Nothing more to open here"
                return []
            }
        default:
            return []
        }
    }

    mutating func openTenant(_ tenant: Tenant, tab: TenantTab) -> [Effect] {
        // Back to the tenant list first, so the trail reads Tenants › tenant.
        let effects = backToTenants()
        stack.append(.tenant(TenantScreen(tenant: tenant, tab: tab)))
        return effects + loadPage(.first)
    }

    mutating func openStatementPayments(_ statement: StatementScreen) -> [Effect] {
        let detail = statement.detail
        let source = ListSource.payments(
            tenantId: detail.tenant.id, statementId: detail.statement.id, PaymentSelection())
        stack.append(.list(ListScreen(title: "Payments", list: PagedList(source: source))))
        return loadPage(.first)
    }

    mutating func inspect() -> [Effect] {
        guard identity.isAdmin else { return [] }
        switch screen {
        case .tenants(let tenants):
            let rows = tenants.visible
            guard rows.indices.contains(tenants.selection) else { return [] }
            let tenant = rows[tenants.selection].tenant
            return startLoad(.inspect(.tenant(tenant), title: "Tenant \(tenant.id)"))
        case .statement(let statement):
            return startLoad(
                .inspect(
                    .statement(statement.detail.statement), title: "Statement \(statement.detail.statement.reference)"))
        default:
            guard let row = currentList?.selected else { return [] }
            return startLoad(.inspect(row.inspectable, title: row.inspectorTitle))
        }
    }
}
