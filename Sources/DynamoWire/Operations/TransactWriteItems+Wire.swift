import PartitionStore

extension TransactWriteItemsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var actions: [TransactWriteItem] = []
        for entry in try request.requiredObjects("TransactItems") {
            let kinds = ["ConditionCheck", "Put", "Delete", "Update"].filter { entry.value($0) != nil }
            guard kinds.count == 1, let kind = kinds.first else {
                throw .validation("TransactItems can only contain one of Check, Put, Update or Delete")
            }
            let action = try entry.requiredObject(kind)
            let onFailure =
                try action.enumeration("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self)
                ?? .none
            let names = try action.stringMap("ExpressionAttributeNames")
            let values = try action.item("ExpressionAttributeValues")
            let table = try action.requiredString("TableName")
            /// A put, update or delete with the condition members every element carries.
            func conditioned<Write: ConditionalWrite>(_ write: Write) throws(WireError) -> Write {
                var write = write
                write.conditionExpression = try action.string("ConditionExpression")
                write.expressionAttributeNames = names
                write.expressionAttributeValues = values
                write.returnValuesOnConditionCheckFailure = onFailure
                return write
            }
            switch kind {
            case "Put":
                actions.append(
                    .put(try conditioned(PutItemInput(tableName: table, item: try action.requiredItem("Item")))))
            case "Delete":
                actions.append(
                    .delete(try conditioned(DeleteItemInput(tableName: table, key: try action.requiredItem("Key")))))
            case "Update":
                actions.append(
                    .update(
                        try conditioned(
                            UpdateItemInput(
                                tableName: table, key: try action.requiredItem("Key"),
                                updateExpression: try action.requiredString("UpdateExpression")))))
            default:
                actions.append(
                    .conditionCheck(
                        ConditionCheck(
                            tableName: table, key: try action.requiredItem("Key"),
                            conditionExpression: try action.requiredString("ConditionExpression"),
                            expressionAttributeNames: names, expressionAttributeValues: values,
                            returnValuesOnConditionCheckFailure: onFailure)))
            }
        }
        self.init(
            transactItems: actions,
            clientRequestToken: try request.string("ClientRequestToken"),
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        var items: [JSONValue] = []
        for item in transactItems {
            switch item {
            case .put(let put): items.append(.object(["Put": try Self.part(put.wireRequest())]))
            case .update(let update): items.append(.object(["Update": try Self.part(update.wireRequest())]))
            case .delete(let delete): items.append(.object(["Delete": try Self.part(delete.wireRequest())]))
            case .conditionCheck(let check):
                items.append(
                    .object([
                        "ConditionCheck": WireShapes.object([
                            "TableName": .string(check.tableName), "Key": AttributeJSON.encode(check.key),
                            "ConditionExpression": .string(check.conditionExpression),
                            "ExpressionAttributeNames": WireShapes.names(check.expressionAttributeNames),
                            "ExpressionAttributeValues": check.expressionAttributeValues.map(AttributeJSON.encode),
                            "ReturnValuesOnConditionCheckFailure": check.returnValuesOnConditionCheckFailure == .none
                                ? nil : .string(check.returnValuesOnConditionCheckFailure.rawValue),
                        ])
                    ]))
            }
        }
        return WireShapes.object([
            "TransactItems": .array(items), "ClientRequestToken": clientRequestToken.map(JSONValue.string),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    /// A transaction's parts carry no ReturnValues or ReturnConsumedCapacity of their own.
    static func part(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        members["ReturnConsumedCapacity"] = nil
        members["ReturnValues"] = nil
        return .object(members)
    }

    public func wireResponse(_ output: TransactWriteItemsOutput) -> JSONValue {
        WireShapes.object(["ConsumedCapacity": WireShapes.encode(output.consumedCapacity)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> TransactWriteItemsOutput {
        TransactWriteItemsOutput(consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
