import PartitionStore

extension UpdateItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var updates: [String: AttributeValueUpdate]?
        if let members = try request.map("AttributeUpdates") {
            var decoded: [String: AttributeValueUpdate] = [:]
            for (name, value) in members {
                let update = try WireObject(value, path: request.memberPath("AttributeUpdates") + ".\(name)")
                decoded[name] = AttributeValueUpdate(
                    try update.enumeration("Action", AttributeValueUpdate.Action.self) ?? .put,
                    try update.attributeValue("Value"))
            }
            updates = decoded
        }
        self.init(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            updateExpression: try request.string("UpdateExpression"),
            conditionExpression: try request.string("ConditionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            attributeUpdates: updates,
            expected: try WireShapes.expected(request),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            returnValues: try request.enumeration("ReturnValues", ReturnValue.self) ?? .none,
            returnValuesOnConditionCheckFailure: try request.enumeration(
                "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none,
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(expected != nil, "Expected", "ConditionExpression")
        try WireShapes.refuseLegacy(attributeUpdates != nil, "AttributeUpdates", "UpdateExpression")
        return WireShapes.object(
            [
                "TableName": .string(tableName), "Key": AttributeJSON.encode(key),
                "UpdateExpression": updateExpression.map(JSONValue.string),
                "ConditionalOperator": WireShapes.string(conditionalOperator),
            ].merging(
                WireShapes.writeMembers(
                    conditionExpression, expressionAttributeNames, expressionAttributeValues,
                    returnValues, returnValuesOnConditionCheckFailure, returnConsumedCapacity)
            ) { own, _ in own })
    }

    public func wireResponse(_ output: WriteItemOutput) -> JSONValue { output.wire }

    public static func output(wire response: WireObject) throws(WireError) -> WriteItemOutput {
        try WriteItemOutput(wire: response)
    }
}
