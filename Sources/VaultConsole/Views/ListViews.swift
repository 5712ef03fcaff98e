import VaultRepository

/// The tenant list.
enum TenantsView {
    static let columns = [
        Column(title: "NAME", width: 18, flexible: true),
        Column(title: "DOMAIN", width: 20, flexible: true, priority: 2),
        Column(title: "CUR", width: 3),
        Column(title: "STATEMENTS", width: 10, alignRight: true, priority: 4),
        Column(title: "PAYMENTS", width: 9, alignRight: true),
        Column(title: "CERTS", width: 5, alignRight: true, priority: 3),
        Column(title: "STATUS", width: 10),
    ]

    static func draw(_ screen: TenantsScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let rows = screen.visible
        let height = size.rows - 2
        var right = screen.sort == .activity ? "by activity" : ""
        if screen.filtering || !screen.filter.text.isEmpty {
            right = "/ filter: \(screen.filter.text)\(screen.filtering ? "▏" : "")"
        }
        let visibleRows = Layout.listRows(.tenants(screen), size)
        let shown = Array(rows.dropFirst(screen.top).prefix(visibleRows))
        let range =
            rows.isEmpty
            ? "0 of 0" : "\(screen.top + 1)-\(screen.top + shown.count) of \(rows.count)\(screen.complete ? "" : "+")"
        painter.box(
            top: 1, left: 0, height: height, width: size.columns,
            title: "Tenants (\(Format.count(screen.all.count))\(screen.complete ? "" : "…"))",
            topRight: right, bottomRight: range)
        if rows.isEmpty {
            let message =
                !screen.complete && state.loading != nil
                ? "Loading tenants…"
                : screen.all.isEmpty ? "No tenants in your scope." : "No tenant matches \"\(screen.filter.text)\"."
            painter.text(message, row: 3, column: 2, style: painter.theme.muted)
        }
        painter.table(
            top: 2, left: 1, width: size.columns - 2, height: height - 2, columns: columns,
            rows: shown.map(values), selected: screen.selection - screen.top)
    }

    static func values(_ row: TenantRow) -> [String] {
        let activity = row.activity
        return [
            row.tenant.name, row.tenant.domain, row.tenant.currency.code,
            activity.map { Format.count($0.statements) } ?? "–", activity.map { Format.count($0.payments) } ?? "–",
            activity.map { Format.count($0.certificates) } ?? "–", row.tenant.status.rawValue.lowercased(),
        ]
    }
}

/// A tenant: its branding, its tabs and the current tab's list.
enum TenantView {
    static func draw(_ screen: TenantScreen, _ state: ConsoleState, _ painter: Painter) {
        let tenant = screen.tenant
        // The tenant's own colour, unless the theme draws without colour.
        let colored = painter.theme.title.foreground != .terminalDefault
        let accent = Style(
            foreground: colored
                ? TerminalColor(hex: tenant.accentColor) ?? painter.theme.title.foreground : .terminalDefault,
            bold: true)
        var column = painter.text("▌ ", row: 1, column: 0, style: accent)
        column += painter.text(tenant.displayName, row: 1, column: column, style: accent)
        painter.text(
            "  \(tenant.domain) · \(tenant.currency.code) · \(tenant.status.rawValue.lowercased()) · id \(tenant.id)",
            row: 1, column: column, style: painter.theme.muted)
        column = 1
        for tab in TenantTab.allCases {
            let label = " \(tab.rawValue) "
            column += painter.text(
                label, row: 2, column: column,
                style: tab == screen.tab ? painter.theme.tabActive : painter.theme.tabInactive)
            column += 1
        }
        PagedListView.draw(screen.list, title: title(screen), top: 3, state, painter)
    }

    static func title(_ screen: TenantScreen) -> String {
        switch screen.list.source {
        case .payments(_, _, let selection) where !selection.label.isEmpty: "Payments · \(selection.label)"
        case .certificates(_, let selection) where selection != .all: "Certificates · \(selection.label)"
        default: screen.tab.rawValue
        }
    }
}

/// The payments of one statement, on a screen of their own.
enum ListView {
    static func draw(_ screen: ListScreen, _ state: ConsoleState, _ painter: Painter) {
        var title = screen.title
        if case .payments(_, _, let selection) = screen.list.source, !selection.label.isEmpty {
            title += " · \(selection.label)"
        }
        PagedListView.draw(screen.list, title: title, top: 1, state, painter)
    }
}

/// A page of a paged list in a frame, with its columns chosen by what the rows are.
enum PagedListView {
    static func draw(_ list: PagedList, title: String, top: Int, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let height = size.rows - 1 - top
        var position = "page \(list.pageNumber)"
        if list.hasNext { position += " · pgdn more" }
        if list.hasPrevious { position += " · pgup back" }
        painter.box(
            top: top, left: 0, height: height, width: size.columns, title: title,
            bottomRight: list.loaded ? position : nil)
        guard list.loaded else {
            painter.text("Loading…", row: top + 2, column: 2, style: painter.theme.muted)
            return
        }
        if list.rows.isEmpty {
            painter.text("Nothing here.", row: top + 2, column: 2, style: painter.theme.muted)
        }
        let (columns, rows, styles) = table(for: list, state, painter.theme)
        painter.table(
            top: top + 1, left: 1, width: size.columns - 2, height: height - 2, columns: columns, rows: rows,
            selected: list.rows.isEmpty ? nil : list.selection, rowStyle: { styles[$0] })
    }

    static func table(for list: PagedList, _ state: ConsoleState, _ theme: Theme) -> ([Column], [[String]], [Style?]) {
        switch list.source {
        case .statements:
            let columns = [
                Column(title: "REFERENCE", width: 20), Column(title: "CUSTOMER", width: 12, flexible: true),
                Column(title: "PERIOD", width: 7, priority: 2), Column(title: "DUE", width: 10, priority: 3),
                Column(title: "AMOUNT", width: 14, alignRight: true),
                Column(title: "PAID", width: 14, alignRight: true, priority: 1),
                Column(title: "STATUS", width: 14),
            ]
            let rows = list.rows.map { row -> [String] in
                guard case .statement(let s) = row else { return [] }
                return [
                    s.reference, s.customerName, s.period, s.dueDate, Format.money(s.amountDue),
                    Format.amount(s.amountPaid), Format.lower(s.status.rawValue),
                ]
            }
            let styles = list.rows.map { row -> Style? in
                guard case .statement(let s) = row else { return nil }
                return s.status == .overdue ? theme.warning : nil
            }
            return (columns, rows, styles)
        case .payments:
            let columns = [
                Column(title: "RECEIVED (UTC)", width: 16), Column(title: "METHOD", width: 13),
                Column(title: "AMOUNT", width: 16, alignRight: true), Column(title: "STATUS", width: 9),
                Column(title: "PAYMENT", width: 10, flexible: true, priority: 2),
                Column(title: "TX", width: 10, priority: 1),
            ]
            let rows = list.rows.map { row -> [String] in
                guard case .payment(let p) = row else { return [] }
                return [
                    Format.minute(p.receivedAt), Format.lower(p.method.rawValue), Format.money(p.amount),
                    Format.lower(p.status.rawValue),
                    p.id, Format.short(p.transactionHash),
                ]
            }
            let styles = list.rows.map { row -> Style? in
                guard case .payment(let p) = row else { return nil }
                return p.status == .failed
                    ? theme.error : p.status == .refunded || p.status == .pending ? theme.warning : nil
            }
            return (columns, rows, styles)
        case .certificates(_, let selection):
            let window: Int = if case .expiring(let days) = selection { days } else { 90 }
            let soon = CivilCalendar.days(of: state.today).map { CivilCalendar.date(days: $0 + window) } ?? state.today
            let columns = [
                Column(title: "NUMBER", width: 20), Column(title: "ISO", width: 5),
                Column(title: "ORGANISATION", width: 14, flexible: true),
                Column(title: "ISSUER", width: 12, flexible: true, priority: 1),
                Column(title: "EXPIRES", width: 10), Column(title: "STATUS", width: 9),
            ]
            let rows = list.rows.map { row -> [String] in
                guard case .certificate(let c) = row else { return [] }
                return [c.number, c.standard, c.organization, c.issuer, c.expiryDate, Format.lower(c.status.rawValue)]
            }
            let styles = list.rows.map { row -> Style? in
                guard case .certificate(let c) = row else { return nil }
                if c.status != .valid || c.expiryDate < state.today { return theme.muted }
                return c.expiryDate <= soon ? theme.warning : nil
            }
            return (columns, rows, styles)
        case .users:
            let columns = [
                Column(title: "EMAIL", width: 20, flexible: true), Column(title: "NAME", width: 16, flexible: true),
                Column(title: "ROLE", width: 8), Column(title: "ID", width: 10, priority: 1),
            ]
            let rows = list.rows.map { row -> [String] in
                guard case .user(let u) = row else { return [] }
                return [u.email, u.name, u.role.rawValue.lowercased(), u.id]
            }
            return (columns, rows, rows.map { _ in nil })
        case .audit:
            let columns = [
                Column(title: "AT (UTC)", width: 16), Column(title: "ACTOR", width: 14, flexible: true),
                Column(title: "ACTION", width: 17), Column(title: "ENTITY", width: 14, flexible: true, priority: 2),
                Column(title: "VIA", width: 9),
            ]
            let rows = list.rows.map { row -> [String] in
                guard case .auditEvent(let e) = row else { return [] }
                return [
                    Format.minute(e.at), e.actor, Format.lower(e.action), "\(e.entityType.lowercased()) \(e.entityId)",
                    e.via,
                ]
            }
            return (columns, rows, rows.map { _ in nil })
        }
    }
}

extension TerminalColor {
    /// `#RRGGBB` as a colour; nil for anything else.
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }
}
