import VaultRepository

/// The store's on-demand backups and each table's point-in-time recovery window, for admins:
/// what there is to restore, and how large. Restoring stays a command-line action
/// (`vaultdesk backup restore`, `vaultdesk recovery restore`).
public struct BackupsScreen: Hashable, Sendable {
    public var backups: [BackupSummary] = []
    public var recovery: [RecoveryWindow] = []
    public var loaded = false
    public var selection = 0
    public var top = 0
}
