import PartitionStore

extension ScanInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            scanFilter: try WireShapes.conditions(request, "ScanFilter"),
            segment: try request.int("Segment", atLeast: 0), totalSegments: try request.int("TotalSegments", atLeast: 1)
        )
        try WireShapes.readReadMembers(request, into: &self)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(scanFilter != nil, "ScanFilter", "FilterExpression")
        var members = try WireShapes.readMembers(of: self)
        members["Segment"] = segment.map { JSONValue.number($0) }
        members["TotalSegments"] = totalSegments.map { JSONValue.number($0) }
        return WireShapes.object(members)
    }

    public func wireResponse(_ output: ItemPage) -> JSONValue { output.wire(select: select) }

    public func wireAnswer(blockingOn store: PartitionStore) throws(StoreError) -> JSONValue {
        try store.scanStored(self).wire(select: select)
    }

    public static func output(wire response: WireObject) throws(WireError) -> ItemPage {
        try ItemPage(wire: response)
    }
}
