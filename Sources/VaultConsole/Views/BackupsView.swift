import Foundation
import VaultRepository

/// The store's backups as a table, newest last, with how to restore the selected one.
enum BackupsView {
    static func draw(_ screen: BackupsScreen, _ state: ConsoleState, _ painter: Painter) {
        let size = painter.size
        let total = screen.backups.reduce(Int64(0)) { $0 + $1.sizeBytes }
        painter.box(
            top: 1, left: 0, height: size.rows - 2, width: size.columns, title: "Backups",
            topRight: "\(screen.backups.count) · \(Format.count(Int(total))) bytes",
            bottomRight: "vaultdesk backup restore ARN --to NEW · vaultdesk recovery restore")
        guard screen.loaded else {
            painter.text("Reading the backups…", row: 3, column: 2, style: painter.theme.muted)
            return
        }
        // Each table's point-in-time recovery window, then the backups.
        let recoveryRows = min(screen.recovery.count, 3)
        for (offset, window) in screen.recovery.prefix(recoveryRows).enumerated() {
            painter.text(
                recoveryLine(window), row: 2 + offset, column: 2, width: size.columns - 4,
                style: window.enabled ? painter.theme.text : painter.theme.muted)
        }
        let top = 2 + recoveryRows + (recoveryRows > 0 ? 1 : 0)
        guard !screen.backups.isEmpty else {
            painter.text(
                "No backups yet: vaultdesk backup create TABLE, or CreateBackup through vaultdesk serve.", row: top + 1,
                column: 2, width: size.columns - 4, style: painter.theme.muted)
            return
        }
        let columns = [
            Column(title: "CREATED (UTC)", width: 20), Column(title: "TABLE", width: 14, priority: 5),
            Column(title: "NAME", width: 20, flexible: true), Column(title: "ITEMS", width: 10, alignRight: true),
            Column(title: "BYTES", width: 12, alignRight: true, priority: 4),
            Column(title: "ARN", width: 30, flexible: true, priority: 2),
        ]
        let visible = max(1, Layout.textRows(size) - 1 - (top - 2))
        let rows = screen.backups.dropFirst(screen.top).prefix(visible).map { backup in
            [
                timestamp(backup.createdAt), backup.table, backup.name, Format.count(Int(backup.itemCount)),
                Format.count(Int(backup.sizeBytes)), backup.arn,
            ]
        }
        painter.table(
            top: top, left: 1, width: size.columns - 2, height: visible + 1, columns: columns, rows: Array(rows),
            selected: screen.selection - screen.top)
    }

    /// `vaultdesk  point-in-time recovery on, 35 days: 2026-11-29 09:00:00 to 2026-11-29 12:00:00`
    static func recoveryLine(_ window: RecoveryWindow) -> String {
        guard window.enabled, let earliest = window.earliest, let latest = window.latest else {
            return "\(window.table)  point-in-time recovery off (vaultdesk recovery enable \(window.table))"
        }
        let days = window.recoveryPeriodInDays ?? 35
        return
            "\(window.table)  point-in-time recovery on, \(days) days: restorable from \(timestamp(earliest)) to \(timestamp(latest))"
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
