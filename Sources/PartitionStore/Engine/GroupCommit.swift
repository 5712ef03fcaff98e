import Synchronization

/// Item writes from concurrent callers share one SQLite transaction and so one fsync.
///
/// Each caller queues its work and then takes the writer lock. Whoever holds the lock runs every
/// queued job in one transaction, each inside its own savepoint, commits once, and marks them all
/// done; callers whose job was already committed by another find it done and return at once.
/// A caller therefore returns only after the commit that made its write durable, and a job that
/// fails is rolled back alone without touching the others in its group. Under no contention a
/// group is one job and the path is the same as a plain transaction.
final class GroupCommit: Sendable {
    /// One caller's write. The caller waits inside `PartitionStore.write` until `isDone`, so the
    /// body it captured outlives every use by the thread that runs the group.
    final class Job: @unchecked Sendable {
        let body: (SQLiteConnection, Catalog) -> StoreError?
        /// Set by the group that ran the job; read by its caller. Both happen under `queue`'s lock.
        var isDone = false
        var failure: StoreError?

        init(_ body: @escaping (SQLiteConnection, Catalog) -> StoreError?) {
            self.body = body
        }
    }

    /// At most this many jobs share a commit, so one group never holds the writer for long.
    static let maxGroupSize = 128

    private let queue = Mutex<[Job]>([])
    /// Commits made and the successful writes they carried, for tests and statistics.
    let commits = Atomic<Int>(0)
    let committedJobs = Atomic<Int>(0)

    func enqueue(_ job: Job) {
        queue.withLock { $0.append(job) }
    }

    /// The queued jobs, up to the group limit, unless `job` is already done.
    func takeGroup(unlessDone job: Job) -> [Job]? {
        queue.withLock { pending in
            if job.isDone { return nil }
            let group = Array(pending.prefix(Self.maxGroupSize))
            pending.removeFirst(group.count)
            return group
        }
    }

    func finish(_ group: [Job], failure groupFailure: StoreError?) {
        queue.withLock { _ in
            for job in group {
                if let groupFailure, job.failure == nil { job.failure = groupFailure }
                job.isDone = true
            }
        }
    }

    /// Whether `job` has been run by a group, and how it ended.
    func outcome(of job: Job) -> (done: Bool, failure: StoreError?) {
        queue.withLock { _ in (job.isDone, job.failure) }
    }
}

extension PartitionStore {
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
            writer.withLock { connection in
                guard let group = groupCommit.takeGroup(unlessDone: job), !group.isEmpty else { return }
                runGroup(group, connection)
            }
            // Our job ran in the group we just committed, or in one that another thread
            // committed before we got the lock.
            let outcome = groupCommit.outcome(of: job)
            return outcome.done ? outcome.failure : StoreError(.internalFailure, "A write was not run by its commit group")
        }
        if let failure { throw failure }
        guard let result else { throw StoreError(.internalFailure, "A write finished without a result") }
        return result
    }

    /// Runs one group in one transaction, holding the writer connection.
    private func runGroup(_ group: [GroupCommit.Job], _ connection: SQLiteConnection) {
        let wait = configuration.lockWaitMilliseconds
        do {
            try connection.runCached("BEGIN IMMEDIATE")
        } catch {
            groupCommit.finish(group, failure: error.storeError(busyWait: wait))
            return
        }
        let current: Catalog
        do {
            current = try refreshedCatalog(connection)
        } catch {
            try? connection.runCached("ROLLBACK")
            groupCommit.finish(group, failure: error)
            return
        }
        if group.count == 1, let only = group.first {
            only.failure = only.body(connection, current)
            if only.failure != nil {
                if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
                groupCommit.finish(group, failure: nil)
                return
            }
        } else {
            for job in group {
                do {
                    try connection.runCached("SAVEPOINT vd_job")
                    job.failure = job.body(connection, current)
                    if job.failure != nil { try connection.runCached("ROLLBACK TO vd_job") }
                    try connection.runCached("RELEASE vd_job")
                } catch {
                    // The savepoint machinery itself failed: nothing in this transaction can be trusted.
                    if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
                    groupCommit.finish(group, failure: error.storeError(busyWait: wait))
                    return
                }
            }
        }
        do {
            try connection.runCached("COMMIT")
            groupCommit.commits.add(1, ordering: .relaxed)
            groupCommit.committedJobs.add(group.count { $0.failure == nil }, ordering: .relaxed)
            groupCommit.finish(group, failure: nil)
        } catch {
            if connection.isInTransaction { try? connection.runCached("ROLLBACK") }
            let failure = error.storeError(busyWait: wait)
            // Jobs that succeeded were rolled back with the commit; those that failed keep their own error.
            for job in group where job.failure == nil { job.failure = failure }
            groupCommit.finish(group, failure: nil)
        }
    }
}
