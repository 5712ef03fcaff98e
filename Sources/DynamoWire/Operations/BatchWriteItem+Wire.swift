import PartitionStore

extension BatchWriteItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        guard let tables = try request.map("RequestItems") else { throw .missing("requestItems") }
        var requestItems: [String: [WriteRequest]] = [:]
        for (table, value) in tables {
            requestItems[table] = try WireShapes.writeRequests(value, table: table, path: "requestItems")
        }
        self.init(requestItems: requestItems, returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "RequestItems": WireShapes.encode(requestItems),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: BatchWriteItemOutput) -> JSONValue {
        WireShapes.object([
            "UnprocessedItems": WireShapes.encode(output.unprocessedItems),
            "ConsumedCapacity": WireShapes.encode(output.consumedCapacity),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> BatchWriteItemOutput {
        var unprocessed: [String: [WriteRequest]] = [:]
        for (table, value) in try response.map("UnprocessedItems") ?? [:] {
            unprocessed[table] = try WireShapes.writeRequests(value, table: table, path: "UnprocessedItems")
        }
        return BatchWriteItemOutput(
            unprocessedItems: unprocessed,
            consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
