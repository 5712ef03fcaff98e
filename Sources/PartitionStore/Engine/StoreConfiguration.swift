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
    /// How long change-stream records are kept (DynamoDB keeps them 24 hours).
    public var streamRetention: Double
    /// How often expired items are swept and old stream records trimmed, in seconds; 0 turns
    /// the background sweeper off (`sweepExpiredItems()` and `trimStreams()` still work).
    public var sweepInterval: Double
    /// Where on-demand backups are kept; nil for `<store file>.backups` beside the store.
    public var backupsFolder: String? = nil
    /// The folder that stands for S3 in ExportTableToPointInTime and ImportTable: bucket B and
    /// prefix P are `<s3Root>/B/P`. nil for `<store file>.s3` beside the store.
    public var s3Root: String? = nil
    /// The region ARNs and stream records name: `local` for an embedded store; `vaultdesk serve`
    /// gives the region it serves, as DynamoDB's ARNs name theirs.
    public var region = StoreConfiguration.embeddedRegion
    /// The region an embedded store names: it serves none.
    public static let embeddedRegion = "local"

    /// Building a new file that nothing else uses yet (see `PartitionStore.build`): no journal
    /// and no fsync, so writes reach the file once.
    var buildingNewFile = false
    /// The page size of a built file.
    static let builtPageSize = 16_384
    /// How much of a file being built is read through a memory map instead of read calls.
    static let buildingMapBytes = 8 << 30

    public init(
        durability: Durability = .full, lockWaitMilliseconds: Int32 = 5_000, streamRetention: Double = 86_400,
        sweepInterval: Double = 2
    ) {
        self.durability = durability
        self.lockWaitMilliseconds = lockWaitMilliseconds
        self.streamRetention = streamRetention
        self.sweepInterval = sweepInterval
    }
}
