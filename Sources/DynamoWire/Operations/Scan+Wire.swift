import PartitionStore

extension ScanInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableName: try request.requiredString("TableName"),
            indexName: try request.string("IndexName"),
            filterExpression: try request.string("FilterExpression"),
            projectionExpression: try request.string("ProjectionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            scanFilter: try WireShapes.conditions(request, "ScanFilter"),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            limit: try request.int("Limit", atLeast: 1),
            exclusiveStartKey: try request.item("ExclusiveStartKey"),
            segment: try request.int("Segment", atLeast: 0),
            totalSegments: try request.int("TotalSegments", atLeast: 1),
            select: try request.enumeration("Select", Select.self),
            attributesToGet: try request.strings("AttributesToGet"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            returnConsumedCapacity: try WireShapes.returnConsumedCapacity(request))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        try WireShapes.refuseLegacy(scanFilter != nil, "ScanFilter", "FilterExpression")
        try WireShapes.refuseLegacy(attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return WireShapes.object([
            "TableName": .string(tableName), "IndexName": indexName.map(JSONValue.string),
            "FilterExpression": filterExpression.map(JSONValue.string),
            "ProjectionExpression": projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": WireShapes.names(expressionAttributeNames),
            "ExpressionAttributeValues": expressionAttributeValues.map(AttributeJSON.encode),
            "Limit": limit.map { JSONValue.number($0) },
            "ExclusiveStartKey": exclusiveStartKey.map(AttributeJSON.encode),
            "Segment": segment.map { JSONValue.number($0) },
            "TotalSegments": totalSegments.map { JSONValue.number($0) },
            "Select": WireShapes.string(select),
            "ConsistentRead": consistentRead ? .bool(true) : nil,
            "ReturnConsumedCapacity": WireShapes.returnConsumedCapacity(returnConsumedCapacity),
        ])
    }

    public func wireResponse(_ output: ItemPage) -> JSONValue { output.wire(select: select) }

    public static func output(wire response: WireObject) throws(WireError) -> ItemPage {
        try ItemPage(wire: response)
    }
}
