import PartitionStore

extension CreateTableInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            keySchema: try TableShapes.keySchema(request.requiredObjects("KeySchema")),
            attributeDefinitions: try TableShapes.attributeDefinitions(request.requiredObjects("AttributeDefinitions")),
            globalSecondaryIndexes: try (request.objects("GlobalSecondaryIndexes") ?? []).map(
                TableShapes.secondaryIndex),
            localSecondaryIndexes: try (request.objects("LocalSecondaryIndexes") ?? []).map(TableShapes.secondaryIndex),
            // DynamoDB's default billing mode is PROVISIONED, which then needs throughput.
            billingMode: try request.enumeration("BillingMode", BillingMode.self) ?? .provisioned,
            provisionedThroughput: try TableShapes.provisionedThroughput(request.object("ProvisionedThroughput")),
            streamSpecification: try TableShapes.streamSpecification(request.object("StreamSpecification")),
            tags: try TableShapes.tags(request.objects("Tags") ?? []))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableName": .string(tableName),
            "KeySchema": TableShapes.encode(keySchema),
            "AttributeDefinitions": TableShapes.encode(attributeDefinitions),
            "BillingMode": .string(billingMode.rawValue),
            "ProvisionedThroughput": provisionedThroughput.map(TableShapes.encodeRequested),
            "GlobalSecondaryIndexes": globalSecondaryIndexes.isEmpty
                ? nil : .array(globalSecondaryIndexes.map(TableShapes.encode)),
            "LocalSecondaryIndexes": localSecondaryIndexes.isEmpty
                ? nil : .array(localSecondaryIndexes.map(TableShapes.encode)),
            "StreamSpecification": streamSpecification.map(TableShapes.encode),
            "Tags": tags.isEmpty ? nil : TableShapes.encode(tags),
        ])
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["TableDescription": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("TableDescription"))
    }
}
