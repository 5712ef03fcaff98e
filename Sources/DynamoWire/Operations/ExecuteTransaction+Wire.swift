import PartitionStore

extension ExecuteTransactionInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var statements: [ParameterizedStatement] = []
        for entry in try request.requiredObjects("TransactStatements") {
            statements.append(
                ParameterizedStatement(
                    statement: try entry.requiredString("Statement"),
                    parameters: try entry.attributeValues("Parameters"),
                    returnValuesOnConditionCheckFailure: try entry.enumeration(
                        "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none))
        }
        self.init(
            transactStatements: statements, clientRequestToken: try request.string("ClientRequestToken"),
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TransactStatements": .array(
                transactStatements.map { request in
                    WireShapes.object([
                        "Statement": .string(request.statement),
                        "Parameters": request.parameters.map { .array($0.map(AttributeJSON.encode)) },
                        "ReturnValuesOnConditionCheckFailure": request.returnValuesOnConditionCheckFailure == .none
                            ? nil : .string(request.returnValuesOnConditionCheckFailure.rawValue),
                    ])
                }),
            "ClientRequestToken": clientRequestToken.map(JSONValue.string),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: ExecuteTransactionOutput) -> JSONValue {
        WireShapes.object([
            "Responses": output.responses.map { responses in
                .array(
                    responses.map { item in item.map { .object(["Item": AttributeJSON.encode($0)]) } ?? .object([:]) })
            },
            "ConsumedCapacity": WireShapes.encode(output.consumedCapacity),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ExecuteTransactionOutput {
        var items: [Item?]?
        if let list = try response.list("Responses") {
            var read: [Item?] = []
            for value in list { read.append(try WireObject(value).item("Item")) }
            items = read
        }
        return ExecuteTransactionOutput(
            responses: items, consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
