/// Taking a screen's own state out of the trail and putting it back, written once: every "when
/// the screen on top is a tenant list, change its selection" goes through `editScreen`.
extension Screen {
    /// The screen's own state, when it is an `S`.
    func state<S>(as _: S.Type) -> S? {
        switch self {
        case .tenants(let state): state as? S
        case .tenant(let state): state as? S
        case .lookup(let state): state as? S
        case .statement(let state): state as? S
        case .list(let state): state as? S
        case .inspector(let state): state as? S
        case .help(let state): state as? S
        case .stream(let state): state as? S
        case .event(let state): state as? S
        case .query(let state): state as? S
        case .backups(let state): state as? S
        }
    }

    /// Puts edited state back: the same case, holding `state` (unchanged when `state` is another kind).
    mutating func replaceState<S>(with state: S) {
        switch self {
        case .tenants: if let state = state as? TenantsScreen { self = .tenants(state) }
        case .tenant: if let state = state as? TenantScreen { self = .tenant(state) }
        case .lookup: if let state = state as? LookupScreen { self = .lookup(state) }
        case .statement: if let state = state as? StatementScreen { self = .statement(state) }
        case .list: if let state = state as? ListScreen { self = .list(state) }
        case .inspector: if let state = state as? InspectorScreen { self = .inspector(state) }
        case .help: if let state = state as? HelpScreen { self = .help(state) }
        case .stream: if let state = state as? StreamScreen { self = .stream(state) }
        case .event: if let state = state as? EventScreen { self = .event(state) }
        case .query: if let state = state as? QueryScreen { self = .query(state) }
        case .backups: if let state = state as? BackupsScreen { self = .backups(state) }
        }
    }

    /// Edits the state in place when it is an `S`; nil, and nothing changed, when it is another.
    @discardableResult
    mutating func edit<S, Result>(_: S.Type, _ body: (inout S) -> Result) -> Result? {
        guard var state = state(as: S.self) else { return nil }
        let result = body(&state)
        replaceState(with: state)
        return result
    }
}

extension ConsoleState {
    /// Edits the screen on top when it is an `S` (the body must not read the console state: it is
    /// being changed; take what it needs before); nil when the screen is another.
    @discardableResult
    mutating func editScreen<S, Result>(_ type: S.Type, _ body: (inout S) -> Result) -> Result? {
        stack[stack.count - 1].edit(type, body)
    }
}
