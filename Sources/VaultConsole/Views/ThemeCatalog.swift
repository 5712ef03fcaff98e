import Foundation
import TOMLKit

/// Why a theme file was refused: the file, the key, and what is wrong with it.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var message: String

    public var description: String {
        "\(file)\(key.map { ": \($0)" } ?? ""): \(message)"
    }
}

/// The themes the console can use: the built-in `dark`, and every `*.toml` in a themes folder.
///
/// A theme file has a `[palette]` of named colours, `inherits` naming another theme, and a
/// `[styles]` table of areas (`title = { fg = "blue", bold = true }`). Colours are palette names,
/// `#RRGGBB`, palette indexes 0–255, the basic names (`red`, `bright-blue`, …) or `default`
/// (the terminal's own). An area the file does not style is its parent's, or the built-in one.
public struct ThemeCatalog: Hashable, Sendable {
    public private(set) var themes: [String: Theme]
    /// Theme files that were skipped, with why: one bad file in the folder does not stop the
    /// console, and a theme asked for by name that is here fails with its own error.
    public private(set) var problems: [String: ThemeError] = [:]

    /// How deep `inherits` may chain: deep enough for any real family of themes, and a bound on
    /// the work a folder of files can ask for.
    public static let maxInheritanceDepth = 32

    public init() {
        themes = [Theme.dark.name: .dark]
    }

    public var names: [String] { themes.keys.sorted() }

    public func theme(named name: String) -> Theme? { themes[name.lowercased()] }

    /// Why a theme file of that name was skipped, if it was.
    public func problem(named name: String) -> ThemeError? { problems[name.lowercased()] }

    /// Where the bundled themes are looked for: `$VAULTDESK_THEMES`, `./themes`, and `themes/`
    /// beside or above the executable (a build folder inside the source tree, or an install prefix).
    public static func defaultFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var folders: [URL] = []
        if let configured = environment["VAULTDESK_THEMES"], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured))
        }
        folders.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            folders.append(directory.appendingPathComponent("themes"))
            folders.append(directory.appendingPathComponent("share/vaultdesk/themes"))
            directory.deleteLastPathComponent()
        }
        return folders
    }

    /// Loads the first folder that exists; invalid files are skipped and listed in `problems`.
    public static func load(from folders: [URL] = defaultFolders()) -> ThemeCatalog {
        for folder in folders where FileManager.default.fileExists(atPath: folder.path) {
            return load(folder: folder)
        }
        return ThemeCatalog()
    }

    public static func load(folder: URL) -> ThemeCatalog {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".toml")
        }.sorted()
        var files: [(name: String, path: String, text: String?)] = []
        for name in names {
            let path = folder.appendingPathComponent(name).path
            files.append((String(name.dropLast(5)), path, try? String(contentsOfFile: path, encoding: .utf8)))
        }
        return load(files: files)
    }

    /// Loads themes from their texts (nil: the file could not be read as UTF-8); names are file
    /// names without `.toml`. Each theme is resolved once, so a chain costs its length.
    public static func load(files: [(name: String, path: String, text: String?)]) -> ThemeCatalog {
        var catalog = ThemeCatalog()
        var definitions: [String: ThemeDefinition] = [:]
        for file in files {
            let name = file.name.lowercased()
            guard let text = file.text else {
                catalog.problems[name] = ThemeError(file: file.path, key: nil, message: "cannot be read as UTF-8 text")
                continue
            }
            do {
                definitions[name] = try ThemeDefinition(parsing: text, file: file.path)
            } catch {
                catalog.problems[name] = error
            }
        }
        var resolver = Resolver(definitions: definitions, problems: catalog.problems)
        for name in definitions.keys.sorted() {
            do {
                catalog.themes[name] = try resolver.resolve(name).theme
            } catch {
                catalog.problems[name] = error
            }
        }
        return catalog
    }

    /// Resolves `inherits` chains with memory: every theme is built once from its parent.
    private struct Resolver {
        let definitions: [String: ThemeDefinition]
        /// Files that did not parse: a theme inheriting from one fails too.
        let problems: [String: ThemeError]
        var resolved: [String: (theme: Theme, palette: [String: TerminalColor])] = [:]

        mutating func resolve(_ name: String) throws(ThemeError) -> (theme: Theme, palette: [String: TerminalColor]) {
            if let done = resolved[name] { return done }
            // Walk up to the first theme already resolved (or the built-in one), then come back
            // down building each theme on its parent.
            var chain: [String] = []
            var current = name
            while resolved[current] == nil, let definition = definitions[current] {
                if let loop = chain.firstIndex(of: current) {
                    throw ThemeError(
                        file: definition.file, key: "inherits",
                        message: "inheritance loop: \((chain[loop...] + [current]).joined(separator: " → "))")
                }
                chain.append(current)
                guard chain.count <= ThemeCatalog.maxInheritanceDepth else {
                    throw ThemeError(
                        file: definitions[name]?.file ?? definition.file, key: "inherits",
                        message: "inherits through more than \(ThemeCatalog.maxInheritanceDepth) themes")
                }
                guard let parent = definition.inherits else { break }
                guard definitions[parent] != nil || parent == Theme.dark.name else {
                    let why = problems[parent].map { " (\($0.file) was skipped)" } ?? ""
                    throw ThemeError(
                        file: definition.file, key: "inherits",
                        message: "no theme named \(parent) to inherit from\(why)")
                }
                current = parent
            }
            for member in chain.reversed() {
                guard let definition = definitions[member] else { continue }
                let parent = definition.inherits.flatMap { resolved[$0] } ?? (Theme.dark, [:])
                resolved[member] = try Self.build(member, definition, on: parent)
            }
            return resolved[name] ?? (Theme.dark, [:])
        }

        static func build(
            _ name: String, _ definition: ThemeDefinition, on parent: (theme: Theme, palette: [String: TerminalColor])
        )
            throws(ThemeError) -> (theme: Theme, palette: [String: TerminalColor])
        {
            var palette = parent.palette
            for (key, value) in definition.palette {
                palette[key] = try color(value, palette: [:], file: definition.file, key: "palette.\(key)")
            }
            var theme = parent.theme
            theme.name = name
            for (area, spec) in definition.styles.sorted(by: { $0.key < $1.key }) {
                var style = Style()
                if let fg = spec.fg {
                    style.foreground = try color(fg, palette: palette, file: definition.file, key: "styles.\(area).fg")
                }
                if let bg = spec.bg {
                    style.background = try color(bg, palette: palette, file: definition.file, key: "styles.\(area).bg")
                }
                style.bold = spec.bold
                style.dim = spec.dim
                style.underline = spec.underline
                style.reverse = spec.reverse
                _ = theme.set(area: area, to: style)
            }
            return (theme, palette)
        }
    }

    static let basicColors = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// A colour as a file writes it.
    static func color(
        _ value: ThemeDefinition.ColorValue, palette: [String: TerminalColor], file: String, key: String
    ) throws(ThemeError) -> TerminalColor {
        switch value {
        case .index(let index):
            guard (0...255).contains(index) else {
                throw ThemeError(file: file, key: key, message: "colour index \(index) is not 0–255")
            }
            return .indexed(UInt8(index))
        case .text(let text):
            let lowered = text.lowercased()
            if lowered == "default" { return .terminalDefault }
            if let named = palette[text] { return named }
            if let hex = TerminalColor(hex: lowered) { return hex }
            if let basic = basicColors.firstIndex(of: lowered) { return .indexed(UInt8(basic)) }
            if lowered.hasPrefix("bright-"), let basic = basicColors.firstIndex(of: String(lowered.dropFirst(7))) {
                return .indexed(UInt8(basic + 8))
            }
            throw ThemeError(
                file: file, key: key,
                message:
                    "\"\(text)\" is not a colour: use a palette name, #RRGGBB, 0–255, a basic colour name or default")
        }
    }
}

/// A theme file as written, checked key by key.
struct ThemeDefinition: Sendable {
    enum ColorValue: Sendable {
        case text(String)
        case index(Int)
    }

    struct StyleSpec: Sendable {
        var fg: ColorValue?
        var bg: ColorValue?
        var bold = false
        var dim = false
        var underline = false
        var reverse = false
    }

    var file: String
    var inherits: String?
    var palette: [String: ColorValue] = [:]
    var styles: [String: StyleSpec] = [:]

    static let topLevelKeys: Set<String> = ["name", "description", "inherits", "palette", "styles"]
    static let styleKeys: Set<String> = ["fg", "bg", "bold", "dim", "underline", "reverse"]

    init(parsing text: String, file: String) throws(ThemeError) {
        self.file = file
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(
                file: file, key: nil,
                message:
                    "not valid TOML at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)"
            )
        } catch {
            throw ThemeError(file: file, key: nil, message: "not valid TOML: \(error)")
        }
        for key in table.keys where !Self.topLevelKeys.contains(key) {
            throw ThemeError(
                file: file, key: key,
                message: "unknown key; a theme has \(Self.topLevelKeys.sorted().joined(separator: ", "))")
        }
        if let value = table["inherits"] {
            guard let parent = value.string else {
                throw ThemeError(file: file, key: "inherits", message: "must be a theme name in quotes")
            }
            inherits = parent.lowercased()
        }
        if let value = table["palette"] {
            guard let palette = value.table else {
                throw ThemeError(file: file, key: "palette", message: "must be a table of named colours")
            }
            for key in palette.keys {
                self.palette[key] = try Self.colorValue(palette[key], file: file, key: "palette.\(key)")
            }
        }
        if let value = table["styles"] {
            guard let styles = value.table else {
                throw ThemeError(file: file, key: "styles", message: "must be a table of areas")
            }
            for area in styles.keys {
                guard Theme.areaNames.contains(area) else {
                    throw ThemeError(
                        file: file, key: "styles.\(area)",
                        message: "unknown area; areas are \(Theme.areaNames.joined(separator: ", "))")
                }
                guard let spec = styles[area]?.table else {
                    throw ThemeError(
                        file: file, key: "styles.\(area)",
                        message: "must be a table such as { fg = \"blue\", bold = true }")
                }
                var style = StyleSpec()
                for key in spec.keys {
                    let name = "styles.\(area).\(key)"
                    switch key {
                    case "fg": style.fg = try Self.colorValue(spec[key], file: file, key: name)
                    case "bg": style.bg = try Self.colorValue(spec[key], file: file, key: name)
                    case "bold", "dim", "underline", "reverse":
                        guard let flag = spec[key]?.bool else {
                            throw ThemeError(file: file, key: name, message: "must be true or false")
                        }
                        switch key {
                        case "bold": style.bold = flag
                        case "dim": style.dim = flag
                        case "underline": style.underline = flag
                        default: style.reverse = flag
                        }
                    default:
                        throw ThemeError(
                            file: file, key: name,
                            message: "unknown key; a style has \(Self.styleKeys.sorted().joined(separator: ", "))")
                    }
                }
                self.styles[area] = style
            }
        }
    }

    static func colorValue(
        _ value: (any TOMLValueConvertible)?, file: String, key: String
    ) throws(ThemeError) -> ColorValue {
        if let text = value?.string { return .text(text) }
        if let index = value?.int { return .index(index) }
        throw ThemeError(
            file: file, key: key, message: "a colour is a name or \"#RRGGBB\" in quotes, or a number 0–255")
    }
}
