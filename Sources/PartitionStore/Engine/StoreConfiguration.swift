/// How a store file is opened.
public struct StoreConfiguration: Sendable, Hashable {
    /// When a commit is on disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// fsync at every commit: an acknowledged write survives a power loss. The default.
        case full
        /// fsync at checkpoints only: an acknowledged write survives a process crash, and the
        /// file is never corrupted, but the last commits may be lost on power loss.
        case normal
    }

    public var durability: Durability
    /// How long a write waits for another writer (in this or another process) before it fails
    /// with `StoreBusyException`. Writes never wait forever.
    public var lockWaitMilliseconds: Int32

    public init(durability: Durability = .full, lockWaitMilliseconds: Int32 = 5_000) {
        self.durability = durability
        self.lockWaitMilliseconds = lockWaitMilliseconds
    }
}
