/// Where things go on the screen, shared by the update function (how many rows a page holds) and
/// the views (where to draw them), so the two agree.
enum Layout {
    /// The smallest terminal the console lays out for; below it a message asks for more room.
    static let minimum = TerminalSize(columns: 60, rows: 12)

    /// Rows a list shows at once: the screen less the breadcrumb and hint lines, the frame, the
    /// column header, and on a tenant the branding line and tab bar (on the live stream, its rate line).
    static func listRows(_ screen: Screen, _ size: TerminalSize) -> Int {
        switch screen {
        case .tenant: max(1, size.rows - 7)
        case .stream: max(1, size.rows - 6)
        default: max(1, size.rows - 5)
        }
    }

    /// Result rows the query screen shows at once, below its statement line and header.
    static func queryRows(_ size: TerminalSize) -> Int { max(1, size.rows - 9) }

    /// Rows of text the inspector and help show at once.
    static func textRows(_ size: TerminalSize) -> Int { max(1, size.rows - 4) }
}
