import VaultRepository

/// A command of the `:` line, with its aliases and what it does: the table is the dispatch, so
/// a command cannot exist without its handling.
struct LineCommand: Sendable {
    enum Action: Sendable, Hashable {
        case tenants, tenant, lookup
        case tab(TenantTab)
        case stream, theme, help, quit, query, export, backups
    }

    var name: String
    var aliases: [String]
    var argument: String?
    var summary: String
    var action: Action

    static let all: [LineCommand] = [
        LineCommand(name: "tenants", aliases: ["t"], summary: "the tenant list", action: .tenants),
        LineCommand(
            name: "tenant", aliases: ["open"], argument: "ID-OR-NAME", summary: "open a tenant", action: .tenant),
        LineCommand(
            name: "lookup", aliases: ["l", "find"], argument: "REF-OR-QR", summary: "look up a statement",
            action: .lookup),
        LineCommand(
            name: "statements", aliases: ["st"], summary: "the open tenant's statements", action: .tab(.statements)),
        LineCommand(
            name: "payments", aliases: ["p", "pay"], summary: "payments of the open tenant or statement",
            action: .tab(.payments)),
        LineCommand(
            name: "certs", aliases: ["c", "certificates"], summary: "the open tenant's certificates",
            action: .tab(.certificates)),
        LineCommand(name: "users", aliases: ["u"], summary: "the open tenant's users", action: .tab(.users)),
        LineCommand(name: "audit", aliases: ["a"], summary: "the open tenant's audit trail", action: .tab(.audit)),
        LineCommand(name: "stream", aliases: ["live", "events"], summary: "the live change stream", action: .stream),
        LineCommand(
            name: "query", aliases: ["sql"], argument: "SELECT …", summary: "run a PartiQL SELECT (admins)",
            action: .query),
        LineCommand(
            name: "export", aliases: ["save"], argument: "FILE.csv|FILE.jsonl",
            summary: "write the query's results or the list shown to a file", action: .export),
        LineCommand(name: "backups", aliases: [], summary: "the store's backups (admins)", action: .backups),
        LineCommand(name: "theme", aliases: [], argument: "NAME", summary: "change the colours", action: .theme),
        LineCommand(name: "help", aliases: ["h", "?"], summary: "keys and commands", action: .help),
        LineCommand(name: "quit", aliases: ["q", "exit"], summary: "leave the console", action: .quit),
    ]

    static func named(_ word: String) -> LineCommand? {
        let lowered = word.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }
}

extension ConsoleState {
    mutating func handlePrompt(_ key: Key) -> [Effect] {
        guard var current = prompt else { return [] }
        switch key {
        case .escape, .control("c"):
            prompt = nil
            return []
        case .enter:
            prompt = nil
            return submit(current)
        case .tab where current.kind == .command:
            let (completed, candidates) = complete(current.field.text)
            current.field.set(completed)
            if candidates.count > 1 { notice = candidates.joined(separator: "  ") }
            prompt = current
            return []
        case .up, .down:
            guard current.kind == .command, !history.isEmpty else { return [] }
            var index = current.historyIndex ?? history.count
            index += key == .up ? -1 : 1
            index = max(0, min(index, history.count))
            current.historyIndex = index
            current.field.set(index < history.count ? history[index] : "")
            prompt = current
            return []
        case .backspace where current.field.text.isEmpty:
            prompt = nil
            return []
        default:
            _ = current.field.edit(key)
            prompt = current
            return []
        }
    }

    mutating func submit(_ prompt: Prompt) -> [Effect] {
        let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
        switch prompt.kind {
        case .command:
            guard !text.isEmpty else { return [] }
            if history.last != text { history.append(text) }
            if history.count > 100 { history.removeFirst(history.count - 100) }
            return run(commandLine: text)
        case .date:
            guard CivilCalendar.days(of: text) != nil else {
                lastError = "Not a date: \(text). Type it as yyyy-mm-dd"
                return []
            }
            guard case .payments(let tenantId, let statementId, var selection)? = currentList?.source else { return [] }
            selection.until = text
            return replaceSource(.payments(tenantId: tenantId, statementId: statementId, selection))
        case .days:
            guard let days = Int(text), (1...3650).contains(days) else {
                lastError = "Give the days as a number from 1 to 3650; got \(text)"
                return []
            }
            guard case .certificates(let tenantId, _)? = currentList?.source else { return [] }
            return replaceSource(.certificates(tenantId: tenantId, .expiring(days: days)))
        case .streamFilter:
            applyStreamFilter(text)
            return []
        }
    }

    mutating func run(commandLine text: String) -> [Effect] {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        guard let command = LineCommand.named(words[0]) else {
            lastError = "Unknown command :\(words[0]); :help lists them"
            return []
        }
        switch command.action {
        case .tenants:
            return backToTenants() + reflow()
        case .tenant:
            guard let row = tenant(matching: argument) else {
                lastError =
                    argument.isEmpty
                    ? "Name a tenant: :tenant ID-OR-NAME" : "No tenant in your scope matches \(argument)"
                return []
            }
            return openTenant(row.tenant, tab: .statements)
        case .lookup:
            if case .lookup = screen {} else { stack.append(.lookup(LookupScreen())) }
            guard !argument.isEmpty else { return [] }
            return startLoad(.lookup(argument))
        case .tab(let tab):
            if tab == .payments, case .statement(let statement) = screen { return openStatementPayments(statement) }
            guard let tenant = openTenant() else {
                lastError = "Open a tenant first (:tenant NAME, or Enter on the tenant list)"
                return []
            }
            return openTenant(tenant, tab: tab)
        case .theme:
            guard let theme = themes.theme(named: argument) else {
                if let problem = themes.problem(named: argument) {
                    lastError = "Theme \(argument) was skipped: \(problem)"
                    return []
                }
                lastError =
                    "No theme \(argument.isEmpty ? "named" : argument); themes: \(themes.names.joined(separator: ", "))"
                return []
            }
            themeName = theme.name
            notice = "Theme \(theme.name)"
            return []
        case .help:
            return perform(.help, key: .character("?"))
        case .stream:
            return openStream()
        case .query:
            return openQuery(text: argument, run: !argument.isEmpty)
        case .export:
            return export(to: argument)
        case .backups:
            guard identity.isAdmin, identity.scope.tenants == nil else {
                lastError = "Only admins whose scope is every tenant can list backups"
                return []
            }
            if case .backups = screen {} else { stack.append(.backups(BackupsScreen())) }
            return startLoad(.backups)
        case .quit:
            return quit()
        }
    }

    /// The tenant of the innermost tenant screen in the trail.
    func openTenant() -> Tenant? {
        for screen in stack.reversed() {
            if case .tenant(let tenant) = screen { return tenant.tenant }
            if case .statement(let statement) = screen { return statement.detail.tenant }
        }
        return nil
    }

    func tenant(matching text: String) -> TenantRow? {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return nil }
        let rows = knownTenants
        return rows.first { $0.tenant.id == needle }
            ?? rows.first { $0.tenant.name.lowercased() == needle }
            ?? rows.first { $0.tenant.name.lowercased().hasPrefix(needle) || $0.tenant.id.hasPrefix(needle) }
    }

    /// Tab completion: the text completed as far as it is unambiguous, and the candidates.
    func complete(_ text: String) -> (String, [String]) {
        let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            let prefix = words.first?.lowercased() ?? ""
            let names = LineCommand.all.map(\.name).filter { $0.hasPrefix(prefix) }
            return (Self.completed(prefix, names, trailingSpace: true), names)
        }
        let prefix = words[1].lowercased()
        let candidates: [String]
        switch LineCommand.named(words[0])?.action {
        case .theme?: candidates = themes.names.filter { $0.hasPrefix(prefix) }
        case .tenant?: candidates = knownTenants.map(\.tenant.id).sorted().filter { $0.hasPrefix(prefix) }
        default: candidates = []
        }
        return (words[0] + " " + Self.completed(prefix, candidates, trailingSpace: false), candidates)
    }

    static func completed(_ prefix: String, _ candidates: [String], trailingSpace: Bool) -> String {
        guard let first = candidates.first else { return prefix }
        if candidates.count == 1 { return first + (trailingSpace ? " " : "") }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        return common.count > prefix.count ? common : prefix
    }
}
