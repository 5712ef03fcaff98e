import PartitionStore

/// A backup's JSON shapes: BackupDetails, the full BackupDescription (with the source table's
/// details and its indexes), and the summary ListBackups gives.
enum BackupShapes {
    static func details(_ backup: BackupDetails) -> JSONValue {
        .object([
            "BackupArn": .string(backup.backupArn),
            "BackupName": .string(backup.backupName),
            "BackupSizeBytes": .number(backup.sizeBytes),
            "BackupStatus": .string(backup.status.rawValue),
            "BackupType": .string(backup.type),
            "BackupCreationDateTime": .number(backup.createdAt),
        ])
    }

    static func description(_ backup: BackupDetails) -> JSONValue {
        let table = backup.source
        return .object([
            "BackupDetails": details(backup),
            "SourceTableDetails": WireShapes.object([
                "TableName": .string(table.tableName),
                "TableId": .string(table.tableId),
                "TableArn": .string(table.tableArn),
                "TableSizeBytes": .number(table.tableSizeBytes),
                "KeySchema": TableShapes.encode(table.keySchema),
                "TableCreationDateTime": .number(table.creationDateTime),
                "ProvisionedThroughput": TableShapes.encodeReported(table.provisionedThroughput),
                "ItemCount": .number(backup.itemCount),
                "BillingMode": .string(table.billingMode.rawValue),
            ]),
            "SourceTableFeatureDetails": WireShapes.object([
                "GlobalSecondaryIndexes": table.globalSecondaryIndexes.isEmpty
                    ? nil : .array(table.globalSecondaryIndexes.map(index)),
                "LocalSecondaryIndexes": table.localSecondaryIndexes.isEmpty
                    ? nil : .array(table.localSecondaryIndexes.map(index)),
            ]),
        ])
    }

    static func summary(_ backup: BackupDetails) -> JSONValue {
        .object([
            "TableName": .string(backup.source.tableName),
            "TableId": .string(backup.source.tableId),
            "TableArn": .string(backup.source.tableArn),
            "BackupArn": .string(backup.backupArn),
            "BackupName": .string(backup.backupName),
            "BackupCreationDateTime": .number(backup.createdAt),
            "BackupStatus": .string(backup.status.rawValue),
            "BackupType": .string(backup.type),
            "BackupSizeBytes": .number(backup.sizeBytes),
        ])
    }

    private static func index(_ index: IndexDescription) -> JSONValue {
        WireShapes.object([
            "IndexName": .string(index.indexName),
            "KeySchema": TableShapes.encode(index.keySchema),
            "Projection": TableShapes.encode(index.projection),
        ])
    }

    /// The client's side: a BackupDescription (or bare BackupDetails) back as details.
    static func backup(
        details object: WireObject, source: WireObject?, features: WireObject?
    ) throws(WireError)
        -> BackupDetails
    {
        func index(_ entry: WireObject) throws(WireError) -> IndexDescription {
            let projection = try entry.requiredObject("Projection")
            return IndexDescription(
                indexName: try entry.requiredString("IndexName"),
                keySchema: try TableShapes.keySchema(entry.requiredObjects("KeySchema")),
                projection: Projection(
                    try projection.enumeration("ProjectionType", ProjectionType.self) ?? .include,
                    nonKeyAttributes: try projection.strings("NonKeyAttributes")))
        }
        func number(_ name: String) throws(WireError) -> Double {
            guard let source else { return 0 }
            return try WireShapes.number(source, name) ?? 0
        }
        let table = TableDescription(
            tableName: try source?.string("TableName") ?? "", tableStatus: "ACTIVE",
            keySchema: try TableShapes.keySchema(source?.objects("KeySchema") ?? []), attributeDefinitions: [],
            creationDateTime: try number("TableCreationDateTime"), itemCount: Int64(try number("ItemCount")),
            tableSizeBytes: Int64(try number("TableSizeBytes")),
            tableArn: try source?.string("TableArn") ?? "", tableId: try source?.string("TableId") ?? "",
            billingMode: try source?.enumeration("BillingMode", BillingMode.self) ?? .payPerRequest,
            provisionedThroughput: try TableShapes.reportedThroughput(source?.object("ProvisionedThroughput")),
            globalSecondaryIndexes: try (features?.objects("GlobalSecondaryIndexes") ?? []).map(index),
            localSecondaryIndexes: try (features?.objects("LocalSecondaryIndexes") ?? []).map(index))
        return BackupDetails(
            backupArn: try object.requiredString("BackupArn"), backupName: try object.requiredString("BackupName"),
            sizeBytes: Int64(try WireShapes.number(object, "BackupSizeBytes") ?? 0),
            status: try object.enumeration("BackupStatus", BackupDetails.Status.self) ?? .available,
            type: try object.string("BackupType") ?? "USER",
            createdAt: try WireShapes.number(object, "BackupCreationDateTime") ?? 0,
            itemCount: Int64(try number("ItemCount")), source: table)
    }

    static func backup(description: WireObject) throws(WireError) -> BackupDetails {
        try backup(
            details: description.requiredObject("BackupDetails"), source: description.object("SourceTableDetails"),
            features: description.object("SourceTableFeatureDetails"))
    }
}
