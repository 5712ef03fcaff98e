import PartitionStore

extension TransactGetItemsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var gets: [TransactGetItem] = []
        for entry in try request.requiredObjects("TransactItems") {
            let get = try entry.requiredObject("Get")
            gets.append(
                TransactGetItem(
                    tableName: try get.requiredString("TableName"),
                    key: try get.requiredItem("Key"),
                    projectionExpression: try get.string("ProjectionExpression"),
                    expressionAttributeNames: try get.stringMap("ExpressionAttributeNames")))
        }
        self.init(transactItems: gets, returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TransactItems": .array(
                transactItems.map { get in
                    .object([
                        "Get": WireShapes.object([
                            "TableName": .string(get.tableName), "Key": AttributeJSON.encode(get.key),
                            "ProjectionExpression": get.projectionExpression.map(JSONValue.string),
                            "ExpressionAttributeNames": WireShapes.names(get.expressionAttributeNames),
                        ])
                    ])
                }),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: TransactGetItemsOutput) -> JSONValue {
        WireShapes.object([
            "Responses": .array(
                output.responses.map { item in item.map { .object(["Item": AttributeJSON.encode($0)]) } ?? .object([:])
                }),
            "ConsumedCapacity": WireShapes.encode(output.consumedCapacity),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TransactGetItemsOutput {
        var items: [Item?] = []
        for value in try response.list("Responses") ?? [] {
            items.append(try WireObject(value).item("Item"))
        }
        return TransactGetItemsOutput(
            responses: items, consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
