import Foundation
import PartitionStore
import TestSupport
import Testing
import VaultRepository

/// The real `vaultdesk` binary in a real terminal: tmux runs it, `send-keys` types as a person
/// does, `capture-pane` reads the screen.
@Suite("Console in tmux", .serialized)
struct ConsoleTmuxTests {
    static var binary: URL { ServedEndpoint.sibling("vaultdesk") }

    /// A tmux server of its own, with one window running a plain shell.
    final class Terminal {
        let socket = "vaultdesk-test-\(UUID().uuidString.prefix(8))"

        init(columns: Int, rows: Int, directory: URL, term: String = "xterm-256color", lang: String = "C.UTF-8") throws
        {
            // The server this starts outlives the command: it must not hold a pipe we read to its end.
            try tmux(
                capturing: false,
                [
                    "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(columns)", "-y", "\(rows)",
                    "-c", directory.path,
                    "env -i PATH=/usr/bin:/bin HOME=\(directory.path) TERM=\(term) LANG=\(lang) PS1='ready$ ' bash --norc --noprofile",
                ])
        }

        /// The process running in the pane's shell: the console.
        func consolePID() throws -> pid_t? {
            let shell = try tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            return children.split(separator: " ").first.flatMap { pid_t($0) }
        }

        deinit { close() }

        /// Runs a tmux command; its output comes through a file, so a server the command starts
        /// holds no pipe of ours.
        @discardableResult
        func tmux(capturing: Bool = true, _ arguments: [String]) throws -> String {
            let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
                .path
            defer { unlink(outputPath) }
            let pid = try ChildProcess.spawn(
                ["tmux", "-L", socket, "-u"] + arguments, output: capturing ? outputPath : nil)
            let status = ChildProcess.waitSynchronously(pid)
            let text = capturing ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
            guard status == 0 else { throw TmuxFailure(message: "tmux \(arguments.joined(separator: " ")): \(text)") }
            return text
        }

        /// Stops the tmux server and everything running in it.
        func close() {
            let server = (try? tmux(["display-message", "-p", "#{pid}"]))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            _ = try? tmux(capturing: false, ["kill-server"])
            if let server, let pid = pid_t(server) { kill(pid, SIGKILL) }
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }
        func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text]) }
        var screen: String { (try? tmux(["capture-pane", "-p", "-t", "main"])) ?? "" }

        /// Starts the console on `demo.db` at the shell's prompt and waits for its tenant list;
        /// `then` is shell text after the command (`; echo …`).
        func startConsole(then: String = "") async throws {
            try await waitFor("ready$")
            try run("\(ConsoleTmuxTests.binary.path) --store demo.db\(then)")
            try await waitFor("Tenants (8)")
            try await waitFor("? help")
        }

        /// Types a command at the shell and presses Enter.
        func run(_ command: String) throws {
            try type(command)
            try keys("Enter")
        }

        /// Checks that the terminal is back in cooked mode with echo: a typed command shows and runs.
        func expectRestored(_ marker: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try run("stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo \(marker)")
            try await waitFor("icanon echo \(marker)", sourceLocation: sourceLocation)
        }

        /// Waits until the shell's prompt is the last line on the screen: the console has ended.
        func waitForPrompt(seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let last = screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                if last?.trimmingCharacters(in: .whitespaces) == "ready$" { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("The shell prompt never came back:\n\(screen)", sourceLocation: sourceLocation)
            throw TmuxFailure(message: "timed out")
        }

        /// Waits until the screen shows `text`; fails with the screen as it was.
        func waitFor(
            _ text: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen.contains(text) { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("The screen never showed \"\(text)\":\n\(screen)", sourceLocation: sourceLocation)
            throw TmuxFailure(message: "timed out")
        }
    }

    struct TmuxFailure: Error { let message: String }

    /// A folder with a small demo store `demo.db`.
    static func seededFolder() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vaultdesk-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await ChildProcess.run([
            Self.binary.path, "seed", "--store", directory.appendingPathComponent("demo.db").path,
            "--scale", "small", "--as-of", "2026-11-21",
        ])
        return directory
    }

    @Test("an admin's PartiQL SELECT on a seeded store: results, an item as JSON, quit: the terminal is restored")
    func query() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.startConsole()
        try terminal.keys("Q")
        try await terminal.waitFor("Query (PartiQL)")
        try terminal.type("SELECT * FROM \"vaultdesk\" WHERE pk = 'TENANT#bluewater-water' AND sk = 'TENANT'")
        try terminal.keys("Enter")
        try await terminal.waitFor("page 1 · 1 items")
        try terminal.keys("Enter")
        try await terminal.waitFor("plain JSON")
        #expect(terminal.screen.contains("\"qr_secret\": \"‹hidden secret›\""))
        try terminal.keys("q")
        try await terminal.waitFor("Query (PartiQL)")
        try terminal.keys("q")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("query-restored")
    }

    @Test("look up by reference and by QR payload, page payments, quit: the terminal is restored")
    func journey() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("demo.db").path

        // A statement to look for, and its QR payload, read through the repository.
        let (reference, payload): (String, String) = try await {
            let store = try PartitionStore(path: storePath)
            let repository = VaultRepository(store: store)
            let admin = AccessScope.admin(DemoOperators.adminEmail)
            let tenant = try #require(try await repository.allTenants(scope: admin).first)
            let statements = try await repository.statements(tenantId: tenant.id, scope: admin, limit: 2).items
            let byQR = try #require(try await repository.qrPayload(reference: statements[1].reference, scope: admin))
            return (statements[0].reference, byQR.url)
        }()

        let terminal = try Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        try terminal.run("\(Self.binary.path) --store demo.db")
        try await terminal.waitFor("Tenants (8)")
        try await terminal.waitFor("? help")

        try terminal.keys("g")
        try await terminal.waitFor("Reference or QR:")
        try terminal.type(reference)
        try terminal.keys("Enter")
        try await terminal.waitFor("Found by    reference number")
        #expect(terminal.screen.contains("Statement \(reference)"))

        try terminal.keys("Escape")
        try await terminal.waitFor("Reference or QR:")
        try terminal.type(payload)
        try terminal.keys("Enter")
        try await terminal.waitFor("scanned QR code, signature verified")
        #expect(terminal.screen.contains("signature ✓ valid"))

        try terminal.keys("Escape")
        try await terminal.waitFor("Reference or QR:")
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("Enter")
        try await terminal.waitFor("Statements")
        try terminal.keys("Tab")
        try await terminal.waitFor("RECEIVED (UTC)")
        let first = terminal.screen
        try terminal.keys("NPage")
        try await terminal.waitFor("page 2")
        try terminal.keys("NPage")
        try await terminal.waitFor("page 3")
        try terminal.keys("PPage")
        try await terminal.waitFor("page 2")
        try terminal.keys("PPage")
        try await terminal.waitFor("page 1")
        #expect(terminal.screen == first, "back on page 1, the same screen")

        try terminal.keys("q")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
        // The terminal is back in cooked mode with echo: a typed command shows and runs.
        try await terminal.expectRestored("restored")
    }

    @Test(
        "the live stream shows what vaultdesk simulate commits within a second; pause freezes it, resume shows the newest"
    )
    func liveStream() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 110, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.startConsole()
        try terminal.keys("L")
        try await terminal.waitFor("● following")

        let simulate = try ChildProcess.spawn([
            Self.binary.path, "simulate", "--store", directory.appendingPathComponent("demo.db").path,
            "--rate", "40", "--duration", "30",
        ])
        defer {
            kill(simulate, SIGTERM)
            _ = ChildProcess.waitSynchronously(simulate)
        }
        // The first commit shows within a second of happening (the simulator takes a moment to start).
        try await terminal.waitFor("INSERT", seconds: 10)
        let rows = { (screen: String) in screen.split(separator: "\n").dropFirst(4).dropLast(2).joined(separator: "\n")
        }
        let first = rows(terminal.screen)
        try await Task.sleep(for: .seconds(1))
        #expect(rows(terminal.screen) != first, "new events arrived within a second")

        try terminal.keys("Space")
        try await terminal.waitFor("‖ paused")
        let frozen = rows(terminal.screen)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(rows(terminal.screen) == frozen, "nothing moves while paused")
        let counter = terminal.screen.split(separator: "\n").first { $0.contains("‖ paused") }.map(String.init) ?? ""
        #expect(!counter.contains("paused · 0 new"), "the counter counts: \(counter)")

        try terminal.keys("Space")
        try await terminal.waitFor("● following")
        try await Task.sleep(for: .milliseconds(300))
        #expect(rows(terminal.screen) != frozen, "resuming shows the newest")
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
    }

    @Test(
        "on an endpoint: the console browses a table through `vaultdesk serve` and its live view follows the Streams API"
    )
    func overEndpoint() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The endpoint stops when the test process ends.
        let url = try await ServedEndpoint.serve(
            store: directory.appendingPathComponent("demo.db").path,
            log: directory.appendingPathComponent("serve.log").path
        ).url.absoluteString

        let terminal = try Terminal(columns: 110, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        try terminal.run(
            "AWS_ACCESS_KEY_ID=console AWS_SECRET_ACCESS_KEY=console \(Self.binary.path) --endpoint \(url) --region us-east-1"
        )
        try await terminal.waitFor("Tenants (8)")
        #expect(terminal.screen.contains("127.0.0.1 · vaultdesk"))
        try terminal.keys("Enter")
        // The page has arrived (Escape while it loads would cancel the load, not leave the tenant).
        try await terminal.waitFor("REFERENCE", seconds: 10)
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("L")
        try await terminal.waitFor("● following")

        let environment = [
            "PATH": "/usr/bin:/bin", "AWS_ACCESS_KEY_ID": "simulator", "AWS_SECRET_ACCESS_KEY": "simulator",
        ]
        let simulate = try ChildProcess.spawn(
            [
                Self.binary.path, "simulate", "--endpoint", url, "--region", "us-east-1", "--rate", "20", "--duration",
                "30",
            ],
            environment: environment)
        defer {
            kill(simulate, SIGTERM)
            _ = ChildProcess.waitSynchronously(simulate)
        }
        try await terminal.waitFor("INSERT", seconds: 15)
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
    }

    @Test(
        "every TERM: colours or not, resize to any size, and the terminal restored on quit, SIGTERM and SIGHUP",
        arguments: ["xterm-256color", "tmux-256color", "screen-256color", "xterm", "vt100"])
    func terminals(term: String) async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 100, rows: 30, directory: directory, term: term)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        for ending in ["q", "SIGTERM", "SIGHUP"] {
            try terminal.run("\(Self.binary.path) --store demo.db")
            try await terminal.waitFor("Tenants (8)")
            try await terminal.waitFor("? help")
            try terminal.keys("Enter")
            try await terminal.waitFor("Statements")
            // Smaller than the minimum: a message; back to 80x24: the whole layout again.
            try terminal.tmux(["resize-window", "-t", "main", "-x", "50", "-y", "10"])
            try await terminal.waitFor("needs at least 60x12")
            try terminal.tmux(["resize-window", "-t", "main", "-x", "80", "-y", "24"])
            try await terminal.waitFor("Statements   Payments")
            let lines = terminal.screen.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count >= 24)
            #expect(
                lines.contains { $0.hasPrefix("┌") && $0.hasSuffix("┐") && $0.count == 80 },
                "the frame fits 80 columns:\n\(terminal.screen)")
            try terminal.tmux(["resize-window", "-t", "main", "-x", "100", "-y", "30"])
            try await terminal.waitFor("page 1")
            switch ending {
            case "q":
                try terminal.keys("q")
                try await terminal.waitFor("Tenants (8)")
                try terminal.keys("q")
            default:
                let pid = try #require(try terminal.consolePID())
                kill(pid, ending == "SIGTERM" ? SIGTERM : SIGHUP)
            }
            try await terminal.waitForPrompt()
            try terminal.tmux(["send-keys", "-t", "main", "clear", "Enter"])
            try await Task.sleep(for: .milliseconds(200))
            try await terminal.expectRestored("after-\(ending)")
        }
    }

    @Test(
        "combining marks, flags and skin tones typed into the lookup, the filter and the command line: the console survives"
    )
    func unicodeInEveryField() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.startConsole()
        let hostile = "e\u{301}🇩🇪👍🏽👩‍👩‍👧漢字שָׁלוֹם"
        // The lookup field: type, then keys that move and delete around the joined characters.
        try terminal.keys("g")
        try await terminal.waitFor("Reference or QR:")
        try terminal.type(hostile)
        try terminal.keys("Left", "Left", "BSpace", "Right", "x", "Left", "DC", "C-e", "Enter")
        try await terminal.waitFor("Not found")
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (8)")
        // The tenant filter.
        try terminal.keys("/")
        try terminal.type(hostile)
        try terminal.keys("Left", "BSpace", "x", "Escape")
        try await terminal.waitFor("Tenants (8)")
        // The command line.
        try terminal.keys(":")
        try terminal.type(hostile)
        try terminal.keys("Left", "Left", "BSpace", "C-u", "Escape")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try terminal.consolePID() != nil, "the console is still running:\n\(terminal.screen)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("after-unicode")
    }

    @Test(
        "a crash (SIGSEGV, SIGILL, SIGABRT, SIGBUS) still restores the terminal",
        arguments: [SIGSEGV, SIGILL, SIGABRT, SIGBUS])
    func crashRestoresTerminal(signal: Int32) async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        // No core files from the deliberate crash; the backtracer off, so the test is quick.
        try terminal.run("ulimit -c 0; export SWIFT_BACKTRACE=enable=no")
        try await terminal.startConsole(then: "; echo exit-status-$?")
        let pid = try #require(try terminal.consolePID())
        kill(pid, signal)
        // The process still dies of the signal, and the shell gets its terminal back.
        try await terminal.waitFor("exit-status-\(128 + signal)")
        try await terminal.waitForPrompt()
        try terminal.tmux(["send-keys", "-t", "main", "clear", "Enter"])
        try await Task.sleep(for: .milliseconds(200))
        try await terminal.expectRestored("after-signal-\(signal)")
    }

    @Test("a locale that is not UTF-8 gets ASCII borders; Ctrl-C quits and restores the terminal")
    func asciiLocale() async throws {
        let directory = try await Self.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Terminal(columns: 100, rows: 30, directory: directory, lang: "C")
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        try terminal.run("\(Self.binary.path) --store demo.db")
        try await terminal.waitFor("+ Tenants (8) ---")
        #expect(terminal.screen.contains("VaultDesk > Tenants"))
        #expect(!terminal.screen.contains("─"))
        // Ctrl-C with no load in flight quits, and the terminal comes back.
        try terminal.keys("C-c")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("after-ctrl-c")
    }
}
