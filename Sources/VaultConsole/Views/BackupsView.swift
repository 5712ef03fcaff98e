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
            bottomRight: "restore: vaultdesk backup restore ARN --to NEW-TABLE")
        guard screen.loaded else {
            painter.text("Reading the backups…", row: 3, column: 2, style: painter.theme.muted)
            return
        }
        guard !screen.backups.isEmpty else {
            painter.text(
                "No backups yet: vaultdesk backup create TABLE, or CreateBackup through vaultdesk serve.", row: 3,
                column: 2, width: size.columns - 4, style: painter.theme.muted)
            return
        }
        let columns = [
            Column(title: "CREATED (UTC)", width: 20), Column(title: "TABLE", width: 14, priority: 5),
            Column(title: "NAME", width: 20, flexible: true), Column(title: "ITEMS", width: 10, alignRight: true),
            Column(title: "BYTES", width: 12, alignRight: true, priority: 4),
            Column(title: "ARN", width: 30, flexible: true, priority: 2),
        ]
        let visible = Layout.textRows(size) - 1
        let rows = screen.backups.dropFirst(screen.top).prefix(visible).map { backup in
            [
                timestamp(backup.createdAt), backup.table, backup.name, Format.count(Int(backup.itemCount)),
                Format.count(Int(backup.sizeBytes)), backup.arn,
            ]
        }
        painter.table(
            top: 2, left: 1, width: size.columns - 2, height: visible + 1, columns: columns, rows: Array(rows),
            selected: screen.selection - screen.top)
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
