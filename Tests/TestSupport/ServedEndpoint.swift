import Foundation

/// Endpoints the end-to-end tests start: `vaultdesk serve`, and helpers to wait for any server's
/// startup line.
public enum ServedEndpoint {
    /// A program built beside the test runner (`vaultdesk`, `store-fault-load`).
    public static func sibling(_ name: String) -> URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name)
    }

    /// `vaultdesk serve` on a free port, on `store`, stopped when this process ends; its URL is
    /// read from its startup line.
    public static func serve(store: String, log: String, extra: [String] = []) async throws -> (pid: pid_t, url: URL) {
        let pid = try ChildProcess.spawnTiedToLife(
            [sibling("vaultdesk").path, "serve", "--store", store, "--port", "0", "--durability", "normal"] + extra,
            output: log)
        let url = try await waitForURL(in: log, what: "vaultdesk serve") { text in
            guard let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) else {
                return nil
            }
            return URL(string: String(text[range]))
        }
        return (pid, url)
    }

    /// Waits (up to 15 s) until a server's output names the address it listens on.
    public static func waitForURL(in log: String, what: String, _ parse: (String) -> URL?) async throws -> URL {
        for _ in 0..<300 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let url = parse(text) { return url }
            if text.contains("not found") || text.contains("No such file") {
                throw ChildProcess.Failure(description: "\(what) did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw ChildProcess.Failure(description: "\(what) did not start within 15 s; its output: \(text)")
    }
}
