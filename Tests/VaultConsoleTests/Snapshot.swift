import Foundation
import Testing
import VaultConsole

/// Golden snapshots of the virtual screen, kept as text files in `Snapshots/` beside this file.
///
/// To accept new or changed renderings, run the tests with `VAULTDESK_UPDATE_SNAPSHOTS=1`
/// (`VAULTDESK_UPDATE_SNAPSHOTS=1 swift test --filter ConsoleSnapshotTests`), read the diff of
/// `Tests/VaultConsoleTests/Snapshots` in git, and commit it.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

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
            Issue.record("No golden snapshot \(file.lastPathComponent); run with VAULTDESK_UPDATE_SNAPSHOTS=1 to record it.\n\(actual)",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("Snapshot \(file.lastPathComponent) differs:\n\(diff(expected, actual))\nVAULTDESK_UPDATE_SNAPSHOTS=1 accepts the new rendering.",
                         sourceLocation: sourceLocation)
        }
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
