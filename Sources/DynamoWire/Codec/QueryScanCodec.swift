import PartitionStore

/// Query and Scan.
enum QueryScanCodec {
    static func query(_ request: WireObject) throws(WireError) -> QueryInput {
        QueryInput(
            tableName: try request.requiredString("TableName"),
            indexName: try request.string("IndexName"),
            keyConditionExpression: try request.string("KeyConditionExpression"),
            filterExpression: try request.string("FilterExpression"),
            projectionExpression: try request.string("ProjectionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            keyConditions: try ItemOperationCodec.conditions(request, "KeyConditions"),
            queryFilter: try ItemOperationCodec.conditions(request, "QueryFilter"),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            scanIndexForward: try request.bool("ScanIndexForward") ?? true,
            limit: try request.int("Limit", atLeast: 1),
            exclusiveStartKey: try request.item("ExclusiveStartKey"),
            select: try request.enumeration("Select", Select.self),
            attributesToGet: try request.strings("AttributesToGet"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    static func scan(_ request: WireObject) throws(WireError) -> ScanInput {
        ScanInput(
            tableName: try request.requiredString("TableName"),
            indexName: try request.string("IndexName"),
            filterExpression: try request.string("FilterExpression"),
            projectionExpression: try request.string("ProjectionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            scanFilter: try ItemOperationCodec.conditions(request, "ScanFilter"),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            limit: try request.int("Limit", atLeast: 1),
            exclusiveStartKey: try request.item("ExclusiveStartKey"),
            segment: try request.int("Segment", atLeast: 0),
            totalSegments: try request.int("TotalSegments", atLeast: 1),
            select: try request.enumeration("Select", Select.self),
            attributesToGet: try request.strings("AttributesToGet"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            returnConsumedCapacity: try ItemOperationCodec.returnConsumedCapacity(request))
    }

    /// A page; with Select COUNT there is no Items member, as in DynamoDB.
    static func encode(_ page: ItemPage, select: Select?) -> JSONValue {
        var object: [String: JSONValue] = [
            "Count": .number(page.count),
            "ScannedCount": .number(page.scannedCount),
        ]
        if select != .count { object["Items"] = .array(page.items.map(AttributeJSON.encode)) }
        if let key = page.lastEvaluatedKey { object["LastEvaluatedKey"] = AttributeJSON.encode(key) }
        if let capacity = page.consumedCapacity { object["ConsumedCapacity"] = ItemOperationCodec.encode(capacity) }
        return .object(object)
    }
}
