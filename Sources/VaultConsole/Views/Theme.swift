/// The styles of each area of the screen. The console ships a few built in; a theme names them.
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

    public static let defaultName = "dark"

    public static let dark = Theme(
        name: "dark", text: .plain, frame: Style(foreground: .indexed(244)), title: Style(foreground: .indexed(75), bold: true),
        breadcrumbs: Style(foreground: .indexed(252), bold: true), statusBar: Style(foreground: .indexed(246)),
        tableHeader: Style(foreground: .indexed(250), bold: true), selectedRow: Style(foreground: .indexed(231), background: .indexed(24), bold: true),
        zebraRow: Style(background: .indexed(235)), muted: Style(foreground: .indexed(245)),
        error: Style(foreground: .indexed(203), bold: true), warning: Style(foreground: .indexed(214)),
        success: Style(foreground: .indexed(114)), hintKey: Style(foreground: .indexed(75), bold: true), hint: Style(foreground: .indexed(246)),
        tabActive: Style(foreground: .indexed(231), background: .indexed(24), bold: true), tabInactive: Style(foreground: .indexed(246)),
        input: Style(foreground: .indexed(231), underline: true), qr: Style(foreground: .indexed(231), background: .indexed(16)))

    public static let light = Theme(
        name: "light", text: .plain, frame: Style(foreground: .indexed(244)), title: Style(foreground: .indexed(25), bold: true),
        breadcrumbs: Style(foreground: .indexed(236), bold: true), statusBar: Style(foreground: .indexed(240)),
        tableHeader: Style(foreground: .indexed(236), bold: true), selectedRow: Style(foreground: .indexed(16), background: .indexed(153), bold: true),
        zebraRow: Style(background: .indexed(255)), muted: Style(foreground: .indexed(242)),
        error: Style(foreground: .indexed(160), bold: true), warning: Style(foreground: .indexed(130)),
        success: Style(foreground: .indexed(28)), hintKey: Style(foreground: .indexed(25), bold: true), hint: Style(foreground: .indexed(240)),
        tabActive: Style(foreground: .indexed(16), background: .indexed(153), bold: true), tabInactive: Style(foreground: .indexed(240)),
        input: Style(foreground: .indexed(16), underline: true), qr: Style(foreground: .indexed(231), background: .indexed(16)))

    /// No colour at all: bold, dim, underline and reverse only.
    public static let mono = Theme(
        name: "mono", text: .plain, frame: .plain, title: Style(bold: true), breadcrumbs: Style(bold: true), statusBar: .plain,
        tableHeader: Style(bold: true, underline: true), selectedRow: Style(reverse: true), zebraRow: .plain, muted: Style(dim: true),
        error: Style(bold: true, reverse: true), warning: Style(bold: true), success: .plain, hintKey: Style(bold: true), hint: .plain,
        tabActive: Style(reverse: true), tabInactive: .plain, input: Style(underline: true), qr: .plain)

    static let builtIn: [Theme] = [dark, light, mono]

    public static var names: [String] { builtIn.map(\.name) }

    public static func named(_ name: String) -> Theme? {
        builtIn.first { $0.name == name.lowercased() }
    }
}
