import PartitionStore

/// The client's side of the table operations: CreateTable, DescribeTable and the TTL settings,
/// which `vaultdesk provision` and the repository's table preparation send.
extension RequestEncoder {
    public static func createTable(_ input: CreateTableInput) -> JSONValue {
        object([
            "TableName": .string(input.tableName),
            "KeySchema": TableCodec.encode(input.keySchema),
            "AttributeDefinitions": .array(input.attributeDefinitions.map { definition in
                .object(["AttributeName": .string(definition.attributeName), "AttributeType": .string(definition.attributeType.rawValue)])
            }),
            "BillingMode": .string(input.billingMode.rawValue),
            "ProvisionedThroughput": input.provisionedThroughput.map(throughput),
            "GlobalSecondaryIndexes": input.globalSecondaryIndexes.isEmpty ? nil : .array(input.globalSecondaryIndexes.map(index)),
            "LocalSecondaryIndexes": input.localSecondaryIndexes.isEmpty ? nil : .array(input.localSecondaryIndexes.map(index)),
            "StreamSpecification": input.streamSpecification.map { stream in
                object(["StreamEnabled": .bool(stream.streamEnabled), "StreamViewType": stream.streamViewType.map { .string($0.rawValue) }])
            },
        ])
    }

    public static func describeTable(_ tableName: String) -> JSONValue {
        .object(["TableName": .string(tableName)])
    }

    public static func updateTimeToLive(tableName: String, specification: TimeToLiveSpecification) -> JSONValue {
        .object([
            "TableName": .string(tableName),
            "TimeToLiveSpecification": .object(["Enabled": .bool(specification.enabled), "AttributeName": .string(specification.attributeName)]),
        ])
    }

    static func index(_ index: SecondaryIndex) -> JSONValue {
        object([
            "IndexName": .string(index.indexName),
            "KeySchema": TableCodec.encode(index.keySchema),
            "Projection": object([
                "ProjectionType": .string(index.projection.projectionType.rawValue),
                "NonKeyAttributes": index.projection.nonKeyAttributes.map { .array($0.map(JSONValue.string)) },
            ]),
            "ProvisionedThroughput": index.provisionedThroughput.map(throughput),
        ])
    }

    static func throughput(_ throughput: ProvisionedThroughput) -> JSONValue {
        .object(["ReadCapacityUnits": .number(throughput.readCapacityUnits), "WriteCapacityUnits": .number(throughput.writeCapacityUnits)])
    }
}

extension ResponseDecoder {
    /// A `CreateTable` or `DescribeTable` answer's `TableDescription` (or `Table`) member.
    public static func tableDescription(_ body: JSONValue) throws(WireError) -> TableDescription {
        let response = try WireObject(body)
        let table: WireObject
        if let description = try response.object("TableDescription") {
            table = description
        } else {
            table = try response.requiredObject("Table")
        }
        var billing = BillingMode.provisioned
        if let summary = try table.object("BillingModeSummary"), let mode = try summary.enumeration("BillingMode", BillingMode.self) {
            billing = mode
        }
        var stream: StreamSpecification?
        if let specification = try table.object("StreamSpecification") {
            stream = StreamSpecification(streamEnabled: try specification.bool("StreamEnabled") ?? false,
                                         streamViewType: try specification.enumeration("StreamViewType", StreamViewType.self))
        }
        return TableDescription(
            tableName: try table.requiredString("TableName"),
            tableStatus: try table.string("TableStatus") ?? "ACTIVE",
            keySchema: try TableCodec.keySchema(table.requiredObjects("KeySchema")),
            attributeDefinitions: try (table.objects("AttributeDefinitions") ?? []).map { definition throws(WireError) in
                AttributeDefinition(try definition.requiredString("AttributeName"),
                                    try definition.requiredEnumeration("AttributeType", ScalarAttributeType.self))
            },
            creationDateTime: try number(table, "CreationDateTime") ?? 0,
            itemCount: Int64(try number(table, "ItemCount") ?? 0),
            tableSizeBytes: Int64(try number(table, "TableSizeBytes") ?? 0),
            tableArn: try table.string("TableArn") ?? "",
            tableId: try table.string("TableId") ?? "",
            billingMode: billing,
            provisionedThroughput: try readThroughput(table.object("ProvisionedThroughput")),
            globalSecondaryIndexes: try (table.objects("GlobalSecondaryIndexes") ?? []).map(indexDescription),
            localSecondaryIndexes: try (table.objects("LocalSecondaryIndexes") ?? []).map(indexDescription),
            streamSpecification: stream,
            latestStreamArn: try table.string("LatestStreamArn"),
            latestStreamLabel: try table.string("LatestStreamLabel"))
    }

    public static func timeToLiveSpecification(_ body: JSONValue) throws(WireError) -> TimeToLiveSpecification {
        let specification = try WireObject(body).requiredObject("TimeToLiveSpecification")
        return TimeToLiveSpecification(enabled: try specification.requiredBool("Enabled"), attributeName: try specification.requiredString("AttributeName"))
    }

    public static func timeToLiveDescription(_ body: JSONValue) throws(WireError) -> TimeToLiveDescription {
        let description = try WireObject(body).requiredObject("TimeToLiveDescription")
        return TimeToLiveDescription(
            timeToLiveStatus: try description.enumeration("TimeToLiveStatus", TimeToLiveStatus.self) ?? .disabled,
            attributeName: try description.string("AttributeName"))
    }

    static func indexDescription(_ index: WireObject) throws(WireError) -> IndexDescription {
        let projection = try index.object("Projection")
        return IndexDescription(
            indexName: try index.requiredString("IndexName"),
            keySchema: try TableCodec.keySchema(index.requiredObjects("KeySchema")),
            projection: Projection(try projection?.enumeration("ProjectionType", ProjectionType.self) ?? .all,
                                   nonKeyAttributes: try projection?.strings("NonKeyAttributes")),
            indexStatus: try index.string("IndexStatus") ?? "ACTIVE",
            itemCount: Int64(try number(index, "ItemCount") ?? 0),
            indexSizeBytes: Int64(try number(index, "IndexSizeBytes") ?? 0),
            indexArn: try index.string("IndexArn") ?? "",
            provisionedThroughput: try readThroughput(index.object("ProvisionedThroughput")))
    }

    /// On-demand tables report zero throughput; that is no throughput.
    static func readThroughput(_ object: WireObject?) throws(WireError) -> ProvisionedThroughput? {
        guard let object, let read = try number(object, "ReadCapacityUnits"), let write = try number(object, "WriteCapacityUnits"),
              read > 0 || write > 0 else { return nil }
        return ProvisionedThroughput(readCapacityUnits: Int64(read), writeCapacityUnits: Int64(write))
    }
}
