import VaultRepository

/// Who is at the console and on which store: shown in the status bar, and the scope every load runs in.
public struct ConsoleIdentity: Hashable, Sendable {
    public var scope: AccessScope
    /// The store as the status bar names it (a file name, an endpoint).
    public var storeLabel: String

    public init(scope: AccessScope, storeLabel: String) {
        self.scope = scope
        self.storeLabel = storeLabel
    }

    var isAdmin: Bool { scope.role == .admin }
}

/// A load in flight, for the spinner and for cancelling.
public struct LoadingState: Hashable, Sendable {
    public var id: Int
    public var label: String
    /// Spinner ticks since it started (the terminal ticks every 80 ms while a load runs); the
    /// spinner shows from the first tick, so fast loads never flash it.
    public var ticks = 0
}

/// A question on the bottom line: the command line or a small value a command needs.
public struct Prompt: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case command
        case date
        case days
        case streamFilter
    }

    public var kind: Kind
    public var field: TextField
    /// Where the command line is in its history while ↑/↓ walk it.
    public var historyIndex: Int?

    var label: String {
        switch kind {
        case .command: ":"
        case .date: "jump to date (yyyy-mm-dd): "
        case .days: "expiring within days: "
        case .streamFilter: "filter events (tenant, entity, INSERT/MODIFY/REMOVE): "
        }
    }
}

/// Everything the console shows. Changed only by `update(_:)`; drawn by `ConsoleView`.
public struct ConsoleState: Hashable, Sendable {
    public var identity: ConsoleIdentity
    public var size: TerminalSize
    /// Never empty: the first screen is the tenant list.
    public var stack: [Screen]
    public var prompt: Prompt?
    public var loading: LoadingState?
    /// The last error, shown in the status bar until the next action that succeeds.
    public var lastError: String?
    /// A passing note (a cancelled load, a changed theme).
    public var notice: String?
    public var themeName: String
    /// The themes `:theme` can switch to.
    public var themes: ThemeCatalog
    /// Commands entered, oldest first.
    public var history: [String] = []
    /// Today, for "expiring within N days".
    public var today: ISODate
    public var quitRequested = false
    var nextLoadID = 1

    public init(
        identity: ConsoleIdentity, size: TerminalSize, themeName: String = Theme.defaultName,
        themes: ThemeCatalog = ThemeCatalog(),
        today: ISODate
    ) {
        self.identity = identity
        self.size = size
        self.themeName = themeName
        self.themes = themes
        self.today = today
        stack = [.tenants(TenantsScreen())]
        // Skipped theme files are said once, on the status line, rather than stopping the console.
        if let first = themes.problems.sorted(by: { $0.key < $1.key }).first {
            let more = themes.problems.count > 1 ? " (and \(themes.problems.count - 1) more)" : ""
            notice = "Skipped theme \(first.value)\(more)"
        }
    }

    /// The theme in use; the built-in one when the name is unknown.
    public var theme: Theme { themes.theme(named: themeName) ?? .dark }

    public var screen: Screen {
        get { stack[stack.count - 1] }
        set { stack[stack.count - 1] = newValue }
    }

    /// The breadcrumb trail, first screen first.
    public var breadcrumbs: [String] { ["VaultDesk"] + stack.map(\.crumb) }

    /// The tenants loaded so far, for `:tenant NAME` and its completion.
    var knownTenants: [TenantRow] {
        if case .tenants(let screen) = stack[0] { return screen.all }
        return []
    }
}
