/// The styles of each area of the screen. `dark` is built in, so the console always has colours;
/// the themes in `themes/*.toml` are loaded by `ThemeCatalog`.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var text: Style
    public var frame: Style
    public var title: Style
    public var breadcrumbs: Style
    public var statusBar: Style
    public var tableHeader: Style
    public var selectedRow: Style
    public var zebraRow: Style
    public var muted: Style
    public var error: Style
    public var warning: Style
    public var success: Style
    public var hintKey: Style
    public var hint: Style
    public var tabActive: Style
    public var tabInactive: Style
    public var input: Style
    /// The QR code: light modules are drawn as blocks, so this wants a light foreground.
    public var qr: Style
    public var eventInsert: Style = Style(foreground: .indexed(114))
    public var eventModify: Style = .plain
    public var eventRemove: Style = Style(foreground: .indexed(214))

    public static let defaultName = "dark"

    public static let dark = Theme(
        name: "dark", text: .plain, frame: Style(foreground: .indexed(244)),
        title: Style(foreground: .indexed(75), bold: true),
        breadcrumbs: Style(foreground: .indexed(252), bold: true), statusBar: Style(foreground: .indexed(246)),
        tableHeader: Style(foreground: .indexed(250), bold: true),
        selectedRow: Style(foreground: .indexed(231), background: .indexed(24), bold: true),
        zebraRow: Style(background: .indexed(235)), muted: Style(foreground: .indexed(245)),
        error: Style(foreground: .indexed(203), bold: true), warning: Style(foreground: .indexed(214)),
        success: Style(foreground: .indexed(114)), hintKey: Style(foreground: .indexed(75), bold: true),
        hint: Style(foreground: .indexed(246)),
        tabActive: Style(foreground: .indexed(231), background: .indexed(24), bold: true),
        tabInactive: Style(foreground: .indexed(246)),
        input: Style(foreground: .indexed(231), underline: true),
        qr: Style(foreground: .indexed(231), background: .indexed(16)))

    /// The areas a theme file styles, by the names the files use.
    public static let areaNames = [
        "text", "frame", "title", "breadcrumbs", "status_bar", "table_header", "selected_row", "zebra_row", "muted",
        "error", "warning", "success", "hint_key", "hint", "tab_active", "tab_inactive", "input", "qr",
        "event_insert", "event_modify", "event_remove",
    ]

    /// Sets one area's style; false for a name that is not an area.
    mutating func set(area: String, to style: Style) -> Bool {
        switch area {
        case "text": text = style
        case "frame": frame = style
        case "title": title = style
        case "breadcrumbs": breadcrumbs = style
        case "status_bar": statusBar = style
        case "table_header": tableHeader = style
        case "selected_row": selectedRow = style
        case "zebra_row": zebraRow = style
        case "muted": muted = style
        case "error": error = style
        case "warning": warning = style
        case "success": success = style
        case "hint_key": hintKey = style
        case "hint": hint = style
        case "tab_active": tabActive = style
        case "tab_inactive": tabInactive = style
        case "input": input = style
        case "qr": qr = style
        case "event_insert": eventInsert = style
        case "event_modify": eventModify = style
        case "event_remove": eventRemove = style
        default: return false
        }
        return true
    }
}
