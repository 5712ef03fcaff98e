extension PartitionStore {
    static let maxBatchWrites = 25
    static let maxBatchGets = 100
    static let maxBatchGetBytes = 16 * 1024 * 1024

    // MARK: BatchWriteItem

    /// Up to 25 puts and deletes across tables. Every request is checked before anything is
    /// written, and all of them commit together.
    @discardableResult
    public func batchWriteItem(_ input: BatchWriteItemInput) throws(StoreError) -> BatchWriteItemOutput {
        try write(prepareBatchWrite(input))
    }

    func prepareBatchWrite(_ input: BatchWriteItemInput) throws(StoreError) -> WriteBody<BatchWriteItemOutput> {
        let total = input.requestItems.values.reduce(0) { $0 + $1.count }
        guard !input.requestItems.isEmpty, input.requestItems.values.allSatisfy({ !$0.isEmpty }),
            total <= Self.maxBatchWrites
        else {
            throw .constraint(
                .unshown, at: "requestItems",
                "Map value must satisfy constraint: [Member must have length less than or equal to \(Self.maxBatchWrites), Member must have length greater than or equal to 1]"
            )
        }
        for requests in input.requestItems.values {
            for case .put(let item) in requests { try ItemValidation.check(item) }
        }
        let emptyMeter = CapacityMeter(input.returnConsumedCapacity)
        return { [self] connection, catalog throws(StoreError) in
            var meter = emptyMeter
            // Resolve every key first: a bad request fails the batch before any write.
            var planned: [(TableSchema, EncodedKey, WriteRequest)] = []
            for (tableName, requests) in input.requestItems.sorted(by: { $0.key < $1.key }) {
                let schema = try schema(tableName, in: catalog)
                var seen: Set<EncodedKey> = []
                for request in requests {
                    let key =
                        switch request {
                        case .put(let item): try schema.key.encodedKey(ofItem: item)
                        case .delete(let key): try schema.key.encodedKey(ofKey: key)
                        }
                    guard seen.insert(key).inserted else {
                        throw .validation("Provided list of item keys contains duplicates")
                    }
                    planned.append((schema, key, request))
                }
            }
            try sql(connection) {
                for (schema, key, request) in planned {
                    let old = try ItemStorage.read(schema, key, connection)
                    switch request {
                    case .put(let item):
                        meter.write(schema, old: old, new: item)
                        try ItemStorage.write(schema, key, old: old, new: item, connection)
                    case .delete:
                        meter.write(schema, old: old, new: nil)
                        if let old { try ItemStorage.delete(schema, key, old: old, connection) }
                    }
                }
            }
            return BatchWriteItemOutput(unprocessedItems: [:], consumedCapacity: meter.report())
        }
    }

    // MARK: BatchGetItem

    /// Up to 100 keys across tables, read from one snapshot. Keys whose items would take the
    /// answer past 16 MB come back in UnprocessedKeys.
    public func batchGetItem(_ input: BatchGetItemInput) throws(StoreError) -> BatchGetItemOutput {
        let total = input.requestItems.values.reduce(0) { $0 + $1.keys.count }
        guard !input.requestItems.isEmpty, input.requestItems.values.allSatisfy({ !$0.keys.isEmpty }) else {
            throw .constraint(.unshown, at: "requestItems", "Member must have length greater than or equal to 1")
        }
        guard total <= Self.maxBatchGets else {
            throw .validation("Too many items requested for the BatchGetItem call")
        }
        var projections: [String: [AttributePath]?] = [:]
        for (tableName, request) in input.requestItems {
            try ItemValidation.checkAttributesToGet(request.attributesToGet)
            var expressions = try RequestExpressions(
                names: request.expressionAttributeNames, values: nil,
                legacy: ["AttributesToGet": request.attributesToGet != nil],
                expressions: ["ProjectionExpression": request.projectionExpression != nil])
            var projection = request.attributesToGet?.map { AttributePath(attribute: $0) }
            if let paths = try expressions.projection(request.projectionExpression) { projection = paths }
            try expressions.finish()
            projections[tableName] = projection
        }
        var meter = CapacityMeter(input.returnConsumedCapacity)
        return try read(snapshot: true) { connection, catalog throws(StoreError) in
            var responses: [String: [Item]] = [:]
            var unprocessed: [String: KeysAndAttributes] = [:]
            var bytes = 0
            for (tableName, request) in input.requestItems.sorted(by: { $0.key < $1.key }) {
                let schema = try schema(tableName, in: catalog)
                var seen: Set<EncodedKey> = []
                var keys: [EncodedKey] = []
                for key in request.keys {
                    let encoded = try schema.key.encodedKey(ofKey: key)
                    guard seen.insert(encoded).inserted else {
                        throw .validation("Provided list of item keys contains duplicates")
                    }
                    keys.append(encoded)
                }
                responses[tableName] = []
                for (position, key) in keys.enumerated() {
                    if bytes >= Self.maxBatchGetBytes {
                        var rest = request
                        rest.keys = Array(request.keys[position...])
                        unprocessed[tableName] = rest
                        break
                    }
                    guard let item = try sql(connection, { try ItemStorage.read(schema, key, connection) }) else {
                        meter.read(schema, bytes: 0, consistent: request.consistentRead)
                        continue
                    }
                    let size = ItemSize.of(item)
                    bytes += size
                    meter.read(schema, bytes: size, consistent: request.consistentRead)
                    if let projection = projections[tableName] ?? nil {
                        responses[tableName, default: []].append(try ItemProjection.project(item, projection))
                    } else {
                        responses[tableName, default: []].append(item)
                    }
                }
            }
            return BatchGetItemOutput(
                responses: responses, unprocessedKeys: unprocessed, consumedCapacity: meter.report())
        }
    }
}
