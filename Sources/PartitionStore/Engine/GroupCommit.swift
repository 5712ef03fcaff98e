import Foundation
import Synchronization

/// A write's work inside the transaction that commits it.
typealias WriteBody<T> = (SQLiteConnection, Catalog) throws(StoreError) -> T

/// Item writes from concurrent callers share one SQLite transaction and so one fsync.
///
/// Each caller queues its work. One caller at a time is the leader: it takes the writer lock,
/// runs every queued job in one transaction, each inside its own savepoint, commits once, wakes
/// the callers whose jobs were in the group, and hands the lead to the oldest job still queued.
/// The others sleep on their own semaphore until their job is done or the lead is theirs, so
/// finished callers return in parallel instead of queueing for the lock. A caller returns only
/// after the commit that made its write durable, and a job that fails is rolled back alone
/// without touching the others in its group. Under no contention a group is one job and the path
/// is the same as a plain transaction.
///
/// Async callers hold no thread while they wait: their jobs carry a continuation, and when no
/// caller is leading, a committer thread leads for them. A server's request tasks therefore
/// queue writes without blocking, and one thread wakes per group instead of one per write.
final class GroupCommit: Sendable {
    /// One caller's write. The caller waits inside `PartitionStore.write` until `isDone`, so the
    /// body it captured outlives every use by the thread that runs the group.
    final class Job: @unchecked Sendable {
        /// Released as soon as it has run, before the caller is woken: the caller's closure must
        /// not outlive its call, even while the leader still holds the job.
        private var body: ((SQLiteConnection, Catalog) -> StoreError?)?
        /// Set by the group that ran the job and read by its caller, both under `state`'s lock;
        /// `failure` is written by the leader before it marks the job done.
        var isDone = false
        var failure: StoreError?
        /// Signalled when the job is done or when its caller should take the lead (sync callers).
        let wake = DispatchSemaphore(value: 0)
        /// Resumed when the job is done (async callers), after which the job is never touched.
        var continuation: CheckedContinuation<StoreError?, Never>?
        /// Called when the job is done, instead of a continuation, by callers that wait for
        /// nothing (the endpoint's event loops); called on the thread that led the group.
        var completion: (@Sendable (StoreError?) -> Void)?

        /// Whether the caller awaits a continuation rather than sleeping on `wake`.
        let isAsync: Bool

        init(isAsync: Bool = false, _ body: @escaping (SQLiteConnection, Catalog) -> StoreError?) {
            self.isAsync = isAsync
            self.body = body
        }

        /// Runs the body once, keeping its failure.
        func run(_ connection: SQLiteConnection, _ catalog: Catalog) {
            guard let body else {
                failure = StoreError(.internalFailure, "A write was run twice")
                return
            }
            failure = body(connection, catalog)
            self.body = nil
        }

        /// An async caller's job for `body`, and the slot its result will be left in.
        static func async<T>(_ body: @escaping WriteBody<T>) -> (Job, ResultSlot<T>) {
            let slot = ResultSlot<T>()
            let job = Job(isAsync: true) { connection, catalog in
                do throws(StoreError) {
                    slot.value = try body(connection, catalog)
                    return nil
                } catch {
                    return error
                }
            }
            return (job, slot)
        }

        /// Drops the body of a job that will not run (its group failed before reaching it).
        func discard() { body = nil }
    }

    struct State {
        var pending: [Job] = []
        var hasLeader = false
        var committerStarted = false
    }

    /// At most this many jobs share a commit, so one group never holds the writer for long.
    static let maxGroupSize = 128

    private let state = Mutex(State())
    /// Commits made and the successful writes they carried, for tests and statistics.
    let commits = Atomic<Int>(0)
    let committedJobs = Atomic<Int>(0)

    enum Role {
        case done(StoreError?)
        case leader
        case follower
    }

    /// Wakes the committer thread, which leads groups for async callers.
    let committerWake = DispatchSemaphore(value: 0)

    func enqueue(_ job: Job) {
        state.withLock { $0.pending.append(job) }
    }

    /// Queues an async caller's job; returns true when the committer thread must be started.
    func enqueueAsync(_ job: Job) -> Bool {
        let (wake, start) = state.withLock { state in
            state.pending.append(job)
            let start = !state.committerStarted
            state.committerStarted = true
            return (!state.hasLeader, start)
        }
        if wake { committerWake.signal() }
        return start
    }

    /// The committer's turn: lead when there is work and no leader.
    func committerShouldLead() -> Bool {
        state.withLock { state in
            guard !state.pending.isEmpty, !state.hasLeader else { return false }
            state.hasLeader = true
            return true
        }
    }

    /// What the caller of `job` does next: return, lead a group, or sleep.
    func role(of job: Job) -> Role {
        state.withLock { state in
            if job.isDone { return .done(job.failure) }
            if state.hasLeader { return .follower }
            state.hasLeader = true
            return .leader
        }
    }

    /// The leader's group: the oldest queued jobs, up to the limit.
    func takeGroup() -> [Job] {
        state.withLock { state in
            let group = Array(state.pending.prefix(Self.maxGroupSize))
            state.pending.removeFirst(group.count)
            return group
        }
    }

    /// Marks the group done, gives up the lead, and wakes every caller in the group and the
    /// caller of the oldest job still queued, who leads next.
    func finish(_ group: [Job], failure groupFailure: StoreError?, leader: Job?) {
        for job in group { job.discard() }
        typealias Resume = (
            continuation: CheckedContinuation<StoreError?, Never>?, completion: (@Sendable (StoreError?) -> Void)?,
            failure: StoreError?
        )
        let (next, resumes): (Job?, [Resume]) = state.withLock { state in
            var resumes: [Resume] = []
            for job in group {
                if let groupFailure, job.failure == nil { job.failure = groupFailure }
                job.isDone = true
                if job.continuation != nil || job.completion != nil {
                    resumes.append((job.continuation, job.completion, job.failure))
                    job.continuation = nil
                    job.completion = nil
                }
            }
            state.hasLeader = false
            return (state.pending.first, resumes)
        }
        for job in group where job !== leader && !job.isAsync { job.wake.signal() }
        for resume in resumes {
            resume.continuation?.resume(returning: resume.failure)
            resume.completion?(resume.failure)
        }
        // The oldest queued job leads next: its caller, or the committer for an async one.
        if let next {
            if next.isAsync { committerWake.signal() } else { next.wake.signal() }
        }
    }
}

/// How many commits item writes needed: with many concurrent writers, far fewer than writes.
public struct CommitStatistics: Sendable, Hashable {
    public var commits: Int
    public var writes: Int
}

extension PartitionStore {
    /// Group commits made by this process so far, and the item writes they carried.
    public var commitStatistics: CommitStatistics {
        CommitStatistics(
            commits: groupCommit.commits.load(ordering: .relaxed),
            writes: groupCommit.committedJobs.load(ordering: .relaxed))
    }

    /// Runs `body` as part of a group commit: in a write transaction shared with the item writes
    /// of other threads, inside its own savepoint. Returns only once that transaction committed.
    /// For item writes only; catalog changes go through `exclusiveWrite`.
    func write<T: Sendable>(_ body: (SQLiteConnection, Catalog) throws(StoreError) -> T) throws(StoreError) -> T {
        var result: T?
        let failure: StoreError? = withoutActuallyEscaping(body) { body in
            let job = GroupCommit.Job { connection, catalog in
                do throws(StoreError) {
                    result = try body(connection, catalog)
                    return nil
                } catch {
                    return error
                }
            }
            groupCommit.enqueue(job)
            while true {
                switch groupCommit.role(of: job) {
                case .done(let failure):
                    return failure
                case .leader:
                    writer.withLock { connection in
                        let group = groupCommit.takeGroup()
                        let groupFailure = runGroup(group, connection)
                        groupCommit.finish(group, failure: groupFailure, leader: job)
                    }
                case .follower:
                    // Woken when the job is done or the lead passes to it; a stale wake-up only
                    // sends the loop round again.
                    job.wake.wait()
                }
            }
        }
        if let failure { throw failure }
        guard let result else { throw StoreError(.internalFailure, "A write finished without a result") }
        return result
    }

    /// Runs one group in one transaction, holding the writer connection. Each job's own failure
    /// is left in the job; the result is a failure that befell the whole group, if any.
    func runGroup(_ group: [GroupCommit.Job], _ connection: SQLiteConnection) -> StoreError? {
        guard !group.isEmpty else { return nil }
        let wait = configuration.lockWaitMilliseconds
        do {
            try connection.beginWrite()
        } catch {
            return error.storeError(busyWait: wait)
        }
        let current: Catalog
        do {
            current = try refreshedCatalog(connection)
        } catch {
            try? connection.runCached("ROLLBACK")
            return error
        }
        if group.count == 1, let only = group.first {
            only.run(connection, current)
            if only.failure != nil {
                if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
                return nil
            }
        } else {
            for job in group {
                do {
                    try connection.runCached("SAVEPOINT vd_job")
                    job.run(connection, current)
                    if job.failure != nil { try connection.runCached("ROLLBACK TO vd_job") }
                    try connection.runCached("RELEASE vd_job")
                } catch {
                    // The savepoint machinery itself failed: nothing in this transaction can be trusted.
                    if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
                    return error.storeError(busyWait: wait)
                }
            }
        }
        do {
            try connection.runCached("COMMIT")
            groupCommit.commits.add(1, ordering: .relaxed)
            groupCommit.committedJobs.add(group.count { $0.failure == nil }, ordering: .relaxed)
            return nil
        } catch {
            if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
            let failure = error.storeError(busyWait: wait)
            // Jobs that succeeded were rolled back with the commit; those that failed keep their own error.
            for job in group where job.failure == nil { job.failure = failure }
            return nil
        }
    }
}

extension PartitionStore {
    /// The async form of `write`: the caller's task is suspended, holding no thread, until the
    /// group commit that carries its write is on disk.
    func writeAsync<T: Sendable>(_ body: @escaping WriteBody<T>) async throws(StoreError) -> T {
        let (job, slot) = GroupCommit.Job.async(body)
        let failure: StoreError? = await withCheckedContinuation { continuation in
            job.continuation = continuation
            if groupCommit.enqueueAsync(job) { startCommitter() }
        }
        if let failure { throw failure }
        guard let value = slot.value else { throw StoreError(.internalFailure, "A write finished without a result") }
        return value
    }

    /// The callback form of `write`: `completion` gets the result once the group commit that
    /// carries the write is on disk, on the thread that led it; nothing waits meanwhile.
    func submitWrite<T: Sendable>(
        _ body: @escaping WriteBody<T>, completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        let (job, slot) = GroupCommit.Job.async(body)
        job.completion = { failure in
            if let failure { return completion(.failure(failure)) }
            guard let value = slot.value else {
                return completion(.failure(StoreError(.internalFailure, "A write finished without a result")))
            }
            completion(.success(value))
        }
        if groupCommit.enqueueAsync(job) { startCommitter() }
    }

    /// `submitWrite` of the write `prepare` makes; a write refused while it is prepared (a bad
    /// expression) is answered at once.
    func submitWrite<T: Sendable>(
        preparing prepare: () throws(StoreError) -> WriteBody<T>,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        do throws(StoreError) {
            submitWrite(try prepare(), completion: completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// The thread that leads groups when only async callers are waiting. It holds the store
    /// weakly and ends when the store is gone.
    private func startCommitter() {
        let commit = groupCommit
        Thread.detachNewThread { [weak self] in
            while true {
                // A timed wait, so that the thread notices when its store has gone away.
                _ = commit.committerWake.wait(timeout: .now() + 1)
                guard let store = self else { return }
                while commit.committerShouldLead() {
                    store.writer.withLock { connection in
                        let group = commit.takeGroup()
                        let failure = store.runGroup(group, connection)
                        commit.finish(group, failure: failure, leader: nil)
                    }
                }
            }
        }
    }
}

/// Where a job leaves its result for its caller; written by the leader before the job is marked
/// done, read by the caller after, so the group commit's lock orders the two.
final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}
