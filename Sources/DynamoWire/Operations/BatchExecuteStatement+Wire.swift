import PartitionStore

extension BatchExecuteStatementInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        var statements: [BatchStatementRequest] = []
        for entry in try request.requiredObjects("Statements") {
            statements.append(
                BatchStatementRequest(
                    statement: try entry.requiredString("Statement"),
                    parameters: try entry.attributeValues("Parameters"),
                    consistentRead: try entry.bool("ConsistentRead") ?? false,
                    returnValuesOnConditionCheckFailure: try entry.enumeration(
                        "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none))
        }
        self.init(statements: statements, returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "Statements": .array(
                statements.map { request in
                    WireShapes.object([
                        "Statement": .string(request.statement),
                        "Parameters": request.parameters.map { .array($0.map(AttributeJSON.encode)) },
                        "ConsistentRead": request.consistentRead ? .bool(true) : nil,
                        "ReturnValuesOnConditionCheckFailure": request.returnValuesOnConditionCheckFailure == .none
                            ? nil : .string(request.returnValuesOnConditionCheckFailure.rawValue),
                    ])
                }),
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: BatchExecuteStatementOutput) -> JSONValue {
        WireShapes.object([
            "Responses": .array(
                output.responses.map { response in
                    WireShapes.object([
                        "TableName": response.tableName.map(JSONValue.string),
                        "Item": response.item.map(AttributeJSON.encode),
                        "Error": response.error.map { error in
                            WireShapes.object([
                                "Code": .string(error.code), "Message": .string(error.message),
                                "Item": error.item.map(AttributeJSON.encode),
                            ])
                        },
                    ])
                }),
            "ConsumedCapacity": WireShapes.encode(output.consumedCapacity),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> BatchExecuteStatementOutput {
        var responses: [BatchStatementResponse] = []
        for entry in try response.objects("Responses") ?? [] {
            let failure = try entry.object("Error").map { error throws(WireError) in
                BatchStatementResponse.Failure(
                    code: try error.string("Code") ?? "", message: try error.string("Message") ?? "",
                    item: try error.item("Item"))
            }
            responses.append(
                BatchStatementResponse(
                    tableName: try entry.string("TableName"), item: try entry.item("Item"), error: failure))
        }
        return BatchExecuteStatementOutput(
            responses: responses, consumedCapacity: try WireShapes.capacities(response.list("ConsumedCapacity")))
    }
}
