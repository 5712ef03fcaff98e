import VaultRepository

extension ConsoleState {
    /// Takes what a load brought back, where it still belongs: a page for a list that has since
    /// been left is dropped.
    mutating func apply(_ result: LoadResult) -> [Effect] {
        switch result {
        case .tenants(let rows, let complete):
            guard case .tenants(var tenants) = stack[0] else { return [] }
            tenants.all = rows
            tenants.complete = complete
            tenants.selection = max(0, min(tenants.selection, tenants.visible.count - 1))
            stack[0] = .tenants(tenants)
            return []
        case .page(let source, let rows, let next, let cursor, let move):
            guard var list = currentList, list.source == source else { return [] }
            list.apply(rows: rows, next: next, readFrom: cursor, move: move)
            currentList = list
            return []
        case .lookup(let query, let outcome, let detail):
            guard case .lookup(var lookup) = screen else { return [] }
            switch outcome {
            case .found(_, let via):
                guard let detail else {
                    lookup.message = .notFound(query)
                    screen = .lookup(lookup)
                    return []
                }
                lookup.field = TextField()
                lookup.message = nil
                screen = .lookup(lookup)
                stack.append(.statement(StatementScreen(detail: detail, via: via, qrLines: Self.qrLines(detail))))
            case .notFound:
                lookup.message = .notFound(query)
                lookup.replacesOnTyping = true
                screen = .lookup(lookup)
            case .rejected(let reason):
                lookup.message = .rejected(reason.description)
                lookup.replacesOnTyping = true
                screen = .lookup(lookup)
            }
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
        }
    }

    /// The statement's code for the screen: level L and a two-module quiet zone keep it small
    /// enough for an 80x24 window; the printed code uses level M.
    static func qrLines(_ detail: StatementDetail) -> [String] {
        guard let matrix = try? QRMatrix(encoding: detail.qrPayload.url, correction: .low) else { return [] }
        return matrix.halfBlockLines(quietZone: 2)
    }
}
