import PartitionStore

extension DeleteItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            conditionExpression: try request.string("ConditionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            expected: try WireShapes.expected(request),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            returnValues: try request.enumeration("ReturnValues", ReturnValue.self) ?? .none,
            returnValuesOnConditionCheckFailure: try request.enumeration(
                "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none,
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(expected != nil, "Expected", "ConditionExpression")
        return WireShapes.object(
            [
                "TableName": .string(tableName), "Key": AttributeJSON.encode(key),
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
