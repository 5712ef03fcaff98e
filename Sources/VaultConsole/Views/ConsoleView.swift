import VaultRepository

/// Draws the whole console from its state: breadcrumbs and status on the first line, the screen
/// on top of the stack, and hints, the prompt or the last error on the last line.
public enum ConsoleView {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public static func render(_ state: ConsoleState, on canvas: any Canvas) {
        let theme = state.theme
        let painter = Painter(canvas: canvas, theme: theme)
        canvas.clear()
        let size = canvas.size
        // A theme with a background of its own paints the whole screen with it.
        if theme.text.background != .terminalDefault {
            for row in 0..<size.rows { painter.fill(row: row, column: 0, width: size.columns, style: theme.text) }
        }
        guard size.columns >= Layout.minimum.columns, size.rows >= Layout.minimum.rows else {
            tooSmall(size, painter)
            return
        }
        if case .statement(let statement) = state.screen, statement.zoomed {
            StatementView.drawZoomed(statement, painter)
            return
        }
        drawTop(state, painter)
        switch state.screen {
        case .tenants(let screen): TenantsView.draw(screen, state, painter)
        case .tenant(let screen): TenantView.draw(screen, state, painter)
        case .lookup(let screen): LookupView.draw(screen, state, painter)
        case .statement(let screen): StatementView.draw(screen, state, painter)
        case .list(let screen): ListView.draw(screen, state, painter)
        case .inspector(let screen): InspectorView.draw(screen, state, painter)
        case .help(let screen): HelpView.draw(screen, state, painter)
        case .stream(let screen): StreamView.draw(screen, state, painter)
        case .event(let screen): EventView.draw(screen, state, painter)
        case .query(let screen): QueryView.draw(screen, state, painter)
        case .backups(let screen): BackupsView.draw(screen, state, painter)
        }
        drawBottom(state, painter)
    }

    static func tooSmall(_ size: TerminalSize, _ painter: Painter) {
        let lines = [
            "The window is \(size).", "VaultDesk needs at least \(Layout.minimum).", "Enlarge it, or press q to quit.",
        ]
        let top = max(0, size.rows / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let column = max(0, (size.columns - CellWidth.of(line)) / 2)
            painter.text(
                line, row: top + offset, column: column, style: offset == 0 ? painter.theme.warning : painter.theme.text
            )
        }
    }

    static func drawTop(_ state: ConsoleState, _ painter: Painter) {
        let width = painter.size.columns
        // An admin looking through another operator's eyes always sees that it is so.
        let viewer = state.identity.scope.viewer.map { "\($0) as " } ?? ""
        var status =
            "\(viewer)\(state.identity.scope.operatorName) · \(state.identity.scope.role.rawValue.lowercased())"
        if let tenants = state.identity.scope.tenants {
            status += " · \(tenants.count) tenant\(tenants.count == 1 ? "" : "s")"
        }
        status += " · \(state.identity.storeLabel)"
        if let loading = state.loading, loading.ticks > 0 {
            status = "\(spinner[loading.ticks % spinner.count]) loading \(loading.label)… esc cancels   " + status
        }
        // The trail says where you are: it gets the room it needs, the status what is left.
        var trail = state.breadcrumbs
        let statusRoom = min(CellWidth.of(status), max(24, width / 3))
        // A long trail keeps its first and last steps and folds the middle ones.
        while trail.count > 3, CellWidth.of(" " + trail.joined(separator: " › ")) > width - statusRoom - 3 {
            trail.remove(at: trail[1] == "…" ? 2 : 1)
            if trail[1] != "…" { trail.insert("…", at: 1) }
        }
        let crumbs = " " + trail.joined(separator: " › ")
        // With a tenant open, its accent colour tints the trail.
        var crumbStyle = painter.theme.breadcrumbs
        if let tenant = state.openTenant(), let accent = TerminalColor(hex: tenant.accentColor),
            crumbStyle.foreground != .terminalDefault
        {
            crumbStyle.foreground = accent
        }
        let statusWidth = max(
            min(statusRoom, CellWidth.of(status)), min(CellWidth.of(status), width - CellWidth.of(crumbs) - 3))
        painter.text(crumbs, row: 0, column: 0, width: width - statusWidth - 2, style: crumbStyle)
        painter.text(
            status, row: 0, column: width - statusWidth - 1, width: statusWidth, style: painter.theme.statusBar)
    }

    static func drawBottom(_ state: ConsoleState, _ painter: Painter) {
        let row = painter.size.rows - 1
        let width = painter.size.columns
        if let prompt = state.prompt {
            let used = painter.text(prompt.label, row: row, column: 0, style: painter.theme.hintKey)
            painter.text(prompt.field.text, row: row, column: used, style: painter.theme.input)
            painter.text("▏", row: row, column: used + prompt.field.caretColumn, style: painter.theme.input)
            return
        }
        if let error = state.lastError {
            painter.text(" ✗ " + error, row: row, column: 0, style: painter.theme.error)
            return
        }
        if let notice = state.notice {
            painter.text(" " + notice, row: row, column: 0, style: painter.theme.warning)
            return
        }
        var column = 1
        for binding in KeyRegistry.bindings(in: state.screen.keyContexts, isAdmin: state.identity.isAdmin) {
            guard let words = binding.hint else { continue }
            let key = binding.keys[0].description
            let needed = CellWidth.of(key) + 1 + CellWidth.of(words) + 2
            guard column + needed <= width else { break }
            column += painter.text(key, row: row, column: column, style: painter.theme.hintKey)
            column += painter.text(" " + words + "  ", row: row, column: column, style: painter.theme.hint)
        }
    }

}
