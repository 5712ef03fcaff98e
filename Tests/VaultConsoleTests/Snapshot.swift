import Foundation
import Testing
import VaultConsole

/// Golden snapshots of the virtual screen, kept as text files in `Snapshots/` beside this file.
///
/// To accept new or changed renderings, run the tests with `VAULTDESK_UPDATE_SNAPSHOTS=1`
/// (`VAULTDESK_UPDATE_SNAPSHOTS=1 swift test --filter ConsoleSnapshotTests`), read the diff of
/// `Tests/VaultConsoleTests/Snapshots` in git, and commit it.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    static var updating: Bool { ProcessInfo.processInfo.environment["VAULTDESK_UPDATE_SNAPSHOTS"] == "1" }

    /// Compares the screen with its golden file; on a difference, records the lines that differ.
    static func check(_ screen: VirtualScreen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent("\(name)-\(screen.size).txt")
        let actual = framed(screen)
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "No golden snapshot \(file.lastPathComponent); run with VAULTDESK_UPDATE_SNAPSHOTS=1 to record it.\n\(actual)",
                sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(
                "Snapshot \(file.lastPathComponent) differs:\n\(diff(expected, actual))\nVAULTDESK_UPDATE_SNAPSHOTS=1 accepts the new rendering.",
                sourceLocation: sourceLocation)
        }
    }

    /// Like `check`, with the attributes: under the text, each cell's style as a letter, and a
    /// legend of what each letter is (`.` is the terminal's plain text).
    static func checkStyled(_ screen: VirtualScreen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        let file = directory.appendingPathComponent("\(name)-\(screen.size).txt")
        let actual = styled(screen)
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "No golden snapshot \(file.lastPathComponent); run with VAULTDESK_UPDATE_SNAPSHOTS=1 to record it.",
                sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(
                "Snapshot \(file.lastPathComponent) differs:\n\(diff(expected, actual))\nVAULTDESK_UPDATE_SNAPSHOTS=1 accepts the new rendering.",
                sourceLocation: sourceLocation)
        }
    }

    static func styled(_ screen: VirtualScreen) -> String {
        var letters: [Style: Character] = [.plain: "."]
        var legend: [(Character, Style)] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rows: [String] = []
        for row in screen.cells {
            var line = ""
            for cell in row {
                if letters[cell.style] == nil {
                    let letter = legend.count < alphabet.count ? alphabet[legend.count] : "?"
                    letters[cell.style] = letter
                    legend.append((letter, cell.style))
                }
                line.append(letters[cell.style] ?? "?")
            }
            rows.append("|" + line + "|")
        }
        let described = legend.map { "\($0.0) = \(describe($0.1))" }
        return framed(screen) + rows.joined(separator: "\n") + "\n\n" + described.joined(separator: "\n") + "\n"
    }

    static func describe(_ style: Style) -> String {
        func color(_ color: TerminalColor) -> String {
            switch color {
            case .terminalDefault: "default"
            case .indexed(let index): "\(index)"
            case .rgb(let r, let g, let b): String(format: "#%02x%02x%02x", r, g, b)
            }
        }
        var parts = ["fg \(color(style.foreground))", "bg \(color(style.background))"]
        if style.bold { parts.append("bold") }
        if style.dim { parts.append("dim") }
        if style.underline { parts.append("underline") }
        if style.reverse { parts.append("reverse") }
        return parts.joined(separator: " ")
    }

    /// The screen between rulers, so trailing spaces and the size show in the file.
    static func framed(_ screen: VirtualScreen) -> String {
        let ruler = "+" + String(repeating: "-", count: screen.size.columns) + "+"
        let rows = (0..<screen.size.rows).map { "|" + screen.line($0) + "|" }
        return ([ruler] + rows + [ruler]).joined(separator: "\n") + "\n"
    }

    /// The lines that differ, expected above actual, numbered by screen row.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : "(no line)"
            let after = index < new.count ? String(new[index]) : "(no line)"
            guard before != after else { continue }
            out.append("row \(index - 1):\n  - \(before)\n  + \(after)")
        }
        return out.joined(separator: "\n")
    }
}
