import PartitionStore

/// How far an upgrade of the key design has come.
public struct UpgradeProgress: Sendable, Hashable {
    /// Items read so far.
    public var scanned: Int
    /// Items given their new lookup entries so far.
    public var upgraded: Int
    /// The table's item count as the store last reported it: a guide, not a promise.
    public var estimatedTotal: Int
}

extension VaultRepository {
    /// The key design this version of VaultDesk writes and reads.
    public static let currentDataModelVersion = KeyDesign.dataModelVersion

    /// The version of the key design the table's items follow (`KeyDesign.dataModelVersion` is
    /// the current one); 1 for a table written before versions were recorded.
    public func dataModelVersion() async throws -> Int {
        guard let marker = try await get(KeyDesign.dataModelPartition, KeyDesign.dataModelSortKey),
            case .n(let number)? = marker["version"], let version = Int(number.description)
        else { return 1 }
        return version
    }

    /// Records that every item follows the current key design. A new table gets it by import
    /// (`fresh`), so the marker adds no record to the stream the console shows.
    func recordCurrentDataModel(fresh: Bool = false) async throws {
        let marker: Item = [
            KeyDesign.partitionKey: .s(KeyDesign.dataModelPartition),
            KeyDesign.sortKey: .s(KeyDesign.dataModelSortKey),
            "version": ItemMapping.number(Int64(KeyDesign.dataModelVersion)),
        ]
        if fresh {
            try await store.importItems([marker], into: tableName)
        } else {
            _ = try await store.putItem(PutItemInput(tableName: tableName, item: marker))
        }
    }

    /// Brings a table written by an earlier version to the current key design: gives every
    /// statement and user its tenant-scoped lookup entry (gsi3), then records the version. Safe
    /// while others write (each item gains two attributes by a conditional update, nothing else
    /// of it is touched), and safe to run again or to resume after an interruption. Returns the
    /// number of items upgraded.
    @discardableResult
    public func upgradeDataModel(progress: @Sendable (UpgradeProgress) -> Void = { _ in }) async throws -> Int {
        guard try await dataModelVersion() < KeyDesign.dataModelVersion else { return 0 }
        let estimate = Int((try? await store.describeTable(tableName).itemCount) ?? 0)
        var state = UpgradeProgress(scanned: 0, upgraded: 0, estimatedTotal: estimate)
        var start: Item?
        repeat {
            let page = try await store.scan(
                ScanInput(
                    tableName: tableName, filterExpression: "#e IN (:s, :u) AND attribute_not_exists(gsi3pk)",
                    expressionAttributeNames: ["#e": KeyDesign.entityAttribute],
                    expressionAttributeValues: [
                        ":s": .s(EntityType.statement.rawValue), ":u": .s(EntityType.user.rawValue),
                    ], limit: 1000, exclusiveStartKey: start, consistentRead: true))
            for item in page.items {
                guard let entry = Self.scopedLookupEntry(of: item) else { continue }
                do throws(StoreError) {
                    _ = try await store.updateItem(
                        UpdateItemInput(
                            tableName: tableName,
                            key: [
                                KeyDesign.partitionKey: item[KeyDesign.partitionKey] ?? .null,
                                KeyDesign.sortKey: item[KeyDesign.sortKey] ?? .null,
                            ], updateExpression: "SET gsi3pk = :pk, gsi3sk = :sk",
                            options: WriteOptions(
                                conditionExpression: "attribute_exists(pk)",
                                expressionAttributeValues: [":pk": .s(entry.partition), ":sk": .s(entry.sort)])))
                    state.upgraded += 1
                } catch {
                    // Deleted since it was read: nothing to upgrade.
                    guard error.code == .conditionalCheckFailed else { throw error }
                }
            }
            state.scanned += page.scannedCount
            progress(state)
            start = page.lastEvaluatedKey
        } while start != nil
        try await recordCurrentDataModel()
        return state.upgraded
    }

    /// The gsi3 entry a stored statement or user gains.
    static func scopedLookupEntry(of item: Item) -> (partition: String, sort: String)? {
        guard case .s(let tenant)? = item["tenant_id"] else { return nil }
        switch item[KeyDesign.entityAttribute] {
        case .s(EntityType.statement.rawValue)?:
            guard case .s(let reference)? = item["reference"] else { return nil }
            return (KeyDesign.tenantReference(tenant, reference), KeyDesign.SortKey.statement)
        case .s(EntityType.user.rawValue)?:
            guard case .s(let email)? = item["email"] else { return nil }
            return (KeyDesign.tenantEmail(tenant, email), KeyDesign.SortKey.user)
        default:
            return nil
        }
    }
}
