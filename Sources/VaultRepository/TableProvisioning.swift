import Foundation
import PartitionStore

/// What provisioning found or did.
public enum ProvisionOutcome: Sendable, Equatable {
    /// The table was created (and its TTL switched on).
    case created(TableDescription)
    /// The table was there as VaultDesk needs it; `changes` lists what was completed (TTL).
    case ready(TableDescription, changes: [String])
    /// The table is there but differs; nothing was changed.
    case mismatched(TableDescription, problems: [String])
}

extension VaultRepository {
    /// The table VaultDesk needs: its keys, three global indexes (all projected), a stream of new
    /// and old images (the console's live view and diffs), and TTL on `expires_at`.
    public var tableDefinition: CreateTableInput { KeyDesign.tableDefinition(tableName) }

    /// Makes the table ready: creates it when missing and waits until it and its indexes are
    /// ACTIVE, then switches TTL on. An existing table is compared with the definition and left
    /// alone when it matches; a mismatch is reported, never altered.
    public func provisionTable(
        pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(900),
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> ProvisionOutcome {
        guard let existing = try await existingTable() else {
            progress("creating table \(tableName)")
            _ = try await store.createTable(tableDefinition)
            let table = try await waitUntilActive(pollInterval: pollInterval, timeout: timeout, progress: progress)
            progress("switching TTL on for \(KeyDesign.expiryAttribute)")
            _ = try await store.updateTimeToLive(
                tableName: tableName,
                specification: TimeToLiveSpecification(enabled: true, attributeName: KeyDesign.expiryAttribute))
            // A new table's items follow the current key design from the first.
            try await recordCurrentDataModel(fresh: true)
            return .created(table)
        }
        let ttl = try await store.describeTimeToLive(tableName: tableName)
        let problems = Self.mismatches(of: existing, timeToLive: ttl, expected: tableDefinition)
        guard problems.isEmpty else { return .mismatched(existing, problems: problems) }
        let table =
            existing.isActive
            ? existing : try await waitUntilActive(pollInterval: pollInterval, timeout: timeout, progress: progress)
        if ttl.timeToLiveStatus == .disabled {
            progress("switching TTL on for \(KeyDesign.expiryAttribute)")
            _ = try await store.updateTimeToLive(
                tableName: tableName,
                specification: TimeToLiveSpecification(enabled: true, attributeName: KeyDesign.expiryAttribute))
            return .ready(table, changes: ["switched TTL on for \(KeyDesign.expiryAttribute)"])
        }
        return .ready(table, changes: [])
    }

    /// Creates the table when it does not exist yet; refuses a table that does not match.
    public func prepareTable(progress: @Sendable (String) -> Void = { _ in }) async throws {
        if case .mismatched(_, let problems) = try await provisionTable(progress: progress) {
            throw RepositoryError.invalidArgument(
                "The table \(tableName) is not as VaultDesk needs it: \(problems.joined(separator: "; "))")
        }
    }

    /// Whether the table exists at all (matching or not).
    public func tableExists() async throws(StoreError) -> Bool {
        try await existingTable() != nil
    }

    /// The table's description, or nil when there is no such table.
    func existingTable() async throws(StoreError) -> TableDescription? {
        do {
            return try await store.describeTable(tableName)
        } catch {
            if error.code == .resourceNotFound { return nil }
            throw error
        }
    }

    func waitUntilActive(
        pollInterval: Duration, timeout: Duration, progress: @Sendable (String) -> Void
    ) async throws -> TableDescription {
        let deadline = ContinuousClock.now + timeout
        while true {
            let table = try await store.describeTable(tableName)
            if table.isActive { return table }
            guard ContinuousClock.now < deadline else {
                throw RepositoryError.store(
                    "The table \(tableName) is still \(table.tableStatus) after \(timeout); try again later")
            }
            progress("waiting for table \(tableName) to become ACTIVE (now \(table.tableStatus))")
            try await Task.sleep(for: pollInterval)
        }
    }

    /// How an existing table differs from the definition, in words. Extra indexes and extra
    /// attribute definitions are allowed.
    static func mismatches(
        of table: TableDescription, timeToLive: TimeToLiveDescription, expected: CreateTableInput
    ) -> [String] {
        var problems: [String] = []
        func describe(_ schema: [KeySchemaElement]) -> String {
            schema.map { "\($0.attributeName) \($0.keyType.rawValue)" }.joined(separator: ", ")
        }
        if table.keySchema != expected.keySchema {
            problems.append("its key is \(describe(table.keySchema)), not \(describe(expected.keySchema))")
        }
        let types = Dictionary(
            table.attributeDefinitions.map { ($0.attributeName, $0.attributeType) },
            uniquingKeysWith: { first, _ in first })
        for definition in expected.attributeDefinitions {
            if let type = types[definition.attributeName], type != definition.attributeType {
                problems.append(
                    "attribute \(definition.attributeName) is of type \(type.rawValue), not \(definition.attributeType.rawValue)"
                )
            }
        }
        for index in expected.globalSecondaryIndexes {
            guard let actual = table.globalSecondaryIndexes.first(where: { $0.indexName == index.indexName }) else {
                problems.append("global index \(index.indexName) is missing")
                continue
            }
            if actual.keySchema != index.keySchema {
                problems.append(
                    "global index \(index.indexName) has key \(describe(actual.keySchema)), not \(describe(index.keySchema))"
                )
            }
            if actual.projection.projectionType != index.projection.projectionType {
                problems.append(
                    "global index \(index.indexName) projects \(actual.projection.projectionType.rawValue), not \(index.projection.projectionType.rawValue)"
                )
            }
        }
        if let wanted = expected.streamSpecification, wanted.streamEnabled {
            let stream = table.streamSpecification
            if stream?.streamEnabled != true {
                problems.append("its stream is off; it needs \(wanted.streamViewType?.rawValue ?? "a stream")")
            } else if let view = wanted.streamViewType, stream?.streamViewType != view {
                problems.append(
                    "its stream is \(stream?.streamViewType?.rawValue ?? "of no view type"), not \(view.rawValue)")
            }
        }
        if let name = timeToLive.attributeName, name != KeyDesign.expiryAttribute,
            timeToLive.timeToLiveStatus != .disabled
        {
            problems.append("TTL is on \(name), not \(KeyDesign.expiryAttribute)")
        }
        return problems
    }
}

extension TableDescription {
    /// The table and all its global indexes take writes.
    var isActive: Bool {
        tableStatus == "ACTIVE" && globalSecondaryIndexes.allSatisfy { $0.indexStatus == "ACTIVE" }
    }
}
