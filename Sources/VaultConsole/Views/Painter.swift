/// Drawing primitives over a canvas: clipped text, filled runs, frames and tables.
struct Painter {
    let canvas: any Canvas
    let theme: Theme

    var size: TerminalSize { canvas.size }

    /// Draws text clipped to `width` columns (to the right edge when nil); answers the columns used.
    @discardableResult
    func text(_ text: String, row: Int, column: Int, width: Int? = nil, style: Style) -> Int {
        let room = min(width ?? Int.max, size.columns - column)
        guard room > 0 else { return 0 }
        let fitted = CellWidth.prefix(of: TerminalText.safe(text), fitting: room)
        canvas.draw(fitted.text, row: row, column: column, style: style)
        return fitted.width
    }

    /// Text padded with spaces to exactly `width` columns (cut with an ellipsis when too long).
    func cell(_ text: String, row: Int, column: Int, width: Int, style: Style, alignRight: Bool = false) {
        guard width > 0 else { return }
        canvas.draw(
            Self.fit(TerminalText.safe(text), width, alignRight: alignRight), row: row, column: column, style: style)
    }

    func fill(row: Int, column: Int, width: Int, style: Style) {
        guard width > 0 else { return }
        canvas.draw(String(repeating: " ", count: width), row: row, column: column, style: style)
    }

    /// `text` in exactly `width` columns.
    static func fit(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let full = CellWidth.of(text)
        if full <= width {
            let padding = String(repeating: " ", count: width - full)
            return alignRight ? padding + text : text + padding
        }
        let cut = CellWidth.prefix(of: text, fitting: width - 1)
        return cut.text + "…" + String(repeating: " ", count: width - 1 - cut.width)
    }

    /// A frame with a title on its top edge and an optional label at the right of the top and
    /// bottom edges.
    func box(
        top: Int, left: Int, height: Int, width: Int, title: String, titleStyle: Style? = nil,
        topRight: String? = nil, bottomRight: String? = nil
    ) {
        guard height >= 2, width >= 4 else { return }
        let bottom = top + height - 1
        let right = left + width - 1
        canvas.draw("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left, style: theme.frame)
        canvas.draw("└" + String(repeating: "─", count: width - 2) + "┘", row: bottom, column: left, style: theme.frame)
        for row in (top + 1)..<bottom {
            canvas.draw("│", row: row, column: left, style: theme.frame)
            canvas.draw("│", row: row, column: right, style: theme.frame)
        }
        let used = text(" \(title) ", row: top, column: left + 1, width: width - 4, style: titleStyle ?? theme.title)
        if let topRight, !topRight.isEmpty {
            let label = " \(topRight) "
            let labelWidth = CellWidth.of(label)
            if labelWidth < width - 4 - used {
                text(label, row: top, column: right - 1 - labelWidth, style: theme.muted)
            }
        }
        if let bottomRight, !bottomRight.isEmpty {
            let label = " \(bottomRight) "
            let labelWidth = CellWidth.of(label)
            if labelWidth < width - 4 { text(label, row: bottom, column: right - 1 - labelWidth, style: theme.muted) }
        }
    }

    /// A divider across a frame, with a title.
    func divider(row: Int, left: Int, width: Int, title: String) {
        guard width >= 4 else { return }
        canvas.draw("├" + String(repeating: "─", count: width - 2) + "┤", row: row, column: left, style: theme.frame)
        text(" \(title) ", row: row, column: left + 1, width: width - 4, style: theme.title)
    }
}

/// A table column: a fixed width, or a share of what is left; low-priority columns go first
/// when the window is narrow.
struct Column {
    var title: String
    var width: Int
    var flexible = false
    var alignRight = false
    /// Dropped, lowest first, when the columns do not fit.
    var priority = 10

    /// The columns that fit in `total` columns (one space between each), with flexible ones widened.
    static func layout(_ columns: [Column], total: Int) -> [Column] {
        var kept = columns
        func needed(_ set: [Column]) -> Int { set.reduce(0) { $0 + $1.width } + max(0, set.count - 1) }
        while needed(kept) > total, kept.count > 1,
            let lowest = kept.indices.filter({ kept[$0].priority < 10 }).min(by: {
                kept[$0].priority < kept[$1].priority
            })
        {
            kept.remove(at: lowest)
        }
        let spare = total - needed(kept)
        let flexible = kept.indices.filter { kept[$0].flexible }
        if spare != 0, !flexible.isEmpty {
            let share = spare / flexible.count
            for (order, index) in flexible.enumerated() {
                kept[index].width = max(
                    3, kept[index].width + share + (order == 0 ? spare - share * flexible.count : 0))
            }
        }
        return kept
    }
}

extension Painter {
    /// A table: header, then rows with their texts and styles; the selected row is marked with a
    /// bar and drawn in the selected style.
    func table(
        top: Int, left: Int, width: Int, height: Int, columns: [Column], rows: [[String]], selected: Int?,
        rowStyle: (Int) -> Style? = { _ in nil }
    ) {
        let laidOut = Column.layout(columns, total: width - 1)
        let titles = columns.map(\.title)
        var x = left + 1
        for column in laidOut {
            cell(
                column.title, row: top, column: x, width: column.width, style: theme.tableHeader,
                alignRight: column.alignRight)
            x += column.width + 1
        }
        for (offset, values) in rows.prefix(max(0, height - 1)).enumerated() {
            let row = top + 1 + offset
            let isSelected = offset == selected
            var style = rowStyle(offset) ?? theme.text
            if isSelected {
                style = theme.selectedRow
            } else if offset % 2 == 1, style == theme.text {
                style = theme.zebraRow
            }
            fill(row: row, column: left, width: width, style: style)
            if isSelected { canvas.draw("▌", row: row, column: left, style: theme.selectedRow) }
            var x = left + 1
            for column in laidOut {
                let index = titles.firstIndex(of: column.title) ?? 0
                let value = index < values.count ? values[index] : ""
                cell(value, row: row, column: x, width: column.width, style: style, alignRight: column.alignRight)
                x += column.width + 1
            }
        }
    }
}
