import PartitionStore

extension PutItemInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"), item: try request.requiredItem("Item"))
        try WireShapes.readWriteMembers(request, into: &self)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        var members = try WireShapes.writeMembers(of: self)
        members["Item"] = AttributeJSON.encode(item)
        return WireShapes.object(members)
    }

    public func wireResponse(_ output: WriteItemOutput) -> JSONValue { output.wire }

    public static func output(wire response: WireObject) throws(WireError) -> WriteItemOutput {
        try WriteItemOutput(wire: response)
    }
}
