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
            tableName: try request.requiredString("TableName"), key: try request.requiredItem("Key"),
            updateExpression: try request.string("UpdateExpression"), attributeUpdates: updates)
        try WireShapes.readWriteMembers(request, into: &self)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(attributeUpdates != nil, "AttributeUpdates", "UpdateExpression")
        var members = try WireShapes.writeMembers(of: self)
        members["Key"] = AttributeJSON.encode(key)
        members["UpdateExpression"] = updateExpression.map(JSONValue.string)
        return WireShapes.object(members)
    }

    public func wireResponse(_ output: WriteItemOutput) -> JSONValue { output.wire }

    public static func output(wire response: WireObject) throws(WireError) -> WriteItemOutput {
        try WriteItemOutput(wire: response)
    }
}
