import PartitionStore

extension GetItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            attributesToGet: try request.strings("AttributesToGet"),
            projectionExpression: try request.string("ProjectionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return WireShapes.object([
            "TableName": .string(tableName), "Key": AttributeJSON.encode(key),
            "ConsistentRead": consistentRead ? .bool(true) : nil,
            "ProjectionExpression": projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": WireShapes.names(expressionAttributeNames),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: GetItemOutput) -> JSONValue {
        WireShapes.object([
            "Item": output.item.map(AttributeJSON.encode),
            "ConsumedCapacity": output.consumedCapacity.map(WireShapes.encode),
        ])
    }

    /// An unprojected item is written straight from its stored form.
    public func wireAnswer(blockingOn store: PartitionStore) throws(StoreError) -> JSONValue {
        guard let (item, capacity) = try store.getItemStored(self) else {
            return wireResponse(try run(blockingOn: store))
        }
        var text: [UInt8] = []
        try item?.writeDynamoJSON(into: &text)
        return WireShapes.object([
            "Item": item == nil ? nil : .encoded(text),
            "ConsumedCapacity": capacity.map(WireShapes.encode),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> GetItemOutput {
        GetItemOutput(
            item: try response.item("Item"),
            consumedCapacity: try WireShapes.capacity(response.object("ConsumedCapacity")))
    }
}
