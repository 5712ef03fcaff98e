import PartitionStore

/// The client's side of the codec: store requests as the DynamoDB JSON 1.0 request bodies an
/// endpoint reads. It writes the expression parameters; requests that use the legacy parameters
/// (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter, AttributesToGet) are
/// refused with a clear error rather than sent half-encoded.
public enum RequestEncoder {
    /// The `X-Amz-Target` of an operation.
    public static func target(_ operation: String) -> String { "DynamoDB_20120810.\(operation)" }

    public static func getItem(_ input: GetItemInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return object([
            "TableName": .string(input.tableName), "Key": AttributeJSON.encode(input.key),
            "ConsistentRead": input.consistentRead ? .bool(true) : nil,
            "ProjectionExpression": input.projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": names(input.expressionAttributeNames),
            "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity),
        ])
    }

    public static func putItem(_ input: PutItemInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.expected != nil, "Expected", "ConditionExpression")
        return object([
            "TableName": .string(input.tableName), "Item": AttributeJSON.encode(input.item),
            "ConditionalOperator": input.conditionalOperator.map { .string($0.rawValue) },
        ].merging(writeMembers(input.conditionExpression, input.expressionAttributeNames, input.expressionAttributeValues,
                               input.returnValues, input.returnValuesOnConditionCheckFailure, input.returnConsumedCapacity)) { own, _ in own })
    }

    public static func updateItem(_ input: UpdateItemInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.expected != nil, "Expected", "ConditionExpression")
        try refuseLegacy(input.attributeUpdates != nil, "AttributeUpdates", "UpdateExpression")
        return object([
            "TableName": .string(input.tableName), "Key": AttributeJSON.encode(input.key),
            "UpdateExpression": input.updateExpression.map(JSONValue.string),
        ].merging(writeMembers(input.conditionExpression, input.expressionAttributeNames, input.expressionAttributeValues,
                               input.returnValues, input.returnValuesOnConditionCheckFailure, input.returnConsumedCapacity)) { own, _ in own })
    }

    public static func deleteItem(_ input: DeleteItemInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.expected != nil, "Expected", "ConditionExpression")
        return object([
            "TableName": .string(input.tableName), "Key": AttributeJSON.encode(input.key),
        ].merging(writeMembers(input.conditionExpression, input.expressionAttributeNames, input.expressionAttributeValues,
                               input.returnValues, input.returnValuesOnConditionCheckFailure, input.returnConsumedCapacity)) { own, _ in own })
    }

    public static func query(_ input: QueryInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.keyConditions != nil, "KeyConditions", "KeyConditionExpression")
        try refuseLegacy(input.queryFilter != nil, "QueryFilter", "FilterExpression")
        try refuseLegacy(input.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return object([
            "TableName": .string(input.tableName), "IndexName": input.indexName.map(JSONValue.string),
            "KeyConditionExpression": input.keyConditionExpression.map(JSONValue.string),
            "FilterExpression": input.filterExpression.map(JSONValue.string),
            "ProjectionExpression": input.projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": names(input.expressionAttributeNames),
            "ExpressionAttributeValues": input.expressionAttributeValues.map(AttributeJSON.encode),
            "ScanIndexForward": input.scanIndexForward ? nil : .bool(false),
            "Limit": input.limit.map { JSONValue.number($0) },
            "ExclusiveStartKey": input.exclusiveStartKey.map(AttributeJSON.encode),
            "Select": input.select.map { .string($0.rawValue) },
            "ConsistentRead": input.consistentRead ? .bool(true) : nil,
            "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity),
        ])
    }

    public static func scan(_ input: ScanInput) throws(WireError) -> JSONValue {
        try refuseLegacy(input.scanFilter != nil, "ScanFilter", "FilterExpression")
        try refuseLegacy(input.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return object([
            "TableName": .string(input.tableName), "IndexName": input.indexName.map(JSONValue.string),
            "FilterExpression": input.filterExpression.map(JSONValue.string),
            "ProjectionExpression": input.projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": names(input.expressionAttributeNames),
            "ExpressionAttributeValues": input.expressionAttributeValues.map(AttributeJSON.encode),
            "Limit": input.limit.map { JSONValue.number($0) },
            "ExclusiveStartKey": input.exclusiveStartKey.map(AttributeJSON.encode),
            "Segment": input.segment.map { JSONValue.number($0) },
            "TotalSegments": input.totalSegments.map { JSONValue.number($0) },
            "Select": input.select.map { .string($0.rawValue) },
            "ConsistentRead": input.consistentRead ? .bool(true) : nil,
            "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity),
        ])
    }

    public static func batchGetItem(_ input: BatchGetItemInput) throws(WireError) -> JSONValue {
        var tables: [String: JSONValue] = [:]
        for (table, request) in input.requestItems {
            try refuseLegacy(request.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
            tables[table] = object([
                "Keys": .array(request.keys.map(AttributeJSON.encode)),
                "ConsistentRead": request.consistentRead ? .bool(true) : nil,
                "ProjectionExpression": request.projectionExpression.map(JSONValue.string),
                "ExpressionAttributeNames": names(request.expressionAttributeNames),
            ])
        }
        return object(["RequestItems": .object(tables), "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity)])
    }

    public static func batchWriteItem(_ input: BatchWriteItemInput) -> JSONValue {
        var tables: [String: JSONValue] = [:]
        for (table, requests) in input.requestItems {
            tables[table] = .array(requests.map { request in
                switch request {
                case .put(let item): .object(["PutRequest": .object(["Item": AttributeJSON.encode(item)])])
                case .delete(let key): .object(["DeleteRequest": .object(["Key": AttributeJSON.encode(key)])])
                }
            })
        }
        return object(["RequestItems": .object(tables), "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity)])
    }

    public static func transactWriteItems(_ input: TransactWriteItemsInput) throws(WireError) -> JSONValue {
        var items: [JSONValue] = []
        for item in input.transactItems {
            switch item {
            case .put(let put):
                items.append(.object(["Put": try withoutCapacity(putItem(put))]))
            case .update(let update):
                items.append(.object(["Update": try withoutCapacity(updateItem(update))]))
            case .delete(let delete):
                items.append(.object(["Delete": try withoutCapacity(deleteItem(delete))]))
            case .conditionCheck(let check):
                items.append(.object(["ConditionCheck": object([
                    "TableName": .string(check.tableName), "Key": AttributeJSON.encode(check.key),
                    "ConditionExpression": .string(check.conditionExpression),
                    "ExpressionAttributeNames": names(check.expressionAttributeNames),
                    "ExpressionAttributeValues": check.expressionAttributeValues.map(AttributeJSON.encode),
                    "ReturnValuesOnConditionCheckFailure": check.returnValuesOnConditionCheckFailure == .none ? nil : .string(check.returnValuesOnConditionCheckFailure.rawValue),
                ])]))
            }
        }
        return object([
            "TransactItems": .array(items), "ClientRequestToken": input.clientRequestToken.map(JSONValue.string),
            "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity),
        ])
    }

    public static func transactGetItems(_ input: TransactGetItemsInput) -> JSONValue {
        object([
            "TransactItems": .array(input.transactItems.map { get in
                .object(["Get": object([
                    "TableName": .string(get.tableName), "Key": AttributeJSON.encode(get.key),
                    "ProjectionExpression": get.projectionExpression.map(JSONValue.string),
                    "ExpressionAttributeNames": names(get.expressionAttributeNames),
                ])])
            }),
            "ReturnConsumedCapacity": capacity(input.returnConsumedCapacity),
        ])
    }

    // MARK: Parts

    /// An object without its absent members.
    static func object(_ members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { $0 })
    }

    static func names(_ names: [String: String]?) -> JSONValue? {
        names.map { .object($0.mapValues(JSONValue.string)) }
    }

    static func capacity(_ capacity: ReturnConsumedCapacity) -> JSONValue? {
        capacity == .none ? nil : .string(capacity.rawValue)
    }

    /// The members every conditional write shares: its condition, placeholders, and what to return.
    static func writeMembers(_ condition: String?, _ names: [String: String]?, _ values: [String: AttributeValue]?,
                             _ returnValues: ReturnValue, _ onFailure: ReturnValuesOnConditionCheckFailure,
                             _ returnCapacity: ReturnConsumedCapacity) -> [String: JSONValue?] {
        [
            "ConditionExpression": condition.map(JSONValue.string),
            "ExpressionAttributeNames": Self.names(names),
            "ExpressionAttributeValues": values.map(AttributeJSON.encode),
            "ReturnValues": returnValues == .none ? nil : .string(returnValues.rawValue),
            "ReturnValuesOnConditionCheckFailure": onFailure == .none ? nil : .string(onFailure.rawValue),
            "ReturnConsumedCapacity": capacity(returnCapacity),
        ]
    }

    /// A transaction's parts carry no ReturnValues or ReturnConsumedCapacity of their own.
    static func withoutCapacity(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        members["ReturnConsumedCapacity"] = nil
        members["ReturnValues"] = nil
        return .object(members)
    }

    static func refuseLegacy(_ used: Bool, _ parameter: String, _ instead: String) throws(WireError) {
        if used {
            throw WireError("ValidationException", "The remote client sends expression parameters only: use \(instead) instead of the legacy \(parameter)")
        }
    }
}
