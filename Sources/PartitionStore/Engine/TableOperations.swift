import Foundation

extension PartitionStore {
    static let maxGlobalIndexes = 20
    static let maxLocalIndexes = 5

    // MARK: CreateTable

    @discardableResult
    public func createTable(_ input: CreateTableInput) throws(StoreError) -> TableDescription {
        try TableValidation.checkName(input.tableName, field: "tableName")
        let definitions = try TableValidation.definitions(input.attributeDefinitions)
        let key = try TableValidation.keyShape(input.keySchema, definitions, field: "keySchema")
        try TableValidation.checkBilling(input.billingMode, input.provisionedThroughput)
        try TagRules.check(input.tags, path: "tags")
        let tags = try TagRules.merged([:], with: input.tags)
        guard input.globalSecondaryIndexes.count <= Self.maxGlobalIndexes else {
            throw .validation(
                "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of \(Self.maxGlobalIndexes)"
            )
        }
        guard input.localSecondaryIndexes.count <= Self.maxLocalIndexes else {
            throw .validation(
                "One or more parameter values were invalid: LocalSecondaryIndex count exceeds the per-table limit of \(Self.maxLocalIndexes)"
            )
        }
        if !input.localSecondaryIndexes.isEmpty, key.range == nil {
            throw .invalidParameter(
                "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
        }
        var seenNames = Set<String>()
        for index in input.globalSecondaryIndexes + input.localSecondaryIndexes {
            guard seenNames.insert(index.indexName).inserted else {
                throw .invalidParameter("Duplicate index name: \(index.indexName)")
            }
        }
        var used = Set(key.attributeNames)
        var globals: [IndexSchema] = []
        var locals: [IndexSchema] = []
        for index in input.localSecondaryIndexes {
            let shape = try TableValidation.indexShape(index, definitions)
            guard shape.hash.attributeName == key.hash.attributeName, shape.range != nil else {
                throw .invalidParameter(
                    "Index KeySchema does not have the same leading hash key as table KeySchema for index: \(index.indexName). index hash key: \(shape.hash.attributeName), table hash key: \(key.hash.attributeName)"
                )
            }
            used.formUnion(shape.attributeNames)
            locals.append(
                IndexSchema(
                    name: index.indexName, isGlobal: false, key: shape, projection: index.projection, sqlTable: "",
                    provisionedThroughput: nil))
        }
        for index in input.globalSecondaryIndexes {
            let shape = try TableValidation.indexShape(index, definitions)
            try TableValidation.checkBilling(input.billingMode, index.provisionedThroughput, indexName: index.indexName)
            used.formUnion(shape.attributeNames)
            globals.append(
                IndexSchema(
                    name: index.indexName, isGlobal: true, key: shape, projection: index.projection, sqlTable: "",
                    provisionedThroughput: index.provisionedThroughput))
        }
        let now = Date().timeIntervalSince1970
        var stream: StreamSettings?
        if let specification = input.streamSpecification,
            specification.streamEnabled || specification.streamViewType != nil
        {
            stream = try TableValidation.stream(specification, current: nil, tableName: input.tableName, now: now)
        }
        let defined = Set(definitions.map(\.attributeName))
        guard defined == used else {
            throw .invalidParameter(
                "Some AttributeDefinitions are not used. AttributeDefinitions: [\(definitions.map(\.attributeName).joined(separator: ", "))], keys used: [\(used.sorted().joined(separator: ", "))]"
            )
        }

        return try exclusiveWrite { connection, catalog throws(StoreError) in
            guard catalog.tables[input.tableName] == nil else {
                throw StoreError(.resourceInUse, "Table already exists: \(input.tableName)")
            }
            return try sql(connection) {
                let id = try Catalog.nextTableId(connection)
                var schema = TableSchema(
                    name: input.tableName, id: id, tableId: UUID().uuidString.lowercased(), key: key,
                    attributeDefinitions: definitions, globalIndexes: [], localIndexes: [],
                    createdAt: now, billingMode: input.billingMode,
                    provisionedThroughput: input.provisionedThroughput, nextIndexNumber: 1, stream: stream,
                    tags: tags.isEmpty ? nil : tags, region: configuration.region)
                try connection.execute(
                    "CREATE TABLE \(schema.sqlTable)(ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ph, pk, sk)) WITHOUT ROWID"
                )
                for var index in locals {
                    index.sqlTable = try Self.createIndexTable(&schema, connection)
                    schema.localIndexes.append(index)
                }
                for var index in globals {
                    index.sqlTable = try Self.createIndexTable(&schema, connection)
                    schema.globalIndexes.append(index)
                }
                try Catalog.save(schema, connection)
                try reloadCatalog(connection)
                return try describe(schema, connection, status: "ACTIVE")
            }
        }
    }

    /// Creates the SQLite table behind one index. Rows carry the base table's key after the index
    /// key, so duplicate index keys have a total, stable order and paging never skips or repeats.
    private static func createIndexTable(_ schema: inout TableSchema, _ connection: SQLiteConnection) throws -> String {
        let name = "index_\(schema.id)_\(schema.nextIndexNumber)"
        schema.nextIndexNumber += 1
        try connection.execute(
            "CREATE TABLE \(name)(ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, tpk BLOB NOT NULL, tsk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ph, pk, sk, tpk, tsk)) WITHOUT ROWID"
        )
        return name
    }

    // MARK: DescribeTable, ListTables

    /// The engine's schema of a table, for tests and tools that inspect the layout.
    func describeSchema(_ tableName: String) throws(StoreError) -> TableSchema {
        try read { _, catalog throws(StoreError) in try schema(tableName, in: catalog) }
    }

    public func describeTable(_ tableName: String) throws(StoreError) -> TableDescription {
        try read { connection, _ throws(StoreError) in
            // As the file has it now: another process may have changed the table since.
            let schema = try schema(tableName, in: refreshedCatalog(connection))
            return try sql(connection) { try describe(schema, connection, status: "ACTIVE") }
        }
    }

    /// Table names in order, at most `limit` (1–100) after `exclusiveStartTableName`.
    public func listTables(
        exclusiveStartTableName: String? = nil, limit: Int? = nil
    ) throws(StoreError) -> ListTablesOutput {
        if let limit, !(1...100).contains(limit) {
            throw .constraint(
                .value("\(limit)"), at: "limit",
                "Member must have value \(limit < 1 ? "greater than or equal to 1" : "less than or equal to 100")")
        }
        let pageSize = limit ?? 100
        return try read { connection, _ throws(StoreError) in
            try sql(connection) {
                let statement = try connection.statement(
                    "SELECT name FROM vd_tables WHERE name > ? ORDER BY name LIMIT ?")
                defer { statement.reset() }
                statement.bind(1, exclusiveStartTableName ?? "")
                statement.bind(2, Int64(pageSize + 1))
                var names: [String] = []
                while try statement.step() { names.append(statement.text(0)) }
                let more = names.count > pageSize
                let page = Array(names.prefix(pageSize))
                return ListTablesOutput(tableNames: page, lastEvaluatedTableName: more ? page.last : nil)
            }
        }
    }

    func describe(_ schema: TableSchema, _ connection: SQLiteConnection, status: String) throws -> TableDescription {
        let (count, bytes) = try rowCounts.counts(of: schema.sqlTable) {
            try Self.countRows(schema.sqlTable, connection)
        }
        func indexDescription(_ index: IndexSchema) throws -> IndexDescription {
            let (count, bytes) = try rowCounts.counts(of: index.sqlTable) {
                try Self.countRows(index.sqlTable, connection)
            }
            return IndexDescription(
                indexName: index.name, keySchema: index.key.keySchema, projection: index.projection,
                indexStatus: "ACTIVE", itemCount: count, indexSizeBytes: bytes,
                indexArn: "\(schema.arn)/index/\(index.name)", provisionedThroughput: index.provisionedThroughput)
        }
        return TableDescription(
            tableName: schema.name, tableStatus: status, keySchema: schema.key.keySchema,
            attributeDefinitions: schema.attributeDefinitions, creationDateTime: schema.createdAt,
            itemCount: count, tableSizeBytes: bytes, tableArn: schema.arn, tableId: schema.tableId,
            billingMode: schema.billingMode,
            lastUpdateToPayPerRequest: schema.billingMode == .payPerRequest
                ? (schema.billingModeChangedAt ?? schema.createdAt) : nil,
            provisionedThroughput: schema.provisionedThroughput,
            globalSecondaryIndexes: try schema.globalIndexes.map(indexDescription),
            localSecondaryIndexes: try schema.localIndexes.map(indexDescription),
            streamSpecification: schema.activeStream.map {
                StreamSpecification(streamEnabled: true, streamViewType: $0.viewType)
            },
            latestStreamArn: schema.stream.map(schema.streamArn), latestStreamLabel: schema.stream?.label)
    }

    /// Row count and stored bytes, counted when asked (DynamoDB refreshes these only every few
    /// hours; counting is exact and, on a million rows, takes tens of milliseconds).
    private static func countRows(_ table: String, _ connection: SQLiteConnection) throws -> (Int64, Int64) {
        let statement = try connection.statement("SELECT count(*), coalesce(sum(length(item)), 0) FROM \(table)")
        defer { statement.reset() }
        guard try statement.step() else { return (0, 0) }
        return (statement.int64(0), statement.int64(1))
    }

    // MARK: DeleteTable

    @discardableResult
    public func deleteTable(_ tableName: String) throws(StoreError) -> TableDescription {
        try exclusiveWrite { connection, catalog throws(StoreError) in
            let schema = try schema(tableName, in: catalog)
            return try sql(connection) {
                let description = try describe(schema, connection, status: "DELETING")
                // As in DynamoDB, a table with point-in-time recovery leaves a SYSTEM backup.
                if schema.pointInTimeRecovery != nil { try writeSystemBackup(schema, connection) }
                for table in [schema.sqlTable] + schema.indexes.map(\.sqlTable) {
                    connection.forgetStatements(mentioning: table)
                    try connection.execute("DROP TABLE \(table)")
                }
                try ChangeHistory.forget(schema, connection)
                let expiries = try connection.statement("DELETE FROM vd_ttl WHERE table_id = ?1")
                expiries.bind(1, schema.id)
                try expiries.run()
                // Its stream stays readable, disabled, for the stream retention, as in DynamoDB.
                if let stream = schema.stream {
                    try Catalog.retire(stream, of: schema, at: Date().timeIntervalSince1970, connection)
                }
                try Catalog.remove(tableName, connection)
                try reloadCatalog(connection)
                return description
            }
        }
    }

    // MARK: UpdateTable

    @discardableResult
    public func updateTable(_ input: UpdateTableInput) throws(StoreError) -> TableDescription {
        guard input.globalSecondaryIndexUpdates.count <= 1 else {
            throw .validation(
                "One or more parameter values were invalid: Only 1 online index operation can be performed at a time")
        }
        return try exclusiveWrite { connection, catalog throws(StoreError) in
            var schema = try schema(input.tableName, in: catalog)
            if input.billingMode != nil || input.provisionedThroughput != nil {
                let mode = input.billingMode ?? schema.billingMode
                try TableValidation.checkBilling(
                    mode, input.provisionedThroughput ?? (mode == .provisioned ? schema.provisionedThroughput : nil))
                if mode != schema.billingMode { schema.billingModeChangedAt = Date().timeIntervalSince1970 }
                schema.billingMode = mode
                schema.provisionedThroughput =
                    mode == .provisioned ? (input.provisionedThroughput ?? schema.provisionedThroughput) : nil
            }
            var replacedStream: (StreamSettings, TableSchema)?
            if input.streamSpecification != nil {
                let now = Date().timeIntervalSince1970
                let previous = schema
                schema.stream = try TableValidation.stream(
                    input.streamSpecification, current: schema.stream, tableName: schema.name, now: now)
                // A new stream replaces the old one, which stays readable, disabled.
                if let old = previous.stream, schema.stream?.label != old.label { replacedStream = (old, previous) }
            }
            var backfill: IndexSchema?
            switch input.globalSecondaryIndexUpdates.first {
            case .create(let index):
                guard schema.index(named: index.indexName) == nil else {
                    throw .validation(
                        "One or more parameter values were invalid: Attempting to create an index which already exists")
                }
                guard schema.globalIndexes.count < Self.maxGlobalIndexes else {
                    throw StoreError(
                        .limitExceeded,
                        "Subscriber limit exceeded: The table can have at most \(Self.maxGlobalIndexes) global secondary indexes"
                    )
                }
                try TableValidation.checkName(index.indexName, field: "indexName")
                var merged = schema.attributeDefinitions
                for definition in try TableValidation.definitions(input.attributeDefinitions) {
                    if let existing = merged.first(where: { $0.attributeName == definition.attributeName }) {
                        guard existing.attributeType == definition.attributeType else {
                            throw .invalidParameter(
                                "Cannot change the type of attribute \(definition.attributeName) from \(existing.attributeType.rawValue) to \(definition.attributeType.rawValue)"
                            )
                        }
                    } else {
                        merged.append(definition)
                    }
                }
                let shape = try TableValidation.indexShape(index, merged)
                try TableValidation.checkBilling(
                    schema.billingMode, index.provisionedThroughput, indexName: index.indexName)
                let used = Set(
                    schema.key.attributeNames + schema.indexes.flatMap(\.key.attributeNames) + shape.attributeNames)
                schema.attributeDefinitions = merged.filter { used.contains($0.attributeName) }
                let created = IndexSchema(
                    name: index.indexName, isGlobal: true, key: shape, projection: index.projection, sqlTable: "",
                    provisionedThroughput: index.provisionedThroughput)
                backfill = created
                schema.globalIndexes.append(created)
            case .delete(let indexName):
                guard let position = schema.globalIndexes.firstIndex(where: { $0.name == indexName }) else {
                    throw StoreError(
                        .resourceNotFound,
                        "Requested resource not found: Index: \(indexName) not found for table \(input.tableName)")
                }
                let removed = schema.globalIndexes.remove(at: position)
                let used = Set(schema.key.attributeNames + schema.indexes.flatMap(\.key.attributeNames))
                schema.attributeDefinitions = schema.attributeDefinitions.filter { used.contains($0.attributeName) }
                try sql(connection) {
                    connection.forgetStatements(mentioning: removed.sqlTable)
                    try connection.execute("DROP TABLE \(removed.sqlTable)")
                }
            case nil:
                break
            }
            let final = schema
            let replaced = replacedStream
            return try sql(connection) {
                if let (old, previous) = replaced {
                    try Catalog.retire(old, of: previous, at: Date().timeIntervalSince1970, connection)
                }
                var updated = final
                if let index = backfill,
                    let position = updated.globalIndexes.firstIndex(where: { $0.name == index.name })
                {
                    updated.globalIndexes[position].sqlTable = try Self.createIndexTable(&updated, connection)
                    try backfillIndex(updated.globalIndexes[position], of: updated, connection)
                }
                try Catalog.save(updated, connection)
                try reloadCatalog(connection)
                return try describe(updated, connection, status: "ACTIVE")
            }
        }
    }

    /// Writes index entries for every existing item. Items whose index key attribute has the
    /// wrong type are left out of the index, as DynamoDB does during a backfill.
    private func backfillIndex(_ index: IndexSchema, of schema: TableSchema, _ connection: SQLiteConnection) throws {
        let scan = try SQLiteStatement(connection: connection, sql: "SELECT item FROM \(schema.sqlTable)")
        while try scan.step() {
            let item = try scan.withBlob(0) { raw throws(StoreError) in try ItemCodec.decode(raw) }
            guard let indexKey = try? index.encodedKey(ofItem: item) else { continue }
            let tableKey = try schema.key.encodedKey(ofItem: item)
            try IndexWriter.insert(
                index, key: indexKey, tableKey: tableKey, item: index.project(item, tableKey: schema.key), connection)
        }
    }
}

/// Checks on table and index definitions, with DynamoDB's wording.
enum TableValidation {
    /// The stream after a CreateTable or UpdateTable that carries `specification`.
    static func stream(
        _ specification: StreamSpecification?, current: StreamSettings?, tableName: String, now: Double
    ) throws(StoreError) -> StreamSettings? {
        guard let specification else { return current }
        if specification.streamEnabled {
            guard let viewType = specification.streamViewType else {
                throw .invalidParameter("StreamViewType is required when StreamEnabled is true")
            }
            if current?.enabled == true {
                throw .validation("Table already has an enabled stream: TableName: \(tableName)")
            }
            // The label names the stream: the moment it was enabled, to the millisecond, and
            // never the same as the previous stream's.
            var created = now
            if let current, created <= current.createdAt { created = current.createdAt + 0.001 }
            return StreamSettings(
                enabled: true, viewType: viewType, label: StreamLabel.make(created), createdAt: created)
        }
        if specification.streamViewType != nil {
            throw .invalidParameter("StreamViewType cannot be specified when StreamEnabled is false")
        }
        guard var current, current.enabled else {
            throw .validation("Table does not have an enabled stream to disable: TableName: \(tableName)")
        }
        current.enabled = false
        return current
    }

    static func checkName(_ name: String, field: String) throws(StoreError) {
        guard name.utf8.count >= 3 else {
            throw .constraint(.value("\(name)"), at: "\(field)", "Member must have length greater than or equal to 3")
        }
        guard name.utf8.count <= 255 else {
            throw .constraint(.value("\(name)"), at: "\(field)", "Member must have length less than or equal to 255")
        }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        guard allowed else {
            throw .constraint(
                .value("\(name)"), at: "\(field)", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
    }

    /// DynamoDB's longest name of a key attribute, of a table or an index, and of an attribute an
    /// index projects by name.
    static let maxKeyNameBytes = 255

    static func definitions(_ definitions: [AttributeDefinition]) throws(StoreError) -> [AttributeDefinition] {
        var seen = Set<String>()
        for definition in definitions {
            guard !definition.attributeName.isEmpty else {
                throw .invalidParameter("Empty attribute name in AttributeDefinitions")
            }
            guard seen.insert(definition.attributeName).inserted else {
                throw .invalidParameter("Cannot have two attributes with the same name")
            }
        }
        return definitions
    }

    static func keyShape(
        _ schema: [KeySchemaElement], _ definitions: [AttributeDefinition], field: String, indexName: String? = nil
    ) throws(StoreError) -> KeyShape {
        guard (1...2).contains(schema.count) else {
            throw .constraint(
                .value("\(schema.count) elements"), at: "\(field)",
                "Member must have length less than or equal to 2 and greater than or equal to 1")
        }
        for (position, element) in schema.enumerated() where element.attributeName.utf8.count > maxKeyNameBytes {
            throw .constraint(
                .value(element.attributeName), at: "\(field).\(position + 1).member.attributeName",
                "Member must have length less than or equal to \(maxKeyNameBytes)")
        }
        guard schema[0].keyType == .hash else {
            throw .invalidParameter("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        }
        if schema.count == 2 {
            guard schema[1].keyType == .range else {
                throw .invalidParameter("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
            }
            guard schema[0].attributeName != schema[1].attributeName else {
                throw .invalidParameter(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name")
            }
        }
        func definition(_ name: String) throws(StoreError) -> AttributeDefinition {
            guard let found = definitions.first(where: { $0.attributeName == name }) else {
                let forIndex = indexName.map { " for index \($0)" } ?? ""
                throw .invalidParameter(
                    "Some index key attributes are not defined in AttributeDefinitions\(forIndex). Keys: [\(schema.map(\.attributeName).joined(separator: ", "))], AttributeDefinitions: [\(definitions.map(\.attributeName).joined(separator: ", "))]"
                )
            }
            return found
        }
        return KeyShape(
            hash: try definition(schema[0].attributeName),
            range: schema.count == 2 ? try definition(schema[1].attributeName) : nil)
    }

    static func indexShape(_ index: SecondaryIndex, _ definitions: [AttributeDefinition]) throws(StoreError) -> KeyShape
    {
        try checkName(index.indexName, field: "indexName")
        let shape = try keyShape(index.keySchema, definitions, field: "keySchema", indexName: index.indexName)
        let projection = index.projection
        switch projection.projectionType {
        case .include:
            guard let attributes = projection.nonKeyAttributes, !attributes.isEmpty else {
                throw .invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
            }
            guard attributes.count <= 100, Set(attributes).count == attributes.count else {
                throw .invalidParameter(
                    "NonKeyAttributes for index \(index.indexName) must be at most 100 distinct names")
            }
            if let long = attributes.first(where: { $0.isEmpty || $0.utf8.count > maxKeyNameBytes }) {
                throw .constraint(
                    .value(long), at: "projection.nonKeyAttributes",
                    "Member must have length less than or equal to \(maxKeyNameBytes) and greater than or equal to 1")
            }
        case .all, .keysOnly:
            if projection.nonKeyAttributes != nil {
                throw .invalidParameter(
                    "ProjectionType is \(projection.projectionType.rawValue), but NonKeyAttributes is specified")
            }
        }
        return shape
    }

    static func checkBilling(
        _ mode: BillingMode, _ throughput: ProvisionedThroughput?, indexName: String? = nil
    ) throws(StoreError) {
        switch mode {
        case .provisioned:
            guard let throughput else {
                if indexName != nil { return }
                throw .invalidParameter(
                    "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
            }
            guard throughput.readCapacityUnits >= 1, throughput.writeCapacityUnits >= 1 else {
                throw .constraint(
                    .value("\(min(throughput.readCapacityUnits, throughput.writeCapacityUnits))"),
                    at: "provisionedThroughput", "Member must have value greater than or equal to 1")
            }
        case .payPerRequest:
            if throughput != nil {
                throw .invalidParameter(
                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
                )
            }
        }
    }
}
