import PartitionStore

extension UpdateTableInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var updates: [GlobalSecondaryIndexUpdate] = []
        for update in try request.objects("GlobalSecondaryIndexUpdates") ?? [] {
            if let create = try update.object("Create") {
                updates.append(.create(try TableShapes.secondaryIndex(create)))
            } else if let delete = try update.object("Delete") {
                updates.append(.delete(indexName: try delete.requiredString("IndexName")))
            } else if try update.object("Update") != nil {
                // Changing an index's provisioned throughput has no effect on an embedded store.
                continue
            } else {
                throw .validation(
                    "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be set"
                )
            }
        }
        self.init(
            tableName: try request.requiredString("TableName"),
            attributeDefinitions: try TableShapes.attributeDefinitions(request.objects("AttributeDefinitions") ?? []),
            globalSecondaryIndexUpdates: updates,
            billingMode: try request.enumeration("BillingMode", BillingMode.self),
            provisionedThroughput: try TableShapes.provisionedThroughput(request.object("ProvisionedThroughput")),
            streamSpecification: try TableShapes.streamSpecification(request.object("StreamSpecification")))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableName": .string(tableName),
            "AttributeDefinitions": attributeDefinitions.isEmpty ? nil : TableShapes.encode(attributeDefinitions),
            "GlobalSecondaryIndexUpdates": globalSecondaryIndexUpdates.isEmpty
                ? nil
                : .array(
                    globalSecondaryIndexUpdates.map { update in
                        switch update {
                        case .create(let index): .object(["Create": TableShapes.encode(index)])
                        case .delete(let name): .object(["Delete": .object(["IndexName": .string(name)])])
                        }
                    }),
            "BillingMode": WireShapes.string(billingMode),
            "ProvisionedThroughput": provisionedThroughput.map(TableShapes.encodeRequested),
            "StreamSpecification": streamSpecification.map(TableShapes.encode),
        ])
    }

    public func wireResponse(_ output: TableDescription) -> JSONValue {
        .object(["TableDescription": TableShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TableDescription {
        try TableShapes.tableDescription(response.requiredObject("TableDescription"))
    }
}
