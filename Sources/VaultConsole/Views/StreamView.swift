import Foundation
import VaultRepository

/// The live stream: a rate line with a sparkline, and the newest events first.
enum StreamView {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func draw(_ stream: StreamScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let theme = painter.theme
        let height = size.rows - 2
        painter.box(
            top: 1, left: 0, height: height, width: size.columns, title: "Live stream",
            topRight: "filter: \(stream.filter.label)",
            bottomRight: "\(Format.count(stream.events.count)) kept of \(Format.count(StreamScreen.capacity))")
        // The rate line: following or paused, events per second, and the last minute, a second a bar.
        let status =
            stream.paused
            ? "‖ paused · \(Format.count(stream.heldCount)) new"
            : stream.live ? "● following" : stream.ended == nil ? "○ connecting" : "✗ stopped"
        var column = 2
        column += painter.text(status, row: 2, column: column, style: stream.paused ? theme.warning : theme.success)
        column += painter.text(" · \(Format.count(stream.rate)) ev/s  ", row: 2, column: column, style: theme.muted)
        painter.text(sparkline(stream.perSecond), row: 2, column: column, style: theme.title)
        let visible = stream.visible
        let rows = Layout.listRows(.stream(stream), size)
        let top = max(0, stream.selection - rows + 1)
        let names = Dictionary(
            state.knownTenants.map { ($0.tenant.id, $0.tenant.name) }, uniquingKeysWith: { first, _ in first })
        let columns = [
            Column(title: "TIME (UTC)", width: 12), Column(title: "TENANT", width: 16, flexible: true, priority: 2),
            Column(title: "ENTITY", width: 11), Column(title: "EVENT", width: 6),
            Column(title: "KEY / SUMMARY", width: 20, flexible: true),
        ]
        let shown = Array(visible.dropFirst(top).prefix(rows))
        let values = shown.map { event -> [String] in
            let tenant = event.byTTL ? "(ttl)" : event.tenantId.map { names[$0] ?? $0 } ?? "(platform)"
            let summary = event.byTTL ? "expired · \(event.summary)" : event.summary
            return [
                time(event.time), tenant, event.entityType.lowercased(), event.kind.rawValue,
                summary.isEmpty ? event.key : summary,
            ]
        }
        let styles = shown.map { event -> Style? in
            switch event.kind {
            case .insert: theme.eventInsert
            case .modify: theme.eventModify == theme.text ? nil : theme.eventModify
            case .remove: theme.eventRemove
            }
        }
        painter.table(
            top: 3, left: 1, width: size.columns - 2, height: height - 3, columns: columns, rows: values,
            selected: visible.isEmpty ? nil : stream.selection - top, rowStyle: { styles[$0] })
        if visible.isEmpty {
            let message =
                stream.ended
                ?? (stream.events.isEmpty
                    ? "Waiting for changes… (vaultdesk simulate makes some)" : "No event matches the filter.")
            painter.text(message, row: 5, column: 2, style: stream.ended == nil ? theme.muted : theme.error)
        }
    }

    /// Bars for counts, scaled to the largest.
    static func sparkline<C: Collection>(_ counts: C) -> String where C.Element == Int {
        let peak = max(1, counts.max() ?? 1)
        return String(counts.map { $0 == 0 ? " " : bars[min(bars.count - 1, $0 * bars.count / (peak + 1))] })
    }

    /// `12:04:11.204` in UTC.
    static func time(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded(.down))
        let stamp = CivilCalendar.timestamp(milliseconds: milliseconds)
        let characters = Array(stamp)
        return characters.count >= 23 ? String(characters[11..<23]) : stamp
    }
}

/// One change event: what changed, then the old and new images.
enum EventView {
    static func draw(_ screen: EventScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        painter.box(
            top: 1, left: 0, height: size.rows - 2, width: size.columns,
            title:
                "\(screen.event.entityType.capitalized) \(screen.event.kind.rawValue) · \(StreamView.time(screen.event.time))",
            topRight: screen.event.tenantId ?? "platform")
        for (offset, line) in screen.lines.dropFirst(screen.top).prefix(Layout.textRows(size)).enumerated() {
            let style = line.hasSuffix(":") && !line.hasPrefix(" ") ? painter.theme.title : painter.theme.text
            painter.text(line, row: 2 + offset, column: 2, width: size.columns - 4, style: style)
        }
    }
}
