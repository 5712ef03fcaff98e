import PartitionStore

/// The JSON shapes several operations share, each written once in both directions: the parts of
/// requests (placeholders, conditions, what to return), batches' key sets and write requests,
/// and consumed capacity.
enum WireShapes {
    // MARK: Building objects

    /// An object without its absent members.
    static func object(_ members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { $0 })
    }

    static func names(_ names: [String: String]?) -> JSONValue? {
        names.map { .object($0.mapValues(JSONValue.string)) }
    }

    static func strings(_ strings: [String]?) -> JSONValue? {
        strings.map { .array($0.map(JSONValue.string)) }
    }

    static func string<E: RawRepresentable>(_ value: E?) -> JSONValue? where E.RawValue == String {
        value.map { .string($0.rawValue) }
    }

    // MARK: What to return

    static func returnConsumedCapacity(_ request: WireObject) throws(WireError) -> ReturnConsumedCapacity {
        try request.enumeration("ReturnConsumedCapacity", ReturnConsumedCapacity.self) ?? .none
    }

    static func returnConsumedCapacity(_ capacity: ReturnConsumedCapacity) -> JSONValue? {
        capacity == .none ? nil : .string(capacity.rawValue)
    }

    /// The members every conditional write shares: its condition, placeholders, and what to return.
    /// The members every single-item write shares, as the client sends them (expression form).
    static func writeMembers(of write: some ConditionalWrite) throws(WireError) -> [String: JSONValue?] {
        try refuseLegacy(write.expected != nil, "Expected", "ConditionExpression")
        return [
            "TableName": .string(write.tableName),
            "ConditionExpression": write.conditionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": Self.names(write.expressionAttributeNames),
            "ExpressionAttributeValues": write.expressionAttributeValues.map(AttributeJSON.encode),
            "ConditionalOperator": string(write.conditionalOperator),
            "ReturnValues": write.returnValues == .none ? nil : .string(write.returnValues.rawValue),
            "ReturnValuesOnConditionCheckFailure": write.returnValuesOnConditionCheckFailure == .none
                ? nil : .string(write.returnValuesOnConditionCheckFailure.rawValue),
            "ReturnConsumedCapacity": returnConsumedCapacity(write.returnConsumedCapacity),
        ]
    }

    /// Reads the members every single-item write shares into one being decoded.
    static func readWriteMembers(_ request: WireObject, into write: inout some ConditionalWrite) throws(WireError) {
        write.conditionExpression = try request.string("ConditionExpression")
        write.expressionAttributeNames = try request.stringMap("ExpressionAttributeNames")
        write.expressionAttributeValues = try request.item("ExpressionAttributeValues")
        write.expected = try expected(request)
        write.conditionalOperator = try request.enumeration("ConditionalOperator", ConditionalOperator.self)
        write.returnValues = try request.enumeration("ReturnValues", ReturnValue.self) ?? .none
        write.returnValuesOnConditionCheckFailure =
            try request.enumeration(
                "ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.self) ?? .none
        write.returnConsumedCapacity = try returnConsumedCapacity(request)
    }

    /// The members Query and Scan share, as the client sends them (expression form).
    static func readMembers(of read: some PagedRead) throws(WireError) -> [String: JSONValue?] {
        try refuseLegacy(read.attributesToGet != nil, "AttributesToGet", "ProjectionExpression")
        return [
            "TableName": .string(read.tableName), "IndexName": read.indexName.map(JSONValue.string),
            "FilterExpression": read.filterExpression.map(JSONValue.string),
            "ProjectionExpression": read.projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": Self.names(read.expressionAttributeNames),
            "ExpressionAttributeValues": read.expressionAttributeValues.map(AttributeJSON.encode),
            "ConditionalOperator": string(read.conditionalOperator),
            "Limit": read.limit.map { JSONValue.number($0) },
            "ExclusiveStartKey": read.exclusiveStartKey.map(AttributeJSON.encode),
            "Select": string(read.select),
            "ConsistentRead": read.consistentRead ? .bool(true) : nil,
            "ReturnConsumedCapacity": returnConsumedCapacity(read.returnConsumedCapacity),
        ]
    }

    /// Reads the members Query and Scan share into one being decoded.
    static func readReadMembers(_ request: WireObject, into read: inout some PagedRead) throws(WireError) {
        read.indexName = try request.string("IndexName")
        read.filterExpression = try request.string("FilterExpression")
        read.projectionExpression = try request.string("ProjectionExpression")
        read.expressionAttributeNames = try request.stringMap("ExpressionAttributeNames")
        read.expressionAttributeValues = try request.item("ExpressionAttributeValues")
        read.conditionalOperator = try request.enumeration("ConditionalOperator", ConditionalOperator.self)
        read.limit = try request.int("Limit", atLeast: 1)
        read.exclusiveStartKey = try request.item("ExclusiveStartKey")
        read.select = try request.enumeration("Select", Select.self)
        read.attributesToGet = try request.strings("AttributesToGet")
        read.consistentRead = try request.bool("ConsistentRead") ?? false
        read.returnConsumedCapacity = try returnConsumedCapacity(request)
    }

    /// The client sends expression parameters only; a request using a legacy parameter is
    /// refused with a clear error rather than sent half-encoded.
    static func refuseLegacy(_ used: Bool, _ parameter: String, _ instead: String) throws(WireError) {
        if used {
            throw WireError(
                "ValidationException",
                "The remote client sends expression parameters only: use \(instead) instead of the legacy \(parameter)")
        }
    }

    // MARK: Legacy conditions (read by the endpoint)

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

    // MARK: Batches

    static func encode(_ keys: KeysAndAttributes) -> JSONValue {
        object([
            "Keys": .array(keys.keys.map(AttributeJSON.encode)),
            "ConsistentRead": keys.consistentRead ? .bool(true) : nil,
            "ProjectionExpression": keys.projectionExpression.map(JSONValue.string),
            "ExpressionAttributeNames": names(keys.expressionAttributeNames),
            "AttributesToGet": strings(keys.attributesToGet),
        ])
    }

    static func keysAndAttributes(_ entry: WireObject) throws(WireError) -> KeysAndAttributes {
        var keys: [Item] = []
        for key in try entry.requiredList("Keys") { keys.append(try AttributeJSON.decodeItem(key)) }
        return KeysAndAttributes(
            keys: keys,
            consistentRead: try entry.bool("ConsistentRead") ?? false,
            projectionExpression: try entry.string("ProjectionExpression"),
            expressionAttributeNames: try entry.stringMap("ExpressionAttributeNames"),
            attributesToGet: try entry.strings("AttributesToGet"))
    }

    static func encode(_ write: WriteRequest) -> JSONValue {
        switch write {
        case .put(let item): .object(["PutRequest": .object(["Item": AttributeJSON.encode(item)])])
        case .delete(let key): .object(["DeleteRequest": .object(["Key": AttributeJSON.encode(key)])])
        }
    }

    static func encode(_ writes: [String: [WriteRequest]]) -> JSONValue {
        .object(writes.mapValues { .array($0.map(encode)) })
    }

    /// A table's write requests; `path` names the member in errors as DynamoDB does.
    static func writeRequests(_ value: JSONValue, table: String, path: String) throws(WireError) -> [WriteRequest] {
        guard case .array(let entries) = value else {
            throw .serialization("Expected a list of write requests for table '\(table)' but found \(value.kind)")
        }
        var writes: [WriteRequest] = []
        for (index, entry) in entries.enumerated() {
            let write = try WireObject(entry, path: "\(path).\(table).\(index + 1).member")
            switch (try write.object("PutRequest"), try write.object("DeleteRequest")) {
            case (let put?, nil): writes.append(.put(try put.requiredItem("Item")))
            case (nil, let delete?): writes.append(.delete(key: try delete.requiredItem("Key")))
            default: throw .validation("Supplied WriteRequest must contain exactly one of PutRequest and DeleteRequest")
            }
        }
        return writes
    }

    // MARK: Consumed capacity

    static func encode(_ capacity: ConsumedCapacity) -> JSONValue {
        object([
            "TableName": .string(capacity.tableName),
            "CapacityUnits": .number(capacity.capacityUnits),
            "ReadCapacityUnits": capacity.readCapacityUnits.map { .number($0) },
            "WriteCapacityUnits": capacity.writeCapacityUnits.map { .number($0) },
            "Table": capacity.table.map(encode),
            "GlobalSecondaryIndexes": capacity.globalSecondaryIndexes.map { .object($0.mapValues(encode)) },
            "LocalSecondaryIndexes": capacity.localSecondaryIndexes.map { .object($0.mapValues(encode)) },
        ])
    }

    static func encode(_ capacity: Capacity) -> JSONValue {
        object([
            "CapacityUnits": .number(capacity.capacityUnits),
            "ReadCapacityUnits": capacity.readCapacityUnits.map { .number($0) },
            "WriteCapacityUnits": capacity.writeCapacityUnits.map { .number($0) },
        ])
    }

    static func encode(_ capacities: [ConsumedCapacity]?) -> JSONValue? {
        capacities.map { .array($0.map(encode)) }
    }

    static func capacity(_ object: WireObject?) throws(WireError) -> ConsumedCapacity? {
        guard let object else { return nil }
        return ConsumedCapacity(
            tableName: try object.string("TableName") ?? "", capacityUnits: try number(object, "CapacityUnits") ?? 0,
            readCapacityUnits: try number(object, "ReadCapacityUnits"),
            writeCapacityUnits: try number(object, "WriteCapacityUnits"),
            table: try units(object.object("Table")),
            localSecondaryIndexes: try unitsMap(object.map("LocalSecondaryIndexes")),
            globalSecondaryIndexes: try unitsMap(object.map("GlobalSecondaryIndexes")))
    }

    static func capacities(_ list: [JSONValue]?) throws(WireError) -> [ConsumedCapacity]? {
        guard let list else { return nil }
        var result: [ConsumedCapacity] = []
        for value in list {
            if let capacity = try capacity(WireObject(value)) { result.append(capacity) }
        }
        return result
    }

    static func units(_ object: WireObject?) throws(WireError) -> Capacity? {
        guard let object else { return nil }
        return Capacity(
            readCapacityUnits: try number(object, "ReadCapacityUnits"),
            writeCapacityUnits: try number(object, "WriteCapacityUnits"),
            capacityUnits: try number(object, "CapacityUnits") ?? 0)
    }

    static func unitsMap(_ members: [String: JSONValue]?) throws(WireError) -> [String: Capacity]? {
        guard let members else { return nil }
        var result: [String: Capacity] = [:]
        for (name, value) in members { result[name] = try units(WireObject(value)) }
        return result
    }

    static func number(_ object: WireObject, _ name: String) throws(WireError) -> Double? {
        guard let value = object.value(name) else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            throw WireError.serialization("\(name) is not a number")
        }
        return number
    }
}
