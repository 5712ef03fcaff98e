import ArgumentParser
import Dispatch
import Foundation
import PartitionStore
import VaultRepository

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate ongoing realistic activity on a seeded store, so the change stream shows real events.",
        discussion: """
            Payments arrive (some fail, some are delivered twice and recorded once), statements are issued,
            certificates are renewed, suspended and expire, and customer sessions start and expire by TTL.
            Prints what it did every five seconds; stops cleanly on Ctrl-C or SIGTERM, or after --duration.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions

    @Option(help: "Actions per second.")
    var rate: Double = 20

    @Option(help: "Stop after this many seconds (default: run until stopped).")
    var duration: Double?

    @Option(help: "The random seed of the activity.")
    var seed: UInt64 = UInt64(Date().timeIntervalSince1970)

    func validate() throws {
        guard rate > 0, rate <= 10_000 else {
            throw ValidationError("--rate must be between 0 and 10000 actions per second")
        }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
    }

    func run() async throws {
        let target = try StoreTarget.existing(store, remote)
        let simulator = TrafficSimulator(repository: try await target.repository(table: remote.table), seed: seed)
        try await simulator.prepare()
        let stop = StopSignal()
        stop.install()
        print("simulating \(rate.formatted()) actions/s on \(target.label); Ctrl-C stops")
        let started = Date()
        var lastReport = started
        var reported = TrafficCounts()
        var performed = 0
        while !stop.isRaised {
            let elapsed = Date().timeIntervalSince(started)
            if let duration, elapsed >= duration { break }
            let due = Int(elapsed * rate) + 1
            if performed < due {
                try await simulator.step()
                performed += 1
            } else {
                try? await Task.sleep(nanoseconds: UInt64(max(0.001, (Double(due) / rate - elapsed)) * 1e9))
            }
            if Date().timeIntervalSince(lastReport) >= 5 {
                let counts = await simulator.counts
                print(Self.describe(counts, since: reported, seconds: Date().timeIntervalSince(lastReport)))
                reported = counts
                lastReport = Date()
            }
        }
        let counts = await simulator.counts
        print(
            "stopped after \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
                + Self.describe(counts, since: TrafficCounts(), seconds: nil))
    }

    static func describe(_ counts: TrafficCounts, since earlier: TrafficCounts, seconds: Double?) -> String {
        var parts = [
            "\(counts.payments - earlier.payments) payments (\(counts.failedPayments - earlier.failedPayments) failed)",
            "\(counts.duplicates - earlier.duplicates) duplicate deliveries ignored",
            "\(counts.statements - earlier.statements) statements issued",
            "\(counts.renewals - earlier.renewals) renewals",
            "\(counts.certificateChanges - earlier.certificateChanges) certificates suspended or expired",
            "\(counts.sessions - earlier.sessions) sessions",
        ]
        if counts.conflicts > earlier.conflicts {
            parts.append("\(counts.conflicts - earlier.conflicts) conflicts retried elsewhere")
        }
        if let seconds {
            parts.append(String(format: "%.0f actions/s", Double(counts.total - earlier.total) / max(seconds, 0.001)))
        }
        return parts.joined(separator: ", ")
    }
}

/// SIGINT and SIGTERM ask the work loop to stop after the action in progress.
final class StopSignal: @unchecked Sendable {
    private let flag = NSLock()
    private var raised = false
    private var sources: [DispatchSourceSignal] = []

    var isRaised: Bool {
        flag.lock()
        defer { flag.unlock() }
        return raised
    }

    func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                flag.lock()
                raised = true
                flag.unlock()
            }
            source.resume()
            sources.append(source)
        }
    }
}
