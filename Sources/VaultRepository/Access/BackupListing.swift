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

/// A table's point-in-time recovery as the console shows it: off, or the window a restore may
/// choose from.
public struct RecoveryWindow: Sendable, Hashable {
    public var table: String
    public var enabled: Bool
    public var recoveryPeriodInDays: Int?
    public var earliest: Double?
    public var latest: Double?
}

/// What the console's backups screen shows: the backups and every table's recovery window.
public struct BackupOverview: Sendable, Hashable {
    public var backups: [BackupSummary]
    public var recovery: [RecoveryWindow]

    public init(backups: [BackupSummary] = [], recovery: [RecoveryWindow] = []) {
        self.backups = backups
        self.recovery = recovery
    }
}

extension VaultRepository {
    /// The backups and every table's point-in-time recovery window, for admins whose scope is
    /// every tenant.
    public func backupOverview(scope: AccessScope) async throws -> BackupOverview {
        let backups = try await backups(scope: scope)
        var tables: [String] = []
        var start: String?
        repeat {
            let page = try await store.send(ListTablesInput(exclusiveStartTableName: start))
            tables += page.tableNames
            start = page.lastEvaluatedTableName
        } while start != nil
        var recovery: [RecoveryWindow] = []
        for table in tables {
            let described = try await store.send(DescribeContinuousBackupsInput(tableName: table))
            recovery.append(
                RecoveryWindow(
                    table: table, enabled: described.pointInTimeRecoveryEnabled,
                    recoveryPeriodInDays: described.recoveryPeriodInDays,
                    earliest: described.earliestRestorableDateTime, latest: described.latestRestorableDateTime))
        }
        return BackupOverview(backups: backups, recovery: recovery)
    }

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
