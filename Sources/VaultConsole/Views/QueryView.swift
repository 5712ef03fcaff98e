import VaultRepository

/// The query screen: the statement line with its problem underlined where the parser stopped,
/// then the results as a table whose columns are the attributes found, and what the page cost.
enum QueryView {
    static func draw(_ screen: QueryScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let theme = painter.theme
        var bottom = "read-only · SELECT only"
        if let page = screen.page {
            let more = page.next == nil ? "last page" : "more: PgDn"
            let plan = page.plannedAs.map { "\($0) · " } ?? ""
            bottom =
                "\(plan)page \(screen.pageNumber) · \(Format.count(page.rows.count)) items · \(Format.units(page.capacityUnits)) RCU · \(more)"
        }
        painter.box(
            top: 1, left: 0, height: size.rows - 2, width: size.columns, title: "Query (PartiQL)",
            topRight: screen.focus == .editing ? "typing" : "results", bottomRight: bottom)
        drawLine(screen, state, painter)
        guard let page = screen.page else {
            let lines = [
                "WHERE pk = 'TENANT#…' runs as a Query; any other WHERE scans the table.",
                "Enter runs · ↑ ↓ history · Tab: the results · every statement is audited",
            ]
            for (offset, line) in lines.enumerated() {
                painter.text(line, row: 6 + offset, column: 2, width: size.columns - 4, style: theme.muted)
            }
            return
        }
        guard !page.rows.isEmpty else {
            painter.text("No items.", row: 6, column: 2, style: theme.muted)
            return
        }
        let names = screen.columns
        let rows = page.rows.dropFirst(screen.top).prefix(Layout.queryRows(size)).map { row in
            names.map { row.cells[$0] ?? "" }
        }
        // Each column as wide as what it shows (within bounds); the last takes what is left, and
        // columns past the key attributes give way on a narrow window.
        let columns = names.enumerated().map { index, name in
            let widest = index < screen.columnWidths.count ? screen.columnWidths[index] : CellWidth.of(name)
            return Column(
                title: name, width: max(4, min(widest, index < 2 ? 32 : 24)), flexible: index == names.count - 1,
                priority: index < 2 ? 10 : max(0, 9 - index))
        }
        painter.table(
            top: 5, left: 1, width: size.columns - 2, height: Layout.queryRows(size) + 1, columns: columns,
            rows: Array(rows), selected: screen.focus == .results ? screen.selection - screen.top : nil)
    }

    /// The statement line, scrolled to keep the caret in view, and under it the problem found.
    static func drawLine(_ screen: QueryScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let theme = painter.theme
        let label = "SELECT › "
        painter.text(label, row: 2, column: 2, style: theme.tableHeader)
        let left = 2 + CellWidth.of(label)
        let width = max(10, size.columns - left - 3)
        let text = screen.field.text
        let caret = screen.field.caretColumn
        // Scroll so the caret stays in view on a long statement.
        let shift = max(0, caret - width + 1)
        let shown = String(text.dropFirst(shift))
        painter.cell(shown, row: 2, column: left, width: width, style: theme.input)
        if screen.focus == .editing {
            painter.text("▏", row: 2, column: left + min(caret - shift, width - 1), style: theme.input)
        }
        guard let problem = screen.problem else {
            if let loading = state.loading, loading.label == "query" {
                painter.text("Running…", row: 3, column: left, style: theme.muted)
            }
            return
        }
        // The caret under the token where the parser stopped, the words on the line below.
        var messageRow = 3
        if let position = problem.position, position - 1 - shift >= 0, position - 1 - shift < width {
            painter.text("^", row: 3, column: left + position - 1 - shift, style: theme.error)
            messageRow = 4
        }
        painter.text(problem.message, row: messageRow, column: left, width: size.columns - 2 - left, style: theme.error)
    }
}
