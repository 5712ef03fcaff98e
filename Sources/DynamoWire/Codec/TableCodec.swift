import PartitionStore

/// CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and the TTL operations.
enum TableCodec {
    // MARK: Requests

    static func createTable(_ request: WireObject) throws(WireError) -> CreateTableInput {
        let throughput = try provisionedThroughput(request.object("ProvisionedThroughput"))
        // DynamoDB's default billing mode is PROVISIONED, which then needs throughput.
        let billing = try request.enumeration("BillingMode", BillingMode.self) ?? .provisioned
        return CreateTableInput(
            tableName: try request.requiredString("TableName"),
            keySchema: try keySchema(request.requiredObjects("KeySchema")),
            attributeDefinitions: try request.requiredObjects("AttributeDefinitions").map { definition throws(WireError) in
                AttributeDefinition(
                    try definition.requiredString("AttributeName"),
                    try definition.requiredEnumeration("AttributeType", ScalarAttributeType.self))
            },
            globalSecondaryIndexes: try (request.objects("GlobalSecondaryIndexes") ?? []).map(secondaryIndex),
            localSecondaryIndexes: try (request.objects("LocalSecondaryIndexes") ?? []).map(secondaryIndex),
            billingMode: billing,
            provisionedThroughput: throughput,
            streamSpecification: try streamSpecification(request.object("StreamSpecification")))
    }

    static func updateTable(_ request: WireObject) throws(WireError) -> UpdateTableInput {
        var updates: [GlobalSecondaryIndexUpdate] = []
        for update in try request.objects("GlobalSecondaryIndexUpdates") ?? [] {
            if let create = try update.object("Create") {
                updates.append(.create(try secondaryIndex(create)))
            } else if let delete = try update.object("Delete") {
                updates.append(.delete(indexName: try delete.requiredString("IndexName")))
            } else if try update.object("Update") != nil {
                // Changing an index's provisioned throughput has no effect on an embedded store.
                continue
            } else {
                throw .validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be set")
            }
        }
        return UpdateTableInput(
            tableName: try request.requiredString("TableName"),
            attributeDefinitions: try (request.objects("AttributeDefinitions") ?? []).map { definition throws(WireError) in
                AttributeDefinition(
                    try definition.requiredString("AttributeName"),
                    try definition.requiredEnumeration("AttributeType", ScalarAttributeType.self))
            },
            globalSecondaryIndexUpdates: updates,
            billingMode: try request.enumeration("BillingMode", BillingMode.self),
            provisionedThroughput: try provisionedThroughput(request.object("ProvisionedThroughput")),
            streamSpecification: try streamSpecification(request.object("StreamSpecification")))
    }

    static func keySchema(_ elements: [WireObject]) throws(WireError) -> [KeySchemaElement] {
        var schema: [KeySchemaElement] = []
        for element in elements {
            schema.append(KeySchemaElement(try element.requiredString("AttributeName"), try element.requiredEnumeration("KeyType", KeyType.self)))
        }
        return schema
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

    static func provisionedThroughput(_ object: WireObject?) throws(WireError) -> ProvisionedThroughput? {
        guard let object else { return nil }
        guard let read = try object.int("ReadCapacityUnits") else { throw .missing(object.memberPath("ReadCapacityUnits")) }
        guard let write = try object.int("WriteCapacityUnits") else { throw .missing(object.memberPath("WriteCapacityUnits")) }
        return ProvisionedThroughput(readCapacityUnits: Int64(read), writeCapacityUnits: Int64(write))
    }

    static func streamSpecification(_ object: WireObject?) throws(WireError) -> StreamSpecification? {
        guard let object else { return nil }
        return StreamSpecification(
            streamEnabled: try object.requiredBool("StreamEnabled"),
            streamViewType: try object.enumeration("StreamViewType", StreamViewType.self))
    }

    static func timeToLiveSpecification(_ request: WireObject) throws(WireError) -> TimeToLiveSpecification {
        let specification = try request.requiredObject("TimeToLiveSpecification")
        return TimeToLiveSpecification(
            enabled: try specification.requiredBool("Enabled"),
            attributeName: try specification.requiredString("AttributeName"))
    }

    // MARK: Responses

    static func encode(_ table: TableDescription) -> JSONValue {
        var object: [String: JSONValue] = [
            "TableName": .string(table.tableName),
            "TableStatus": .string(table.tableStatus),
            "KeySchema": encode(table.keySchema),
            "AttributeDefinitions": .array(table.attributeDefinitions.map { definition in
                .object(["AttributeName": .string(definition.attributeName), "AttributeType": .string(definition.attributeType.rawValue)])
            }),
            "CreationDateTime": .number(table.creationDateTime),
            "ItemCount": .number(table.itemCount),
            "TableSizeBytes": .number(table.tableSizeBytes),
            "TableArn": .string(table.tableArn),
            "TableId": .string(table.tableId),
            "ProvisionedThroughput": encode(table.provisionedThroughput),
        ]
        if table.billingMode == .payPerRequest {
            object["BillingModeSummary"] = .object(["BillingMode": .string(table.billingMode.rawValue)])
        }
        if !table.globalSecondaryIndexes.isEmpty {
            object["GlobalSecondaryIndexes"] = .array(table.globalSecondaryIndexes.map { encode($0, global: true) })
        }
        if !table.localSecondaryIndexes.isEmpty {
            object["LocalSecondaryIndexes"] = .array(table.localSecondaryIndexes.map { encode($0, global: false) })
        }
        if let stream = table.streamSpecification {
            var specification: [String: JSONValue] = ["StreamEnabled": .bool(stream.streamEnabled)]
            if let view = stream.streamViewType { specification["StreamViewType"] = .string(view.rawValue) }
            object["StreamSpecification"] = .object(specification)
        }
        if let arn = table.latestStreamArn { object["LatestStreamArn"] = .string(arn) }
        if let label = table.latestStreamLabel { object["LatestStreamLabel"] = .string(label) }
        return .object(object)
    }

    static func encode(_ keySchema: [KeySchemaElement]) -> JSONValue {
        .array(keySchema.map { element in
            .object(["AttributeName": .string(element.attributeName), "KeyType": .string(element.keyType.rawValue)])
        })
    }

    /// On-demand tables report zero throughput, as DynamoDB does.
    static func encode(_ throughput: ProvisionedThroughput?) -> JSONValue {
        .object([
            "ReadCapacityUnits": .number(throughput?.readCapacityUnits ?? 0),
            "WriteCapacityUnits": .number(throughput?.writeCapacityUnits ?? 0),
            "NumberOfDecreasesToday": .number(0),
        ])
    }

    static func encode(_ index: IndexDescription, global: Bool) -> JSONValue {
        var projection: [String: JSONValue] = ["ProjectionType": .string(index.projection.projectionType.rawValue)]
        if let attributes = index.projection.nonKeyAttributes { projection["NonKeyAttributes"] = .array(attributes.map(JSONValue.string)) }
        var object: [String: JSONValue] = [
            "IndexName": .string(index.indexName),
            "KeySchema": encode(index.keySchema),
            "Projection": .object(projection),
            "ItemCount": .number(index.itemCount),
            "IndexSizeBytes": .number(index.indexSizeBytes),
            "IndexArn": .string(index.indexArn),
        ]
        if global {
            object["IndexStatus"] = .string(index.indexStatus)
            object["ProvisionedThroughput"] = encode(index.provisionedThroughput)
        }
        return .object(object)
    }

    static func encode(_ tables: ListTablesOutput) -> JSONValue {
        var object: [String: JSONValue] = ["TableNames": .array(tables.tableNames.map(JSONValue.string))]
        if let last = tables.lastEvaluatedTableName { object["LastEvaluatedTableName"] = .string(last) }
        return .object(object)
    }

    static func encode(_ specification: TimeToLiveSpecification) -> JSONValue {
        .object(["TimeToLiveSpecification": .object([
            "Enabled": .bool(specification.enabled), "AttributeName": .string(specification.attributeName),
        ])])
    }

    static func encode(_ description: TimeToLiveDescription) -> JSONValue {
        var object: [String: JSONValue] = ["TimeToLiveStatus": .string(description.timeToLiveStatus.rawValue)]
        if let name = description.attributeName { object["AttributeName"] = .string(name) }
        return .object(["TimeToLiveDescription": .object(object)])
    }
}
