import VaultRepository

// Moving through lists: the tenant list in memory, the paged lists a page at a time.
extension ConsoleState {
    /// The paged list of the screen on top, if it has one.
    var currentList: PagedList? {
        get {
            switch screen {
            case .tenant(let tenant): tenant.list
            case .list(let list): list.list
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            editScreen(TenantScreen.self) { $0.list = newValue }
            editScreen(ListScreen.self) { $0.list = newValue }
        }
    }

    /// Loads a page of the current list; nothing when the move leads nowhere.
    mutating func loadPage(_ move: PageMove) -> [Effect] {
        guard let list = currentList, let cursor = list.cursor(for: move) else { return [] }
        return startLoad(.page(list.source, cursor: cursor, limit: Layout.listRows(screen, size), move: move))
    }

    /// Shows the current list with another selection (a status, a standard): from its first page.
    mutating func replaceSource(_ source: ListSource) -> [Effect] {
        currentList = PagedList(source: source)
        return loadPage(.first)
    }

    mutating func move(_ command: ConsoleCommand) -> [Effect] {
        switch screen {
        case .query:
            return performOnQuery(command)
        case .tenants:
            let visibleRows = Layout.listRows(screen, size)
            editScreen(TenantsScreen.self) { tenants in
                tenants.selection = Self.moved(
                    tenants.selection, command, count: tenants.visible.count, visible: visibleRows)
                tenants.top = Self.scrolled(top: tenants.top, selection: tenants.selection, visible: visibleRows)
            }
            return []
        case .tenant, .list:
            guard var list = currentList, list.loaded else { return [] }
            switch command {
            case .moveUp:
                if list.selection > 0 {
                    list.selection -= 1
                } else if list.hasPrevious {
                    return loadPage(.back(selectLast: true))
                }
            case .moveDown:
                if list.selection < list.rows.count - 1 {
                    list.selection += 1
                } else if list.hasNext {
                    return loadPage(.forward())
                }
            case .pageDown:
                if list.hasNext { return loadPage(.forward()) }
                list.selection = max(0, list.rows.count - 1)
                notice = "This is the last page"
            case .pageUp:
                if list.hasPrevious { return loadPage(.back(selectLast: false)) }
                list.selection = 0
            case .first:
                if list.hasPrevious { return loadPage(.first) }
                list.selection = 0
            default:
                list.selection = max(0, list.rows.count - 1)
            }
            currentList = list
            return []
        case .inspector(let inspector):
            let top = scrolledText(inspector.top, command, lines: inspector.lines.count)
            editScreen(InspectorScreen.self) { $0.top = top }
            return []
        case .help(let help):
            let lines = HelpView.lines(for: help, isAdmin: identity.isAdmin).count
            let top = scrolledText(help.top, command, lines: lines)
            editScreen(HelpScreen.self) { $0.top = top }
            return []
        case .stream:
            return performOnStream(command)
        case .event(let event):
            let top = scrolledText(event.top, command, lines: event.lines.count)
            editScreen(EventScreen.self) { $0.top = top }
            return []
        case .backups:
            let visible = Layout.textRows(size) - 1
            editScreen(BackupsScreen.self) { screen in
                screen.selection = Self.moved(screen.selection, command, count: screen.backups.count, visible: visible)
                screen.top = Self.scrolled(top: screen.top, selection: screen.selection, visible: visible)
            }
            return []
        default:
            return []
        }
    }

    /// A selection in a list held in memory, moved by a command and kept in the list.
    static func moved(_ selection: Int, _ command: ConsoleCommand, count: Int, visible: Int) -> Int {
        let moved: Int
        switch command {
        case .moveUp: moved = selection - 1
        case .moveDown: moved = selection + 1
        case .pageUp: moved = selection - visible
        case .pageDown: moved = selection + visible
        case .first: moved = 0
        default: moved = count - 1
        }
        return max(0, min(moved, count - 1))
    }

    /// The first visible row that keeps the selection in view.
    static func scrolled(top: Int, selection: Int, visible: Int) -> Int {
        if selection < top { return selection }
        if selection >= top + visible { return selection - visible + 1 }
        return max(0, top)
    }

    func scrolledText(_ top: Int, _ command: ConsoleCommand, lines: Int) -> Int {
        let visible = Layout.textRows(size)
        let last = max(0, lines - visible)
        let moved: Int
        switch command {
        case .moveUp: moved = top - 1
        case .moveDown: moved = top + 1
        case .pageUp: moved = top - visible
        case .pageDown: moved = top + visible
        case .first: moved = 0
        default: moved = last
        }
        return max(0, min(moved, last))
    }

    /// After a resize or on coming back to a screen: a paged list read for another height is read
    /// again from the same cursor, so it fills the window; the tenant list keeps its selection in view.
    mutating func reflow() -> [Effect] {
        let rows = Layout.listRows(screen, size)
        let isTenantList = editScreen(TenantsScreen.self) { tenants in
            tenants.top = Self.scrolled(top: tenants.top, selection: tenants.selection, visible: rows)
        }
        if isTenantList != nil { return [] }
        guard let list = currentList, list.loaded, loading == nil else { return [] }
        if list.rows.count > rows || (list.rows.count < rows && list.hasNext) {
            return loadPage(.reload)
        }
        return []
    }
}
