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
        return startLoad(.query(text, token: nil, move: .first))
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
                let count = query.page?.rows.count ?? 0
                query.selection = max(0, min(query.selection + (command == .moveUp ? -1 : 1), count - 1))
                query.top = Self.scrolled(top: query.top, selection: query.selection, visible: visible)
            }
            return []
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
            query.selection = 0
            query.top = 0
            query.focus = page.rows.isEmpty ? .editing : .results
        }
    }
}
