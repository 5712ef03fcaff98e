import PartitionStore

/// A backup as the console lists it.
public struct BackupSummary: Sendable, Hashable {
    public var table: String
    public var name: String
    public var arn: String
    public var createdAt: Double
    public var itemCount: Int64
    public var sizeBytes: Int64
}

extension VaultRepository {
    /// Every on-demand backup the store keeps, oldest first: admins whose scope is every tenant
    /// only, since a backup holds every tenant's items.
    public func backups(scope: AccessScope) async throws -> [BackupSummary] {
        guard scope.role == .admin, scope.tenants == nil else {
            throw RepositoryError.invalidArgument("Only admins whose scope is every tenant can list backups")
        }
        var all: [BackupSummary] = []
        var start: String?
        repeat {
            let page = try await store.send(ListBackupsInput(exclusiveStartBackupArn: start))
            all += page.backups.map { backup in
                BackupSummary(
                    table: backup.source.tableName, name: backup.backupName, arn: backup.backupArn,
                    createdAt: backup.createdAt, itemCount: backup.itemCount, sizeBytes: backup.sizeBytes)
            }
            start = page.lastEvaluatedBackupArn
        } while start != nil
        return all
    }
}
