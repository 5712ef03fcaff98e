import VaultRepository

/// A statement: details, payments and documents on the left, its QR code on the right when the
/// window has room for it (else `z` shows the code alone).
enum StatementView {
    static func draw(_ screen: StatementScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let detail = screen.detail
        let statement = detail.statement
        let height = size.rows - 2
        let qrWidth = screen.qrLines.first.map(CellWidth.of) ?? 0
        let qrHeight = screen.qrLines.count
        let showQR = qrWidth > 0 && qrWidth + 2 + 40 <= size.columns && qrHeight + 3 <= height
        let leftWidth = showQR ? size.columns - qrWidth - 2 : size.columns
        painter.box(
            top: 1, left: 0, height: height, width: leftWidth, title: "Statement \(statement.reference)",
            topRight: "version \(statement.version)")
        let balance = Money(
            minorUnits: statement.amountDue.minorUnits - statement.amountPaid.minorUnits,
            currency: statement.amountDue.currency)
        let found: String? =
            switch screen.via {
            case .qr: "scanned QR code, signature verified"
            case .reference: "reference number"
            case nil: nil
            }
        var lines: [(String, String, Style?)] = [
            ("Customer", statement.customerName, nil),
            ("Tenant", "\(detail.tenant.displayName) (\(detail.tenant.id))", nil),
            ("Period", statement.period, nil),
            ("Issued", "\(statement.issueDate)    due \(statement.dueDate)", nil),
            ("Amount due", Format.money(statement.amountDue), nil),
            ("Paid", "\(Format.money(statement.amountPaid))    balance \(Format.amount(balance))", nil),
            (
                "Status", Format.lower(statement.status.rawValue).uppercased(),
                statusStyle(statement.status, painter.theme)
            ),
        ]
        if let found { lines.append(("Found by", found, nil)) }
        if !showQR {
            let qrNote = qrWidth > 0 ? "z shows the code" : "could not be drawn"
            lines.append(
                (
                    "QR code",
                    "\(detail.signatureValid ? "✓ signature valid" : "✗ signature does not verify") · \(qrNote)",
                    detail.signatureValid ? painter.theme.success : painter.theme.error
                ))
        }
        var row = 2
        let bottom = 1 + height - 1
        for (label, value, style) in lines where row < bottom {
            painter.cell(label, row: row, column: 2, width: 11, style: painter.theme.muted)
            painter.text(value, row: row, column: 14, width: leftWidth - 16, style: style ?? painter.theme.text)
            row += 1
        }
        // Payments, then documents, as many as fit.
        let documentsRows = min(detail.documents.count, 2)
        let paymentsRoom = bottom - row - 1 - (documentsRows + 1)
        if row < bottom - 1 {
            painter.divider(
                row: row, left: 0, width: leftWidth,
                title:
                    "Payments (\(detail.payments.count))\(detail.payments.count > max(0, paymentsRoom) ? " · p pages through all" : "")"
            )
            row += 1
            for payment in detail.payments.prefix(max(0, paymentsRoom)) {
                let text =
                    "\(Format.minute(payment.receivedAt)) \(Painter.fit(Format.lower(payment.method.rawValue), 13)) \(Painter.fit(Format.money(payment.amount), 14, alignRight: true))  \(Painter.fit(Format.lower(payment.status.rawValue), 8)) tx \(Format.short(payment.transactionHash))"
                painter.text(
                    text, row: row, column: 2, width: leftWidth - 4,
                    style: payment.status == .failed ? painter.theme.error : painter.theme.text)
                row += 1
            }
            if detail.payments.isEmpty, row < bottom {
                painter.text("No payments yet.", row: row, column: 2, style: painter.theme.muted)
                row += 1
            }
        }
        if row < bottom - 1 {
            painter.divider(row: row, left: 0, width: leftWidth, title: "Documents (\(detail.documents.count))")
            row += 1
            for document in detail.documents where row < bottom {
                painter.text(
                    "\(document.fileName)   \(Format.bytes(document.sizeBytes))   \(String(document.uploadedAt.prefix(10)))",
                    row: row, column: 2, width: leftWidth - 4, style: painter.theme.text)
                row += 1
            }
        }
        guard showQR else { return }
        let left = leftWidth
        painter.box(top: 1, left: left, height: qrHeight + 3, width: qrWidth + 2, title: "QR")
        for (offset, line) in screen.qrLines.enumerated() {
            painter.text(line, row: 2 + offset, column: left + 1, style: painter.theme.qr)
        }
        let signature = detail.signatureValid ? "signature ✓ valid" : "signature ✗ does not verify"
        painter.text(
            signature, row: 2 + qrHeight, column: left + 2,
            style: detail.signatureValid ? painter.theme.success : painter.theme.error)
    }

    static func statusStyle(_ status: StatementStatus, _ theme: Theme) -> Style {
        switch status {
        case .paid: theme.success
        case .overdue: theme.error
        case .partiallyPaid, .issued: theme.warning
        case .void: theme.muted
        }
    }

    /// The code alone, centred, with one caption line when there is room.
    static func drawZoomed(_ screen: StatementScreen, _ painter: Painter) {
        let size = painter.size
        let lines = screen.qrLines
        let width = lines.first.map(CellWidth.of) ?? 0
        let top = max(0, (size.rows - lines.count - 1) / 2)
        let left = max(0, (size.columns - width) / 2)
        for (offset, line) in lines.enumerated() where top + offset < size.rows {
            painter.text(line, row: top + offset, column: left, style: painter.theme.qr)
        }
        let caption =
            "\(screen.detail.statement.reference) · \(screen.detail.signatureValid ? "signature ✓ valid" : "signature ✗ does not verify") · z or esc returns"
        if top + lines.count < size.rows {
            painter.text(
                caption, row: top + lines.count, column: max(0, (size.columns - CellWidth.of(caption)) / 2),
                style: painter.theme.muted)
        }
    }
}

/// The lookup field and what the last lookup answered.
enum LookupView {
    static func draw(_ screen: LookupScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        painter.box(top: 1, left: 0, height: size.rows - 2, width: size.columns, title: "Look up a statement")
        let scope =
            state.identity.scope.tenants.map { "Looking in your \($0.count) tenant\($0.count == 1 ? "" : "s")." }
            ?? "Looking in every tenant."
        painter.text(
            "Type a statement's reference number, or scan its QR code (the scanner types", row: 3, column: 2,
            width: size.columns - 4, style: painter.theme.text)
        painter.text(
            "the link and presses Enter). \(scope)", row: 4, column: 2, width: size.columns - 4,
            style: painter.theme.text)
        let label = "Reference or QR: "
        painter.text(label, row: 6, column: 2, style: painter.theme.tableHeader)
        let fieldLeft = 2 + CellWidth.of(label)
        let fieldWidth = max(10, size.columns - fieldLeft - 3)
        // Long scanned links scroll so the caret stays in view.
        let text = screen.field.text
        let fits = CellWidth.of(text) < fieldWidth
        let visible = fits ? text : "…" + String(text.suffix(fieldWidth - 2))
        painter.cell(visible, row: 6, column: fieldLeft, width: fieldWidth, style: painter.theme.input)
        let caret = fits ? screen.field.caretColumn : CellWidth.of(visible)
        painter.text("▏", row: 6, column: fieldLeft + min(caret, fieldWidth - 1), style: painter.theme.input)
        switch screen.message {
        case .notFound(let query)?:
            painter.text(
                "Not found: no statement \"\(query)\" in \(state.identity.scope.tenants == nil ? "any tenant" : "your tenants").",
                row: 8, column: 2, width: size.columns - 4, style: painter.theme.warning)
        case .rejected(let reason)?:
            painter.text("Rejected. \(reason)", row: 8, column: 2, width: size.columns - 4, style: painter.theme.error)
        case nil:
            if let loading = state.loading, loading.label == "lookup" {
                painter.text("Looking…", row: 8, column: 2, style: painter.theme.muted)
            }
        }
    }
}

/// The stored item behind a row, as JSON.
enum InspectorView {
    static func draw(_ screen: InspectorScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let format = screen.typed ? "DynamoDB JSON" : "plain JSON"
        let cost =
            "GetItem \(Format.units(screen.item.readCapacityUnits)) RCU · \(Format.count(screen.item.sizeBytes)) bytes"
        painter.box(
            top: 1, left: 0, height: size.rows - 2, width: size.columns, title: "\(screen.title) · \(screen.item.key)",
            topRight: format, bottomRight: cost)
        let lines = screen.lines
        for (offset, line) in lines.dropFirst(screen.top).prefix(Layout.textRows(size)).enumerated() {
            painter.text(line, row: 2 + offset, column: 2, width: size.columns - 4, style: painter.theme.text)
        }
    }
}

/// Keys and commands, generated from the key registry.
enum HelpView {
    static func lines(for screen: HelpScreen, isAdmin: Bool) -> [(String, String)] {
        var lines: [(String, String)] = []
        var lastContext: KeyContext?
        for binding in KeyRegistry.bindings(in: screen.contexts, isAdmin: isAdmin) {
            if binding.context != lastContext {
                if lastContext != nil { lines.append(("", "")) }
                lines.append(("#", binding.context.title))
                lastContext = binding.context
            }
            lines.append((binding.keyLabel, binding.summary))
        }
        lines.append(("", ""))
        lines.append(("#", "Commands (: then Tab completes, ↑ ↓ walk the history)"))
        for command in LineCommand.all {
            let name = ":" + command.name + (command.argument.map { " " + $0 } ?? "")
            let aliases =
                command.aliases.isEmpty ? "" : " (also \(command.aliases.map { ":" + $0 }.joined(separator: " ")))"
            lines.append((name, command.summary + aliases))
        }
        return lines
    }

    static func draw(_ screen: HelpScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        painter.box(
            top: 1, left: 0, height: size.rows - 2, width: size.columns, title: "Help", topRight: "read-only console")
        let lines = lines(for: screen, isAdmin: state.identity.isAdmin)
        for (offset, line) in lines.dropFirst(screen.top).prefix(Layout.textRows(size)).enumerated() {
            let row = 2 + offset
            if line.0 == "#" {
                painter.text(line.1, row: row, column: 2, width: size.columns - 4, style: painter.theme.title)
            } else {
                painter.cell(line.0, row: row, column: 3, width: 22, style: painter.theme.hintKey)
                painter.text(line.1, row: row, column: 26, width: size.columns - 28, style: painter.theme.text)
            }
        }
    }
}
