extension PartitionStore {
    // MARK: PutItem

    @discardableResult
    public func putItem(_ input: PutItemInput) throws(StoreError) -> WriteItemOutput {
        try write(preparePut(input))
    }

    func preparePut(_ input: PutItemInput) throws(StoreError) -> WriteBody<WriteItemOutput> {
        guard input.returnValues == .none || input.returnValues == .allOld else {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
        try ItemValidation.check(input.item)
        let condition = try WriteCondition(of: input)
        return { [self] connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofItem: input.item)
            return try sql(connection) {
                let old = try ItemStorage.read(schema, key, connection)
                var meter = CapacityMeter(input.returnConsumedCapacity)
                meter.write(schema, old: old, new: input.item)
                try condition.check(old)
                try ItemStorage.write(schema, key, old: old, new: input.item, connection)
                return WriteItemOutput(
                    attributes: input.returnValues == .allOld ? old : nil, consumedCapacity: meter.single())
            }
        }
    }

    // MARK: GetItem

    public func getItem(_ input: GetItemInput) throws(StoreError) -> GetItemOutput {
        var projection: [AttributePath]?
        // Most reads name no projection at all, and then there is nothing to check or resolve.
        if input.namesProjection {
            try ItemValidation.checkAttributesToGet(input.attributesToGet)
            var expressions = try RequestExpressions(
                names: input.expressionAttributeNames, values: nil,
                legacy: ["AttributesToGet": input.attributesToGet != nil],
                expressions: ["ProjectionExpression": input.projectionExpression != nil]
            )
            projection =
                try expressions.projection(input.projectionExpression)
                ?? input.attributesToGet?.map { AttributePath(attribute: $0) }
            try expressions.finish()
        }
        let (item, capacity) = try readOne(input, ItemStorage.read) { item throws(StoreError) in ItemSize.of(item) }
        guard let item, let projection else { return GetItemOutput(item: item, consumedCapacity: capacity) }
        return GetItemOutput(item: try ItemProjection.project(item, projection), consumedCapacity: capacity)
    }

    /// GetItem with the item left in its stored form, for a caller that writes it out rather
    /// than reads it (the endpoint); nil when the request projects, which needs the item decoded.
    public func getItemStored(
        _ input: GetItemInput
    ) throws(StoreError) -> (
        item: StoredItem?, consumedCapacity: ConsumedCapacity?
    )? {
        guard !input.namesProjection else { return nil }
        return try readOne(input, ItemStorage.readStored) { item throws(StoreError) in
            try item.bytes.withUnsafeBytes { raw in
                Result { () throws(StoreError) in try ItemCodec.recordedSize(of: raw) }
            }.get()
        }
    }

    /// The item a GetItem names, read by `row` (decoded or stored), with the read capacity its
    /// DynamoDB size (`size`) consumes.
    private func readOne<Row>(
        _ input: GetItemInput, _ row: (TableSchema, EncodedKey, SQLiteConnection) throws -> Row?,
        size: (Row) throws(StoreError) -> Int
    ) throws(StoreError) -> (Row?, ConsumedCapacity?) {
        try read { connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            let item = try sql(connection) { try row(schema, key, connection) }
            var meter = CapacityMeter(input.returnConsumedCapacity)
            let bytes = try item.map { row throws(StoreError) in try size(row) } ?? 0
            meter.read(schema, bytes: bytes, consistent: input.consistentRead)
            return (item, meter.single())
        }
    }

    // MARK: DeleteItem

    @discardableResult
    public func deleteItem(_ input: DeleteItemInput) throws(StoreError) -> WriteItemOutput {
        try write(prepareDelete(input))
    }

    func prepareDelete(_ input: DeleteItemInput) throws(StoreError) -> WriteBody<WriteItemOutput> {
        guard input.returnValues == .none || input.returnValues == .allOld else {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
        let condition = try WriteCondition(of: input)
        return { [self] connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            return try sql(connection) {
                let old = try ItemStorage.read(schema, key, connection)
                var meter = CapacityMeter(input.returnConsumedCapacity)
                meter.write(schema, old: old, new: nil)
                try condition.check(old)
                guard let old else { return WriteItemOutput(consumedCapacity: meter.single()) }
                try ItemStorage.delete(schema, key, old: old, connection)
                return WriteItemOutput(
                    attributes: input.returnValues == .allOld ? old : nil, consumedCapacity: meter.single())
            }
        }
    }

    // MARK: UpdateItem

    /// Applies an UpdateExpression (or legacy AttributeUpdates) to the item, creating it when
    /// absent, if the condition holds.
    @discardableResult
    public func updateItem(_ input: UpdateItemInput) throws(StoreError) -> WriteItemOutput {
        try write(prepareUpdate(input))
    }

    func prepareUpdate(_ input: UpdateItemInput) throws(StoreError) -> WriteBody<WriteItemOutput> {
        var expressions = try RequestExpressions(
            names: input.expressionAttributeNames, values: input.expressionAttributeValues,
            legacy: [
                "AttributeUpdates": input.attributeUpdates != nil, "Expected": input.expected != nil,
                "ConditionalOperator": input.conditionalOperator != nil,
            ],
            expressions: [
                "UpdateExpression": input.updateExpression != nil,
                "ConditionExpression": input.conditionExpression != nil,
            ]
        )
        var plan = try LegacyParameters.attributeUpdates(input.attributeUpdates ?? [:])
        if let expressionPlan = try expressions.update(input.updateExpression) { plan = expressionPlan }
        var predicate = try LegacyParameters.expected(input.expected, input.conditionalOperator)
        if let expressionPredicate = try expressions.condition(input.conditionExpression, .condition) {
            predicate = expressionPredicate
        }
        try expressions.finish()
        let condition = WriteCondition(predicate: predicate, onFailure: input.returnValuesOnConditionCheckFailure)

        return { [self] connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            for path in plan.targets where schema.key.type(of: path.attribute) != nil {
                throw .invalidParameter("Cannot update attribute \(path.attribute). This attribute is part of the key")
            }
            let old = try sql(connection) { try ItemStorage.read(schema, key, connection) }
            try condition.check(old)
            let new = try plan.apply(to: old ?? input.key)
            try ItemValidation.checkSize(new)
            try sql(connection) { try ItemStorage.write(schema, key, old: old, new: new, connection) }
            var meter = CapacityMeter(input.returnConsumedCapacity)
            meter.write(schema, old: old, new: new)
            return WriteItemOutput(
                attributes: try ItemValidation.returnedAttributes(
                    input.returnValues, old: old, new: new, updated: plan.targets), consumedCapacity: meter.single())
        }
    }
}

/// The condition of a write (ConditionExpression or legacy Expected), resolved before the write
/// starts, and what to return when it fails.
struct WriteCondition: Sendable {
    var predicate: Predicate?
    var onFailure: ReturnValuesOnConditionCheckFailure

    init(predicate: Predicate?, onFailure: ReturnValuesOnConditionCheckFailure) {
        self.predicate = predicate
        self.onFailure = onFailure
    }

    init(
        _ expression: String?, expected: [String: ExpectedAttributeValue]?, conditionalOperator: ConditionalOperator?,
        names: [String: String]?, values: [String: AttributeValue]?, onFailure: ReturnValuesOnConditionCheckFailure
    ) throws(StoreError) {
        var expressions = try RequestExpressions(
            names: names, values: values,
            legacy: ["Expected": expected != nil, "ConditionalOperator": conditionalOperator != nil],
            expressions: ["ConditionExpression": expression != nil]
        )
        predicate = try LegacyParameters.expected(expected, conditionalOperator)
        if let expressionPredicate = try expressions.condition(expression, .condition) {
            predicate = expressionPredicate
        }
        try expressions.finish()
        self.onFailure = onFailure
    }

    /// Throws ConditionalCheckFailedException unless `item` (the stored item, nil when there is
    /// none) satisfies the condition.
    func check(_ item: Item?) throws(StoreError) {
        guard let predicate else { return }
        guard try !predicate.isSatisfied(by: item ?? [:]) else { return }
        throw StoreError(
            .conditionalCheckFailed, "The conditional request failed", item: onFailure == .allOld ? item : nil)
    }
}

/// Checks on items and the attribute lists of requests.
enum ItemValidation {
    /// An item about to be written: valid values, non-empty names, within 400 KB.
    static func check(_ item: Item) throws(StoreError) {
        for (name, value) in item {
            guard !name.isEmpty else { throw .invalidParameter("An attribute name is empty") }
            try checkNameLength(name)
            try value.validate()
        }
        try checkSize(item)
    }

    /// DynamoDB's longest attribute name: 65,535 bytes, whether in an item, an expression's
    /// names or a list of attributes to get.
    static let maxNameBytes = 65_535

    static func checkNameLength(_ name: String) throws(StoreError) {
        if name.utf8.count > maxNameBytes {
            throw .invalidParameter("Attribute name is too large, must be less than \(maxNameBytes + 1) bytes")
        }
    }

    static func checkSize(_ item: Item) throws(StoreError) {
        if ItemSize.of(item) > ItemSize.maxItemBytes {
            throw .validation("Item size has exceeded the maximum allowed size")
        }
    }

    static func checkAttributesToGet(_ names: [String]?) throws(StoreError) {
        guard let names else { return }
        guard !names.isEmpty else {
            throw .constraint(.value("[]"), at: "attributesToGet", "Member must have length greater than or equal to 1")
        }
        guard Set(names).count == names.count else {
            throw .invalidParameter("Duplicate value in attribute name: \(names)")
        }
        for name in names { try checkNameLength(name) }
    }

    /// What an UpdateItem returns for each ReturnValues choice: UPDATED_* narrow the item to the
    /// paths the update wrote.
    static func returnedAttributes(
        _ choice: ReturnValue, old: Item?, new: Item, updated: [AttributePath]
    ) throws(StoreError) -> Item? {
        // Nothing to return is no Attributes at all, never an empty map.
        let returned: Item? =
            switch choice {
            case .none: nil
            case .allOld: old
            case .allNew: new
            case .updatedOld: try old.map { old throws(StoreError) in try ItemProjection.project(old, updated) }
            case .updatedNew: try ItemProjection.project(new, updated)
            }
        return returned?.isEmpty == true ? nil : returned
    }
}

extension GetItemInput {
    /// Whether the request carries a projection (or names for one) to check and apply.
    fileprivate var namesProjection: Bool {
        projectionExpression != nil || expressionAttributeNames != nil || attributesToGet != nil
    }
}
