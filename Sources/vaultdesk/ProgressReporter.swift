import Foundation

/// Progress of long work on standard error: a bar redrawn in place on a terminal, plain lines
/// (at most one every two seconds) when the output goes to a file or a pipe.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastLine = Date.distantPast
    private var lastDraw = Date.distantPast
    private var finished = false
    private let label: String

    init(label: String) { self.label = label }

    func update(done: Int, total: Int, detail: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = done >= total
        let now = Date()
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        if isTerminal {
            guard now.timeIntervalSince(lastDraw) >= 0.1 || done >= total else { return }
            lastDraw = now
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(label) \(bar) \(Int(fraction * 100))%  \(detail)".utf8))
        } else {
            guard now.timeIntervalSince(lastLine) >= 2 || done >= total else { return }
            lastLine = now
            FileHandle.standardError.write(Data("\(label): \(Int(fraction * 100))% \(detail)\n".utf8))
        }
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
