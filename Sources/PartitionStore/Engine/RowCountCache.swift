import Synchronization

/// The item counts and sizes DescribeTable reports, kept for a while for large tables only.
/// Counting reads a whole table (seconds for millions of items), and SDK waiters and
/// infrastructure tools call DescribeTable again and again. DynamoDB itself refreshes these
/// figures about every six hours; here a table whose count took a noticeable time is counted
/// again after a minute at most, and a small one, counted in a moment, is always exact.
final class RowCountCache: Sendable {
    /// A count that took at least this long is worth keeping.
    static let slowCount: Duration = .milliseconds(100)
    /// How long a kept count is answered before the table is counted again.
    static let keptFor: Duration = .seconds(60)

    private struct Entry {
        var counts: (rows: Int64, bytes: Int64)
        var countedAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The counts of `table` (an SQL table: one per table or index, never reused), from `count`
    /// unless a slow count of it is recent enough.
    func counts(
        of table: String, now: ContinuousClock.Instant = .now, _ count: () throws -> (Int64, Int64)
    ) rethrows -> (Int64, Int64) {
        if let kept = entries.withLock({ $0[table] }), now - kept.countedAt < Self.keptFor {
            return kept.counts
        }
        let started = ContinuousClock.now
        let counted = try count()
        let took = ContinuousClock.now - started
        entries.withLock { entries in
            if took >= Self.slowCount {
                entries[table] = Entry(counts: counted, countedAt: started)
            } else {
                entries[table] = nil
            }
        }
        return counted
    }
}
