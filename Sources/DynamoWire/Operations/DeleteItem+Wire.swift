import PartitionStore

extension DeleteItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"), key: try request.requiredItem("Key"))
        try WireShapes.readWriteMembers(request, into: &self)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        var members = try WireShapes.writeMembers(of: self)
        members["Key"] = AttributeJSON.encode(key)
        return WireShapes.object(members)
    }

    public func wireResponse(_ output: WriteItemOutput) -> JSONValue { output.wire }

    public static func output(wire response: WireObject) throws(WireError) -> WriteItemOutput {
        try WriteItemOutput(wire: response)
    }
}
