import PartitionStore

extension ExecuteStatementInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            statement: try request.requiredString("Statement"),
            parameters: try request.attributeValues("Parameters"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            nextToken: try request.string("NextToken"),
            limit: try request.int("Limit", atLeast: 1),
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request),
            returnValuesOnConditionCheckFailure: try request.enumeration(
                "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "Statement": .string(statement),
            "Parameters": parameters.map { .array($0.map(AttributeJSON.encode)) },
            "ConsistentRead": consistentRead ? .bool(true) : nil,
            "NextToken": nextToken.map(JSONValue.string),
            "Limit": limit.map { .number($0) },
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
            "ReturnValuesOnConditionCheckFailure": returnValuesOnConditionCheckFailure == .none
                ? nil : .string(returnValuesOnConditionCheckFailure.rawValue),
        ])
    }

    public func wireResponse(_ output: ExecuteStatementOutput) -> JSONValue {
        WireShapes.object([
            "Items": .array(output.items.map(AttributeJSON.encode)),
            "NextToken": output.nextToken.map(JSONValue.string),
            "LastEvaluatedKey": output.lastEvaluatedKey.map(AttributeJSON.encode),
            "ConsumedCapacity": output.consumedCapacity.map(WireShapes.encode),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ExecuteStatementOutput {
        var items: [Item] = []
        for value in try response.list("Items") ?? [] { items.append(try AttributeJSON.decodeItem(value)) }
        return ExecuteStatementOutput(
            items: items, nextToken: try response.string("NextToken"),
            lastEvaluatedKey: try response.item("LastEvaluatedKey"),
            consumedCapacity: try WireShapes.capacity(response.object("ConsumedCapacity")))
    }
}
