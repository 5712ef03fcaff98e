import PartitionStore

extension BatchGetItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        guard let tables = try request.map("RequestItems") else { throw .missing("requestItems") }
        var requestItems: [String: KeysAndAttributes] = [:]
        for (table, value) in tables {
            requestItems[table] = try WireShapes.keysAndAttributes(
                WireObject(value, path: "requestItems.\(table).member"))
        }
        self.init(requestItems: requestItems, returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        for request in requestItems.values {
            try WireShapes.refuseLegacy(request.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        }
        return WireShapes.object([
            "RequestItems": .object(requestItems.mapValues(WireShapes.encode)),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: BatchGetItemOutput) -> JSONValue {
        WireShapes.object([
            "Responses": .object(output.responses.mapValues { .array($0.map(AttributeJSON.encode)) }),
            "UnprocessedKeys": .object(output.unprocessedKeys.mapValues(WireShapes.encode)),
            "ConsumedCapacity": WireShapes.encode(output.consumedCapacity),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> BatchGetItemOutput {
        var responses: [String: [Item]] = [:]
        for (table, value) in try response.map("Responses") ?? [:] {
            guard case .array(let values) = value else {
                throw WireError.serialization("Responses.\(table) is not a list")
            }
            var items: [Item] = []
            for item in values { items.append(try AttributeJSON.decodeItem(item)) }
            responses[table] = items
        }
        var unprocessed: [String: KeysAndAttributes] = [:]
        for (table, value) in try response.map("UnprocessedKeys") ?? [:] {
            unprocessed[table] = try WireShapes.keysAndAttributes(WireObject(value, path: "UnprocessedKeys.\(table)"))
        }
        return BatchGetItemOutput(
            responses: responses, unprocessedKeys: unprocessed,
            consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
