import PartitionStore

/// PutItem, GetItem, UpdateItem and DeleteItem, with every expression and legacy parameter.
enum ItemOperationCodec {
    // MARK: Requests

    static func putItem(_ request: WireObject) throws(WireError) -> PutItemInput {
        PutItemInput(
            tableName: try request.requiredString("TableName"),
            item: try request.requiredItem("Item"),
            conditionExpression: try request.string("ConditionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            expected: try expected(request),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            returnValues: try request.enumeration("ReturnValues", ReturnValue.self) ?? .none,
            returnValuesOnConditionCheckFailure: try request.enumeration("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none,
            returnConsumedCapacity: try returnConsumedCapacity(request))
    }

    static func getItem(_ request: WireObject) throws(WireError) -> GetItemInput {
        GetItemInput(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            consistentRead: try request.bool("ConsistentRead") ?? false,
            attributesToGet: try request.strings("AttributesToGet"),
            projectionExpression: try request.string("ProjectionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            returnConsumedCapacity: try returnConsumedCapacity(request))
    }

    static func deleteItem(_ request: WireObject) throws(WireError) -> DeleteItemInput {
        DeleteItemInput(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            conditionExpression: try request.string("ConditionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            expected: try expected(request),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            returnValues: try request.enumeration("ReturnValues", ReturnValue.self) ?? .none,
            returnValuesOnConditionCheckFailure: try request.enumeration("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none,
            returnConsumedCapacity: try returnConsumedCapacity(request))
    }

    static func updateItem(_ request: WireObject) throws(WireError) -> UpdateItemInput {
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
        return UpdateItemInput(
            tableName: try request.requiredString("TableName"),
            key: try request.requiredItem("Key"),
            updateExpression: try request.string("UpdateExpression"),
            conditionExpression: try request.string("ConditionExpression"),
            expressionAttributeNames: try request.stringMap("ExpressionAttributeNames"),
            expressionAttributeValues: try request.item("ExpressionAttributeValues"),
            attributeUpdates: updates,
            expected: try expected(request),
            conditionalOperator: try request.enumeration("ConditionalOperator", ConditionalOperator.self),
            returnValues: try request.enumeration("ReturnValues", ReturnValue.self) ?? .none,
            returnValuesOnConditionCheckFailure: try request.enumeration("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none,
            returnConsumedCapacity: try returnConsumedCapacity(request))
    }

    /// The legacy Expected parameter.
    static func expected(_ request: WireObject) throws(WireError) -> [String: ExpectedAttributeValue]? {
        guard let members = try request.map("Expected") else { return nil }
        var expected: [String: ExpectedAttributeValue] = [:]
        for (name, value) in members {
            let entry = try WireObject(value, path: request.memberPath("Expected") + ".\(name)")
            expected[name] = ExpectedAttributeValue(
                value: try entry.attributeValue("Value"),
                exists: try entry.bool("Exists"),
                comparisonOperator: try entry.enumeration("ComparisonOperator", ComparisonOperator.self),
                attributeValueList: try entry.attributeValues("AttributeValueList"))
        }
        return expected
    }

    /// A legacy condition map: KeyConditions, QueryFilter, ScanFilter.
    static func conditions(_ request: WireObject, _ name: String) throws(WireError) -> [String: Condition]? {
        guard let members = try request.map(name) else { return nil }
        var conditions: [String: Condition] = [:]
        for (attribute, value) in members {
            let entry = try WireObject(value, path: request.memberPath(name) + ".\(attribute)")
            conditions[attribute] = Condition(
                try entry.requiredEnumeration("ComparisonOperator", ComparisonOperator.self),
                try entry.attributeValues("AttributeValueList") ?? [])
        }
        return conditions
    }

    static func returnConsumedCapacity(_ request: WireObject) throws(WireError) -> ReturnConsumedCapacity {
        try request.enumeration("ReturnConsumedCapacity", ReturnConsumedCapacity.self) ?? .none
    }

    // MARK: Responses

    static func encode(_ output: WriteItemOutput) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let attributes = output.attributes { object["Attributes"] = AttributeJSON.encode(attributes) }
        if let capacity = output.consumedCapacity { object["ConsumedCapacity"] = encode(capacity) }
        return .object(object)
    }

    static func encode(_ output: GetItemOutput) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let item = output.item { object["Item"] = AttributeJSON.encode(item) }
        if let capacity = output.consumedCapacity { object["ConsumedCapacity"] = encode(capacity) }
        return .object(object)
    }

    static func encode(_ capacity: ConsumedCapacity) -> JSONValue {
        var object: [String: JSONValue] = [
            "TableName": .string(capacity.tableName),
            "CapacityUnits": .number(capacity.capacityUnits),
        ]
        if let read = capacity.readCapacityUnits { object["ReadCapacityUnits"] = .number(read) }
        if let write = capacity.writeCapacityUnits { object["WriteCapacityUnits"] = .number(write) }
        if let table = capacity.table { object["Table"] = encode(table) }
        if let indexes = capacity.globalSecondaryIndexes { object["GlobalSecondaryIndexes"] = .object(indexes.mapValues(encode)) }
        if let indexes = capacity.localSecondaryIndexes { object["LocalSecondaryIndexes"] = .object(indexes.mapValues(encode)) }
        return .object(object)
    }

    static func encode(_ capacity: Capacity) -> JSONValue {
        var object: [String: JSONValue] = ["CapacityUnits": .number(capacity.capacityUnits)]
        if let read = capacity.readCapacityUnits { object["ReadCapacityUnits"] = .number(read) }
        if let write = capacity.writeCapacityUnits { object["WriteCapacityUnits"] = .number(write) }
        return .object(object)
    }

    static func encode(_ capacities: [ConsumedCapacity]?) -> JSONValue? {
        capacities.map { .array($0.map(encode)) }
    }
}
