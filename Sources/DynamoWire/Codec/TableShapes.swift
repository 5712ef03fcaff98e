import PartitionStore

/// The shapes of tables, written once in both directions: key schemas, attribute definitions,
/// secondary indexes, throughput, stream and TTL settings, and table descriptions.
enum TableShapes {
    // MARK: Key schema and attribute definitions

    static func encode(_ keySchema: [KeySchemaElement]) -> JSONValue {
        .array(
            keySchema.map { element in
                .object(["AttributeName": .string(element.attributeName), "KeyType": .string(element.keyType.rawValue)])
            })
    }

    static func keySchema(_ elements: [WireObject]) throws(WireError) -> [KeySchemaElement] {
        var schema: [KeySchemaElement] = []
        for element in elements {
            schema.append(
                KeySchemaElement(
                    try element.requiredString("AttributeName"),
                    try element.requiredEnumeration("KeyType", KeyType.self)))
        }
        return schema
    }

    static func encode(_ definitions: [AttributeDefinition]) -> JSONValue {
        .array(
            definitions.map { definition in
                .object([
                    "AttributeName": .string(definition.attributeName),
                    "AttributeType": .string(definition.attributeType.rawValue),
                ])
            })
    }

    static func attributeDefinitions(_ objects: [WireObject]) throws(WireError) -> [AttributeDefinition] {
        try objects.map { definition throws(WireError) in
            AttributeDefinition(
                try definition.requiredString("AttributeName"),
                try definition.requiredEnumeration("AttributeType", ScalarAttributeType.self))
        }
    }

    // MARK: Indexes, throughput, streams

    static func encode(_ index: SecondaryIndex) -> JSONValue {
        WireShapes.object([
            "IndexName": .string(index.indexName),
            "KeySchema": encode(index.keySchema),
            "Projection": encode(index.projection),
            "ProvisionedThroughput": index.provisionedThroughput.map(encodeRequested),
        ])
    }

    static func secondaryIndex(_ index: WireObject) throws(WireError) -> SecondaryIndex {
        let projection = try index.requiredObject("Projection")
        return SecondaryIndex(
            indexName: try index.requiredString("IndexName"),
            keySchema: try keySchema(index.requiredObjects("KeySchema")),
            projection: Projection(
                try projection.enumeration("ProjectionType", ProjectionType.self) ?? .include,
                nonKeyAttributes: try projection.strings("NonKeyAttributes")),
            provisionedThroughput: try provisionedThroughput(index.object("ProvisionedThroughput")))
    }

    static func encode(_ projection: Projection) -> JSONValue {
        WireShapes.object([
            "ProjectionType": .string(projection.projectionType.rawValue),
            "NonKeyAttributes": WireShapes.strings(projection.nonKeyAttributes),
        ])
    }

    /// Throughput as a request asks for it.
    static func encodeRequested(_ throughput: ProvisionedThroughput) -> JSONValue {
        .object([
            "ReadCapacityUnits": .number(throughput.readCapacityUnits),
            "WriteCapacityUnits": .number(throughput.writeCapacityUnits),
        ])
    }

    /// Throughput as a request gives it: both members required.
    static func provisionedThroughput(_ object: WireObject?) throws(WireError) -> ProvisionedThroughput? {
        guard let object else { return nil }
        guard let read = try object.int("ReadCapacityUnits") else {
            throw .missing(object.memberPath("ReadCapacityUnits"))
        }
        guard let write = try object.int("WriteCapacityUnits") else {
            throw .missing(object.memberPath("WriteCapacityUnits"))
        }
        return ProvisionedThroughput(readCapacityUnits: Int64(read), writeCapacityUnits: Int64(write))
    }

    /// Throughput as a description reports it: on-demand tables report zero, as DynamoDB does.
    static func encodeReported(_ throughput: ProvisionedThroughput?) -> JSONValue {
        .object([
            "ReadCapacityUnits": .number(throughput?.readCapacityUnits ?? 0),
            "WriteCapacityUnits": .number(throughput?.writeCapacityUnits ?? 0),
            "NumberOfDecreasesToday": .number(0),
        ])
    }

    /// Reported throughput read back: zero is no throughput.
    static func reportedThroughput(_ object: WireObject?) throws(WireError) -> ProvisionedThroughput? {
        guard let object, let read = try WireShapes.number(object, "ReadCapacityUnits"),
            let write = try WireShapes.number(object, "WriteCapacityUnits"),
            read > 0 || write > 0
        else { return nil }
        return ProvisionedThroughput(readCapacityUnits: Int64(read), writeCapacityUnits: Int64(write))
    }

    static func encode(_ stream: StreamSpecification) -> JSONValue {
        WireShapes.object([
            "StreamEnabled": .bool(stream.streamEnabled), "StreamViewType": WireShapes.string(stream.streamViewType),
        ])
    }

    /// A request's stream specification: StreamEnabled is required.
    static func streamSpecification(_ object: WireObject?) throws(WireError) -> StreamSpecification? {
        guard let object else { return nil }
        return StreamSpecification(
            streamEnabled: try object.requiredBool("StreamEnabled"),
            streamViewType: try object.enumeration("StreamViewType", StreamViewType.self))
    }

    // MARK: Time to live

    static func encode(_ specification: TimeToLiveSpecification) -> JSONValue {
        .object(["Enabled": .bool(specification.enabled), "AttributeName": .string(specification.attributeName)])
    }

    static func timeToLiveSpecification(_ specification: WireObject) throws(WireError) -> TimeToLiveSpecification {
        TimeToLiveSpecification(
            enabled: try specification.requiredBool("Enabled"),
            attributeName: try specification.requiredString("AttributeName"))
    }

    // MARK: Tags

    static func tags(_ objects: [WireObject]) throws(WireError) -> [ResourceTag] {
        var tags: [ResourceTag] = []
        tags.reserveCapacity(objects.count)
        for tag in objects {
            tags.append(ResourceTag(key: try tag.requiredString("Key"), value: try tag.requiredString("Value")))
        }
        return tags
    }

    static func encode(_ tags: [ResourceTag]) -> JSONValue {
        .array(tags.map { .object(["Key": .string($0.key), "Value": .string($0.value)]) })
    }

    // MARK: Descriptions

    static func encode(_ table: TableDescription) -> JSONValue {
        WireShapes.object([
            "TableName": .string(table.tableName),
            "TableStatus": .string(table.tableStatus),
            "KeySchema": encode(table.keySchema),
            "AttributeDefinitions": encode(table.attributeDefinitions),
            "CreationDateTime": .number(table.creationDateTime),
            "ItemCount": .number(table.itemCount),
            "TableSizeBytes": .number(table.tableSizeBytes),
            "TableArn": .string(table.tableArn),
            "TableId": .string(table.tableId),
            "ProvisionedThroughput": encodeReported(table.provisionedThroughput),
            "BillingModeSummary": table.billingMode == .payPerRequest
                ? WireShapes.object([
                    "BillingMode": .string(table.billingMode.rawValue),
                    "LastUpdateToPayPerRequestDateTime": table.lastUpdateToPayPerRequest.map { .number($0) },
                ]) : nil,
            "GlobalSecondaryIndexes": table.globalSecondaryIndexes.isEmpty
                ? nil : .array(table.globalSecondaryIndexes.map { encode($0, global: true) }),
            "LocalSecondaryIndexes": table.localSecondaryIndexes.isEmpty
                ? nil : .array(table.localSecondaryIndexes.map { encode($0, global: false) }),
            "StreamSpecification": table.streamSpecification.map(encode),
            "LatestStreamArn": table.latestStreamArn.map(JSONValue.string),
            "LatestStreamLabel": table.latestStreamLabel.map(JSONValue.string),
        ])
    }

    static func tableDescription(_ table: WireObject) throws(WireError) -> TableDescription {
        var billing = BillingMode.provisioned
        var payPerRequestSince: Double?
        if let summary = try table.object("BillingModeSummary"),
            let mode = try summary.enumeration("BillingMode", BillingMode.self)
        {
            billing = mode
            payPerRequestSince = try WireShapes.number(summary, "LastUpdateToPayPerRequestDateTime")
        }
        var stream: StreamSpecification?
        if let specification = try table.object("StreamSpecification") {
            stream = StreamSpecification(
                streamEnabled: try specification.bool("StreamEnabled") ?? false,
                streamViewType: try specification.enumeration("StreamViewType", StreamViewType.self))
        }
        return TableDescription(
            tableName: try table.requiredString("TableName"),
            tableStatus: try table.string("TableStatus") ?? "ACTIVE",
            keySchema: try keySchema(table.requiredObjects("KeySchema")),
            attributeDefinitions: try attributeDefinitions(table.objects("AttributeDefinitions") ?? []),
            creationDateTime: try WireShapes.number(table, "CreationDateTime") ?? 0,
            itemCount: Int64(try WireShapes.number(table, "ItemCount") ?? 0),
            tableSizeBytes: Int64(try WireShapes.number(table, "TableSizeBytes") ?? 0),
            tableArn: try table.string("TableArn") ?? "",
            tableId: try table.string("TableId") ?? "",
            billingMode: billing, lastUpdateToPayPerRequest: payPerRequestSince,
            provisionedThroughput: try reportedThroughput(table.object("ProvisionedThroughput")),
            globalSecondaryIndexes: try (table.objects("GlobalSecondaryIndexes") ?? []).map(indexDescription),
            localSecondaryIndexes: try (table.objects("LocalSecondaryIndexes") ?? []).map(indexDescription),
            streamSpecification: stream,
            latestStreamArn: try table.string("LatestStreamArn"),
            latestStreamLabel: try table.string("LatestStreamLabel"))
    }

    static func encode(_ index: IndexDescription, global: Bool) -> JSONValue {
        WireShapes.object([
            "IndexName": .string(index.indexName),
            "KeySchema": encode(index.keySchema),
            "Projection": encode(index.projection),
            "ItemCount": .number(index.itemCount),
            "IndexSizeBytes": .number(index.indexSizeBytes),
            "IndexArn": .string(index.indexArn),
            "IndexStatus": global ? .string(index.indexStatus) : nil,
            "ProvisionedThroughput": global ? encodeReported(index.provisionedThroughput) : nil,
        ])
    }

    static func indexDescription(_ index: WireObject) throws(WireError) -> IndexDescription {
        let projection = try index.object("Projection")
        return IndexDescription(
            indexName: try index.requiredString("IndexName"),
            keySchema: try keySchema(index.requiredObjects("KeySchema")),
            projection: Projection(
                try projection?.enumeration("ProjectionType", ProjectionType.self) ?? .all,
                nonKeyAttributes: try projection?.strings("NonKeyAttributes")),
            indexStatus: try index.string("IndexStatus") ?? "ACTIVE",
            itemCount: Int64(try WireShapes.number(index, "ItemCount") ?? 0),
            indexSizeBytes: Int64(try WireShapes.number(index, "IndexSizeBytes") ?? 0),
            indexArn: try index.string("IndexArn") ?? "",
            provisionedThroughput: try reportedThroughput(index.object("ProvisionedThroughput")))
    }
}
