import Foundation
import Testing
import VaultConsole

@Suite("Themes")
struct ThemeTests {
    func load(_ files: [String: String]) -> ThemeCatalog {
        ThemeCatalog.load(
            files: files.sorted { $0.key < $1.key }.map {
                (name: $0.key, path: "themes/\($0.key).toml", text: $0.value)
            })
    }

    /// The first problem loading reported, by file name.
    func error(_ files: [String: String]) -> ThemeError? {
        let catalog = load(files)
        return catalog.problems.sorted { $0.key < $1.key }.first?.value
    }

    @Test("every bundled theme is valid; dark.toml is the built-in theme")
    func bundled() throws {
        let catalog = ThemeCatalog.load(folder: DemoStore.themesFolder)
        #expect(catalog.problems.isEmpty)
        #expect(catalog.names == ["dark", "high-contrast", "light", "mono"])
        #expect(catalog.theme(named: "dark") == Theme.dark)
        let mono = try #require(catalog.theme(named: "mono"))
        for area in [mono.title, mono.selectedRow, mono.frame, mono.error, mono.qr, mono.tabActive] {
            #expect(area.foreground == .terminalDefault && area.background == .terminalDefault, "mono has no colour")
        }
        #expect(mono.selectedRow.reverse)
        let light = try #require(catalog.theme(named: "light"))
        #expect(light.qr == Theme.dark.qr, "areas a theme leaves out are its parent's")
        #expect(light.selectedRow.background == .indexed(153))
    }

    @Test("inheritance, palettes and fallback to the parent or the built-in theme")
    func inheritance() throws {
        let catalog = load([
            "base":
                "[palette]\nbrand = \"#112233\"\n[styles]\ntitle = { fg = \"brand\", bold = true }\nmuted = { fg = 8 }",
            "child": "inherits = \"base\"\n[styles]\nerror = { fg = \"brand\", bg = \"bright-red\" }",
            "bare": "",
        ])
        let child = try #require(catalog.theme(named: "child"))
        #expect(child.title == Style(foreground: .rgb(0x11, 0x22, 0x33), bold: true))
        #expect(child.error == Style(foreground: .rgb(0x11, 0x22, 0x33), background: .indexed(9)))
        #expect(child.muted == Style(foreground: .indexed(8)))
        #expect(child.frame == Theme.dark.frame)
        var bare = try #require(catalog.theme(named: "bare"))
        bare.name = "dark"
        #expect(bare == Theme.dark)
    }

    @Test("errors name the file and the key")
    func errors() {
        let cases: [([String: String], String, String)] = [
            (["x": "colour = 1"], "colour", "unknown key"),
            (["x": "[styles]\nheader = { fg = 1 }"], "styles.header", "unknown area"),
            (["x": "[styles]\ntitle = { fg = 1, blink = true }"], "styles.title.blink", "unknown key"),
            (["x": "[styles]\ntitle = { fg = \"blu\" }"], "styles.title.fg", "\"blu\" is not a colour"),
            (["x": "[styles]\ntitle = { fg = 300 }"], "styles.title.fg", "not 0–255"),
            (["x": "[styles]\ntitle = { bold = \"yes\" }"], "styles.title.bold", "true or false"),
            (["x": "[palette]\nblue = \"#12345\""], "palette.blue", "not a colour"),
            (["x": "inherits = \"nowhere\""], "inherits", "no theme named nowhere"),
            (["a": "inherits = \"b\"", "b": "inherits = \"a\""], "inherits", "inheritance loop"),
            (["x": "[styles\ntitle = 1"], "", "not valid TOML at line 1"),
            (["x": "[styles]\ntitle = \"bold\""], "styles.title", "must be a table"),
        ]
        for (files, key, message) in cases {
            guard let error = error(files) else {
                Issue.record("accepted \(files)")
                continue
            }
            #expect(error.file.hasPrefix("themes/") && error.file.hasSuffix(".toml"))
            #expect((error.key ?? "") == key, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("one invalid file is skipped with its error; the others load, and a theme inheriting from it is skipped too")
    func invalidFileSkipped() {
        let catalog = load([
            "good": "[styles]\ntitle = { fg = \"red\" }",
            "broken": "[styles\ntitle = 1",
            "orphan": "inherits = \"broken\"",
        ])
        #expect(catalog.names == ["dark", "good"])
        #expect(catalog.problem(named: "broken")?.description.contains("not valid TOML") == true)
        #expect(catalog.problem(named: "orphan")?.description.contains("no theme named broken") == true)
        #expect(catalog.problem(named: "good") == nil)
    }

    @Test(
        "a bad file in the themes folder is a status-line notice, not a failure; asking for it by name fails and names the file"
    )
    func badFileAtStartup() async throws {
        let catalog = load(["broken": "[styles\n", "good": ""])
        let state = ConsoleState(
            identity: ConsoleIdentity(scope: DemoStore.admin, storeLabel: "x"),
            size: TerminalSize(columns: 80, rows: 24),
            themes: catalog, today: DemoStore.day)
        #expect(state.notice?.hasPrefix("Skipped theme themes/broken.toml: not valid TOML") == true)

        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let themes = directory.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "[styles\ntitle = 1".write(
            to: themes.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        try "[styles]\ntitle = { fg = \"red\" }".write(
            to: themes.appendingPathComponent("good.toml"), atomically: true, encoding: .utf8)
        let store = directory.appendingPathComponent("demo.db").path
        let started = try await CommandTrustTests.run(
            ["--store", store], environment: ["VAULTDESK_THEMES": themes.path])
        #expect(started.status == 0, "\(started.output)")
        let good = try await CommandTrustTests.run(
            ["--store", store, "--theme", "good"], environment: ["VAULTDESK_THEMES": themes.path])
        #expect(good.status == 0)
        let asked = try await CommandTrustTests.run(
            ["--store", store, "--theme", "broken"], environment: ["VAULTDESK_THEMES": themes.path])
        #expect(
            asked.status != 0 && asked.output.contains("The theme broken is not valid")
                && asked.output.contains("broken.toml"), "\(asked.output)")
    }

    @Test(
        "a chain of 600 themes resolves in linear time and is refused past the depth limit; a chain at the limit loads")
    func longChains() {
        func chain(_ length: Int) -> [String: String] {
            var files = ["t0": "[palette]\nbrand = \"#010203\""]
            for index in 1..<length {
                files["t\(index)"] = "inherits = \"t\(index - 1)\"\n[styles]\ntitle = { fg = \"brand\" }"
            }
            return files
        }
        let started = Date()
        let long = load(chain(600))
        #expect(Date().timeIntervalSince(started) < 3, "600 themes took \(Date().timeIntervalSince(started)) s")
        #expect(long.theme(named: "t599") == nil)
        #expect(
            long.problem(named: "t599")?.description.contains("more than \(ThemeCatalog.maxInheritanceDepth) themes")
                == true)
        #expect(long.theme(named: "t\(ThemeCatalog.maxInheritanceDepth - 1)")?.title.foreground == .rgb(1, 2, 3))
        let atLimit = load(chain(ThemeCatalog.maxInheritanceDepth))
        #expect(atLimit.problems.isEmpty)
        #expect(atLimit.theme(named: "t\(ThemeCatalog.maxInheritanceDepth - 1)")?.title.foreground == .rgb(1, 2, 3))
    }

    @Test("each bundled theme's rendering, attributes included", arguments: ["dark", "light", "high-contrast", "mono"])
    func rendering(theme: String) async throws {
        let console = try await ConsoleHarness(themeName: theme)
        await console.start()
        await console.press(.enter)
        Snapshot.checkStyled(console.screen, "theme-\(theme)")
    }

    @Test(":theme switches live; the tenant's accent colour tints the trail")
    func switching() async throws {
        let console = try await ConsoleHarness()
        await console.start()
        await console.press(.enter)
        let accent = console.screen.cells[0][2].style.foreground
        guard case .tenant(let tenant) = console.state.screen else {
            Issue.record("no tenant")
            return
        }
        #expect(accent == TerminalColor(hex: tenant.tenant.accentColor))
        await console.press(.character(":"))
        await console.type("theme mono\n")
        #expect(console.state.themeName == "mono")
        #expect(
            console.screen.cells.joined().allSatisfy {
                $0.style.foreground == .terminalDefault && $0.style.background == .terminalDefault
            })
    }
}
