import VaultRepository

extension ConsoleState {
    /// Takes what a load brought back, where it still belongs: a page for a list that has since
    /// been left is dropped.
    mutating func apply(_ result: LoadResult) -> [Effect] {
        switch result {
        case .tenants(let rows, let complete):
            stack[0].edit(TenantsScreen.self) { tenants in
                tenants.all = rows
                tenants.complete = complete
                tenants.selection = max(0, min(tenants.selection, tenants.visible.count - 1))
            }
            return []
        case .page(let source, let rows, let next, let cursor, let move):
            guard var list = currentList, list.source == source else { return [] }
            list.apply(rows: rows, next: next, readFrom: cursor, move: move)
            currentList = list
            return []
        case .lookup(let query, let outcome, let detail):
            let opened = editScreen(LookupScreen.self) { lookup -> StatementScreen? in
                switch outcome {
                case .found(_, let via):
                    guard let detail else {
                        lookup.message = .notFound(query)
                        return nil
                    }
                    lookup.field = TextField()
                    lookup.message = nil
                    return StatementScreen(detail: detail, via: via, qrLines: Self.qrLines(detail))
                case .notFound:
                    lookup.message = .notFound(query)
                    lookup.replacesOnTyping = true
                case .rejected(let reason):
                    lookup.message = .rejected(reason.description)
                    lookup.replacesOnTyping = true
                }
                return nil
            }
            if let opened = opened ?? nil { stack.append(.statement(opened)) }
            return []
        case .statement(let detail, let via):
            guard let detail else {
                lastError = "That statement is not there any more"
                return []
            }
            stack.append(.statement(StatementScreen(detail: detail, via: via, qrLines: Self.qrLines(detail))))
            return []
        case .inspected(let item, let title):
            stack.append(.inspector(InspectorScreen(title: title, item: item)))
            return []
        case .queryPage(let page, let token, let move):
            showQueryPage(page, token: token, move: move)
            return []
        case .queryHistory(let history, let vocabulary):
            editScreen(QueryScreen.self) { query in
                query.history = history
                query.vocabulary = vocabulary
            }
            return []
        case .tableSize(let size, let statement):
            editScreen(QueryScreen.self) { $0.tableSize = size }
            // The scan waiting for the size goes on, unless the line was changed meanwhile.
            guard case .query(let query) = screen,
                query.field.text.trimmingCharacters(in: .whitespacesAndNewlines) == statement
            else { return [] }
            return runQuery()
        case .backups(let overview):
            editScreen(BackupsScreen.self) { screen in
                screen.backups = overview.backups
                screen.recovery = overview.recovery
                screen.loaded = true
            }
            return []
        case .exportProgress(let count):
            notice = "Exporting… \(count) items written; esc cancels"
            return []
        case .exported(let path, let count):
            notice =
                "Wrote \(count) item\(count == 1 ? "" : "s") to \(path) (secrets hidden; recorded in the audit log)"
            return []
        }
    }

    /// The statement's code for the screen: level L and a two-module quiet zone keep it small
    /// enough for an 80x24 window; the printed code uses level M.
    static func qrLines(_ detail: StatementDetail) -> [String] {
        guard let matrix = try? QRMatrix(encoding: detail.qrPayload.url, correction: .low) else { return [] }
        return matrix.halfBlockLines(quietZone: 2)
    }
}
