import PartitionStore

extension QueryInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            keyConditionExpression: try request.string("KeyConditionExpression"),
            keyConditions: try WireShapes.conditions(request, "KeyConditions"),
            queryFilter: try WireShapes.conditions(request, "QueryFilter"),
            scanIndexForward: try request.bool("ScanIndexForward") ?? true)
        try WireShapes.readReadMembers(request, into: &self)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(keyConditions != nil, "KeyConditions", "KeyConditionExpression")
        try WireShapes.refuseLegacy(queryFilter != nil, "QueryFilter", "FilterExpression")
        var members = try WireShapes.readMembers(of: self)
        members["KeyConditionExpression"] = keyConditionExpression.map(JSONValue.string)
        members["ScanIndexForward"] = scanIndexForward ? nil : .bool(false)
        return WireShapes.object(members)
    }

    public func wireResponse(_ output: ItemPage) -> JSONValue { output.wire(select: select) }

    public func wireAnswer(blockingOn store: PartitionStore) throws(StoreError) -> JSONValue {
        try store.queryStored(self).wire(select: select)
    }

    public static func output(wire response: WireObject) throws(WireError) -> ItemPage {
        try ItemPage(wire: response)
    }
}
