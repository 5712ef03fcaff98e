import VaultRepository

// The query screen: an admin types a PartiQL SELECT, checked as it is typed, runs it, and pages
// through the results; the repository runs it, audits it and keeps the history.
extension ConsoleState {
    /// Opens the query screen with `text` in its line (running it when asked); support staff are
    /// refused as they are for the inspector.
    mutating func openQuery(text: String, run: Bool) -> [Effect] {
        guard identity.isAdmin else {
            lastError = "Only admins can run queries; support staff work with the screens and lookups"
            return []
        }
        var effects: [Effect] = []
        if case .query = screen {
            editScreen(QueryScreen.self) { query in
                if !text.isEmpty { query.field.set(text) }
                query.focus = .editing
            }
        } else {
            effects += dropLoad()
            stack.append(.query(QueryScreen(text: text)))
            if !run { effects += startLoad(.queryHistory) }
        }
        checkQueryText()
        return run ? effects + runQuery() : effects
    }

    /// Keys the registry does not claim, on the statement line: they edit it.
    mutating func editQueryLine(_ key: Key) {
        let edited = editScreen(QueryScreen.self) { query in
            guard query.focus == .editing, query.field.edit(key) else { return false }
            query.historyIndex = nil
            return true
        }
        if edited == true { checkQueryText() }
    }

    /// Checks the statement as typed, so its problem and position show before it is run.
    mutating func checkQueryText() {
        editScreen(QueryScreen.self) { query in
            let text = query.field.text
            query.problem =
                text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? nil : VaultRepository.statementProblem(in: text)
        }
    }

    mutating func runQuery() -> [Effect] {
        guard case .query(let query) = screen else { return [] }
        let text = query.field.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            notice = "Type a SELECT, e.g. SELECT * FROM \"vaultdesk\" WHERE pk = 'TENANT#…'"
            return []
        }
        if let problem = query.problem {
            lastError = problem.message
            return []
        }
        // A scan reads the whole table: on a large one it runs when Enter is pressed again.
        if scansTable(text) {
            guard let size = query.tableSize else {
                notice = "Checking the table's size before it is scanned…"
                return startLoad(.tableSize(statement: text))
            }
            if size.isLarge, query.confirmingScan != text {
                editScreen(QueryScreen.self) { $0.confirmingScan = text }
                notice =
                    "This SELECT scans the whole table (\(Format.count(Int(size.items))) items, \(Format.bytes(Int(size.bytes)))): no WHERE fixes a partition key. Enter again runs it"
                return []
            }
        }
        editScreen(QueryScreen.self) { $0.confirmingScan = nil }
        return startLoad(.query(text, token: nil, move: .first))
    }

    /// Whether the statement runs as a Scan; the console asks the repository, which knows the
    /// key design.
    func scansTable(_ text: String) -> Bool {
        VaultRepository.plannedAs(text) == "Scan"
    }

    mutating func performOnQuery(_ command: ConsoleCommand) -> [Effect] {
        guard case .query(let query) = screen else { return [] }
        switch command {
        case .runQuery:
            return runQuery()
        case .historyPrevious, .historyNext:
            editScreen(QueryScreen.self) { query in
                guard !query.history.isEmpty else { return }
                var index = query.historyIndex ?? query.history.count
                index += command == .historyPrevious ? -1 : 1
                index = max(0, min(index, query.history.count))
                query.historyIndex = index
                query.field.set(index < query.history.count ? query.history[index] : "")
            }
            checkQueryText()
            return []
        case .switchFocus:
            editScreen(QueryScreen.self) { query in
                query.focus = query.focus == .editing && !(query.page?.rows.isEmpty ?? true) ? .results : .editing
            }
            return []
        case .pageDown:
            guard let page = query.page else { return [] }
            guard let next = page.next else {
                notice = "This is the last page"
                return []
            }
            return startLoad(.query(page.statement, token: next, move: .next))
        case .pageUp:
            guard let page = query.page, let previous = query.earlierTokens.last else { return [] }
            return startLoad(.query(page.statement, token: previous, move: .previous))
        case .moveUp, .moveDown:
            let visible = Layout.queryRows(size)
            editScreen(QueryScreen.self) { query in
                query.selection = Self.moved(
                    query.selection, command, count: query.page?.rows.count ?? 0, visible: visible)
                query.top = Self.scrolled(top: query.top, selection: query.selection, visible: visible)
            }
            return []
        case .complete:
            complete(query)
            return []
        case .copy:
            guard let rows = query.page?.rows, rows.indices.contains(query.selection) else { return [] }
            notice = "Copied the item's JSON (\(rows[query.selection].item.key)) to the clipboard"
            return [.copy(rows[query.selection].item.plainJSON)]
        case .open:
            guard let rows = query.page?.rows, rows.indices.contains(query.selection) else { return [] }
            let title = "Query row \((query.pageNumber - 1) * 50 + query.selection + 1)"
            stack.append(.inspector(InspectorScreen(title: title, item: rows[query.selection].item)))
            return []
        default:
            return []
        }
    }

    /// A page of results arrived: shown, with where it was read from kept for PgUp.
    mutating func showQueryPage(_ page: QueryResultPage, token: String?, move: QueryMove) {
        editScreen(QueryScreen.self) { query in
            switch move {
            case .first:
                query.earlierTokens = []
                if query.history.last != page.statement {
                    query.history.removeAll { $0 == page.statement }
                    query.history.append(page.statement)
                }
                query.historyIndex = nil
            case .next:
                query.earlierTokens.append(query.pageToken)
            case .previous:
                if !query.earlierTokens.isEmpty { query.earlierTokens.removeLast() }
            }
            query.pageToken = token
            query.page = page
            query.layOut()
            query.selection = 0
            query.top = 0
            query.focus = page.rows.isEmpty ? .editing : .results
        }
    }

    /// Completes the word before the caret from the screen's vocabulary and the attributes of
    /// its results: at once when one name fits, else as far as they agree, listing them.
    mutating func complete(_ query: QueryScreen) {
        let before = query.field.beforeCaret
        let after = String(query.field.text.dropFirst(before.count))
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || "_#\".".contains($0) }.reversed())
        guard !word.isEmpty else { return }
        let names = Array(Set(query.vocabulary + query.columns)).sorted()
        let candidates = names.filter { $0.lowercased().hasPrefix(word.lowercased()) && $0 != word }
        guard let first = candidates.first else {
            notice = "Nothing to complete \(word) with"
            return
        }
        var completed = first
        if candidates.count > 1 {
            completed = candidates.dropFirst().reduce(first) { common, name in
                String(zip(common, name).prefix { $0.lowercased() == $1.lowercased() }.map(\.0))
            }
            notice = candidates.prefix(8).joined(separator: "  ") + (candidates.count > 8 ? "  …" : "")
        } else {
            completed += " "
        }
        guard completed.count >= word.count else { return }
        let text = String(before.dropLast(word.count)) + completed + after
        editScreen(QueryScreen.self) { $0.field.set(text) }
        checkQueryText()
    }

    /// `:export FILE`: the query's results or the list on screen, every page, to a file.
    mutating func export(to path: String) -> [Effect] {
        guard !path.isEmpty else {
            lastError = "Name the file: :export payments.csv (or .jsonl)"
            return []
        }
        guard ExportFormat(path: path) != nil else {
            lastError = "Export to a .csv or .jsonl file; got \(path)"
            return []
        }
        if case .query(let query) = screen {
            guard let page = query.page else {
                lastError = "Run a query first; :export writes all of its results"
                return []
            }
            return startLoad(.export(.query(page.statement), path: path))
        }
        guard let list = currentList else {
            lastError = "Nothing to export here: open a list (payments, certificates, audit…) or run a query"
            return []
        }
        return startLoad(.export(.list(list.source), path: path))
    }
}
