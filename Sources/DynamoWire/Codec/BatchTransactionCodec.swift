import PartitionStore

/// BatchWriteItem, BatchGetItem, TransactWriteItems and TransactGetItems.
enum BatchTransactionCodec {
    // MARK: Batches

    static func batchWriteItem(_ request: WireObject) throws(WireError) -> BatchWriteItemInput {
        guard let tables = try request.map("RequestItems") else { throw .missing("requestItems") }
        var requestItems: [String: [WriteRequest]] = [:]
        for (table, value) in tables {
            guard case .array(let entries) = value else { throw .serialization("Expected a list of write requests for table '\(table)' but found \(value.kind)") }
            var writes: [WriteRequest] = []
            for (index, entry) in entries.enumerated() {
                let write = try WireObject(entry, path: "requestItems.\(table).\(index + 1).member")
                let put = try write.object("PutRequest")
                let delete = try write.object("DeleteRequest")
                switch (put, delete) {
                case (let put?, nil): writes.append(.put(try put.requiredItem("Item")))
                case (nil, let delete?): writes.append(.delete(key: try delete.requiredItem("Key")))
                default:
                    throw .validation("Supplied WriteRequest must contain exactly one of PutRequest and DeleteRequest")
                }
            }
            requestItems[table] = writes
        }
        return BatchWriteItemInput(requestItems: requestItems, returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    static func batchGetItem(_ request: WireObject) throws(WireError) -> BatchGetItemInput {
        guard let tables = try request.map("RequestItems") else { throw .missing("requestItems") }
        var requestItems: [String: KeysAndAttributes] = [:]
        for (table, value) in tables {
            let entry = try WireObject(value, path: "requestItems.\(table).member")
            var keys: [Item] = []
            for key in try entry.requiredList("Keys") { keys.append(try AttributeJSON.decodeItem(key)) }
            requestItems[table] = KeysAndAttributes(
                keys: keys,
                consistentRead: try entry.bool("ConsistentRead") ?? false,
                projectionExpression: try entry.string("ProjectionExpression"),
                expressionAttributeNames: try entry.stringMap("ExpressionAttributeNames"),
                attributesToGet: try entry.strings("AttributesToGet"))
        }
        return BatchGetItemInput(requestItems: requestItems, returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    static func encode(_ output: BatchWriteItemOutput) -> JSONValue {
        var object: [String: JSONValue] = ["UnprocessedItems": .object(output.unprocessedItems.mapValues { writes in
            .array(writes.map { write in
                switch write {
                case .put(let item): .object(["PutRequest": .object(["Item": AttributeJSON.encode(item)])])
                case .delete(let key): .object(["DeleteRequest": .object(["Key": AttributeJSON.encode(key)])])
                }
            })
        })]
        if let capacity = ItemOperationCodec.encode(output.consumedCapacity) { object["ConsumedCapacity"] = capacity }
        return .object(object)
    }

    static func encode(_ output: BatchGetItemOutput) -> JSONValue {
        var object: [String: JSONValue] = [
            "Responses": .object(output.responses.mapValues { .array($0.map(AttributeJSON.encode)) }),
            "UnprocessedKeys": .object(output.unprocessedKeys.mapValues { keys in
                var entry: [String: JSONValue] = ["Keys": .array(keys.keys.map(AttributeJSON.encode))]
                if keys.consistentRead { entry["ConsistentRead"] = .bool(true) }
                if let projection = keys.projectionExpression { entry["ProjectionExpression"] = .string(projection) }
                if let names = keys.expressionAttributeNames { entry["ExpressionAttributeNames"] = .object(names.mapValues(JSONValue.string)) }
                if let attributes = keys.attributesToGet { entry["AttributesToGet"] = .array(attributes.map(JSONValue.string)) }
                return .object(entry)
            }),
        ]
        if let capacity = ItemOperationCodec.encode(output.consumedCapacity) { object["ConsumedCapacity"] = capacity }
        return .object(object)
    }

    // MARK: Transactions

    static func transactWriteItems(_ request: WireObject) throws(WireError) -> TransactWriteItemsInput {
        var actions: [TransactWriteItem] = []
        for entry in try request.requiredObjects("TransactItems") {
            let kinds = ["ConditionCheck", "Put", "Delete", "Update"].filter { entry.value($0) != nil }
            guard kinds.count == 1, let kind = kinds.first else {
                throw .validation("TransactItems can only contain one of Check, Put, Update or Delete")
            }
            let action = try entry.requiredObject(kind)
            let onFailure = try action.enumeration("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none
            let names = try action.stringMap("ExpressionAttributeNames")
            let values = try action.item("ExpressionAttributeValues")
            let table = try action.requiredString("TableName")
            switch kind {
            case "Put":
                actions.append(.put(PutItemInput(
                    tableName: table, item: try action.requiredItem("Item"),
                    conditionExpression: try action.string("ConditionExpression"),
                    expressionAttributeNames: names, expressionAttributeValues: values,
                    returnValuesOnConditionCheckFailure: onFailure)))
            case "Delete":
                actions.append(.delete(DeleteItemInput(
                    tableName: table, key: try action.requiredItem("Key"),
                    conditionExpression: try action.string("ConditionExpression"),
                    expressionAttributeNames: names, expressionAttributeValues: values,
                    returnValuesOnConditionCheckFailure: onFailure)))
            case "Update":
                actions.append(.update(UpdateItemInput(
                    tableName: table, key: try action.requiredItem("Key"),
                    updateExpression: try action.requiredString("UpdateExpression"),
                    conditionExpression: try action.string("ConditionExpression"),
                    expressionAttributeNames: names, expressionAttributeValues: values,
                    returnValuesOnConditionCheckFailure: onFailure)))
            default:
                actions.append(.conditionCheck(ConditionCheck(
                    tableName: table, key: try action.requiredItem("Key"),
                    conditionExpression: try action.requiredString("ConditionExpression"),
                    expressionAttributeNames: names, expressionAttributeValues: values,
                    returnValuesOnConditionCheckFailure: onFailure)))
            }
        }
        return TransactWriteItemsInput(
            transactItems: actions,
            clientRequestToken: try request.string("ClientRequestToken"),
            returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    static func transactGetItems(_ request: WireObject) throws(WireError) -> TransactGetItemsInput {
        var gets: [TransactGetItem] = []
        for entry in try request.requiredObjects("TransactItems") {
            let get = try entry.requiredObject("Get")
            gets.append(TransactGetItem(
                tableName: try get.requiredString("TableName"),
                key: try get.requiredItem("Key"),
                projectionExpression: try get.string("ProjectionExpression"),
                expressionAttributeNames: try get.stringMap("ExpressionAttributeNames")))
        }
        return TransactGetItemsInput(transactItems: gets, returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    static func encode(_ output: TransactWriteItemsOutput) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let capacity = ItemOperationCodec.encode(output.consumedCapacity) { object["ConsumedCapacity"] = capacity }
        return .object(object)
    }

    static func encode(_ output: TransactGetItemsOutput) -> JSONValue {
        var object: [String: JSONValue] = ["Responses": .array(output.responses.map { item in
            item.map { .object(["Item": AttributeJSON.encode($0)]) } ?? .object([:])
        })]
        if let capacity = ItemOperationCodec.encode(output.consumedCapacity) { object["ConsumedCapacity"] = capacity }
        return .object(object)
    }
}
