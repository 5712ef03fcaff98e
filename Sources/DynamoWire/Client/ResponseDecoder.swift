import PartitionStore

/// The client's side of the codec for answers: DynamoDB JSON response bodies as store outputs,
/// and error bodies as the store's typed errors (throttling and server errors as retryable
/// remote errors).
public enum ResponseDecoder {
    public static func getItem(_ body: JSONValue) throws(WireError) -> GetItemOutput {
        let response = try WireObject(body)
        return GetItemOutput(item: try response.item("Item"), consumedCapacity: try capacity(response.object("ConsumedCapacity")))
    }

    public static func writeItem(_ body: JSONValue) throws(WireError) -> WriteItemOutput {
        let response = try WireObject(body)
        return WriteItemOutput(attributes: try response.item("Attributes"), consumedCapacity: try capacity(response.object("ConsumedCapacity")))
    }

    public static func page(_ body: JSONValue) throws(WireError) -> ItemPage {
        let response = try WireObject(body)
        var items: [Item] = []
        for value in try response.list("Items") ?? [] { items.append(try AttributeJSON.decodeItem(value)) }
        let count = try response.int("Count") ?? items.count
        return ItemPage(items: items, count: count, scannedCount: try response.int("ScannedCount") ?? count,
                        lastEvaluatedKey: try response.item("LastEvaluatedKey"), consumedCapacity: try capacity(response.object("ConsumedCapacity")))
    }

    public static func batchGetItem(_ body: JSONValue) throws(WireError) -> BatchGetItemOutput {
        let response = try WireObject(body)
        var responses: [String: [Item]] = [:]
        for (table, value) in try response.map("Responses") ?? [:] {
            guard case .array(let values) = value else { throw WireError.serialization("Responses.\(table) is not a list") }
            var items: [Item] = []
            for item in values { items.append(try AttributeJSON.decodeItem(item)) }
            responses[table] = items
        }
        var unprocessed: [String: KeysAndAttributes] = [:]
        for (table, value) in try response.map("UnprocessedKeys") ?? [:] {
            let request = try WireObject(value, path: "UnprocessedKeys.\(table)")
            var keys: [Item] = []
            for key in try request.requiredList("Keys") { keys.append(try AttributeJSON.decodeItem(key)) }
            unprocessed[table] = KeysAndAttributes(keys: keys, consistentRead: try request.bool("ConsistentRead") ?? false,
                                                   projectionExpression: try request.string("ProjectionExpression"),
                                                   expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"))
        }
        return BatchGetItemOutput(responses: responses, unprocessedKeys: unprocessed, consumedCapacity: try capacities(response.list("ConsumedCapacity")))
    }

    public static func batchWriteItem(_ body: JSONValue) throws(WireError) -> BatchWriteItemOutput {
        let response = try WireObject(body)
        var unprocessed: [String: [WriteRequest]] = [:]
        for (table, value) in try response.map("UnprocessedItems") ?? [:] {
            guard case .array(let requests) = value else { throw WireError.serialization("UnprocessedItems.\(table) is not a list") }
            var decoded: [WriteRequest] = []
            for request in requests {
                let object = try WireObject(request)
                if let put = try object.object("PutRequest") {
                    decoded.append(.put(try put.requiredItem("Item")))
                } else if let delete = try object.object("DeleteRequest") {
                    decoded.append(.delete(key: try delete.requiredItem("Key")))
                }
            }
            unprocessed[table] = decoded
        }
        return BatchWriteItemOutput(unprocessedItems: unprocessed, consumedCapacity: try capacities(response.list("ConsumedCapacity")))
    }

    public static func transactWriteItems(_ body: JSONValue) throws(WireError) -> TransactWriteItemsOutput {
        TransactWriteItemsOutput(consumedCapacity: try capacities(WireObject(body).list("ConsumedCapacity")))
    }

    public static func transactGetItems(_ body: JSONValue) throws(WireError) -> TransactGetItemsOutput {
        let response = try WireObject(body)
        var items: [Item?] = []
        for value in try response.list("Responses") ?? [] {
            items.append(try WireObject(value).item("Item"))
        }
        return TransactGetItemsOutput(responses: items, consumedCapacity: try capacities(response.list("ConsumedCapacity")))
    }

    // MARK: Errors

    /// An error response as the error to throw: the store's own errors by their type (with the
    /// item and cancellation reasons they carry), the retryable ones as `RemoteCallError`.
    public static func error(status: Int, body: JSONValue?) -> any Error {
        let type = body?["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? Substring($0)) } ?? "HTTP\(status)"
        let message = body?["message"]?.stringValue ?? body?["Message"]?.stringValue ?? "HTTP status \(status)"
        let remote = RemoteCallError.service(type: type, message: message, status: status)
        if RetryPolicy.isRetryable(remote) { return remote }
        guard let code = StoreError.Code(rawValue: type) else { return remote }
        var error = StoreError(code, message)
        if let item = body?["Item"], let decoded = try? AttributeJSON.decodeItem(item) { error.item = decoded }
        if case .array(let reasons)? = body?["CancellationReasons"] {
            error.cancellationReasons = reasons.map { reason in
                CancellationReason(code: reason["Code"]?.stringValue ?? "None", message: reason["Message"]?.stringValue,
                                   item: reason["Item"].flatMap { try? AttributeJSON.decodeItem($0) })
            }
        }
        return error
    }

    // MARK: Capacity

    static func capacity(_ object: WireObject?) throws(WireError) -> ConsumedCapacity? {
        guard let object else { return nil }
        return ConsumedCapacity(
            tableName: try object.string("TableName") ?? "", capacityUnits: try number(object, "CapacityUnits") ?? 0,
            readCapacityUnits: try number(object, "ReadCapacityUnits"), writeCapacityUnits: try number(object, "WriteCapacityUnits"),
            table: try units(object.object("Table")), localSecondaryIndexes: try unitsMap(object.map("LocalSecondaryIndexes")),
            globalSecondaryIndexes: try unitsMap(object.map("GlobalSecondaryIndexes")))
    }

    static func capacities(_ list: [JSONValue]?) throws(WireError) -> [ConsumedCapacity]? {
        guard let list else { return nil }
        var result: [ConsumedCapacity] = []
        for value in list {
            if let capacity = try capacity(WireObject(value)) { result.append(capacity) }
        }
        return result
    }

    static func units(_ object: WireObject?) throws(WireError) -> Capacity? {
        guard let object else { return nil }
        return Capacity(readCapacityUnits: try number(object, "ReadCapacityUnits"), writeCapacityUnits: try number(object, "WriteCapacityUnits"),
                        capacityUnits: try number(object, "CapacityUnits") ?? 0)
    }

    static func unitsMap(_ members: [String: JSONValue]?) throws(WireError) -> [String: Capacity]? {
        guard let members else { return nil }
        var result: [String: Capacity] = [:]
        for (name, value) in members { result[name] = try units(WireObject(value)) }
        return result
    }

    static func number(_ object: WireObject, _ name: String) throws(WireError) -> Double? {
        guard let value = object.value(name) else { return nil }
        guard case .number(let text) = value, let number = Double(text) else { throw WireError.serialization("\(name) is not a number") }
        return number
    }
}
