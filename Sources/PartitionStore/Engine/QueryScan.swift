extension PartitionStore {
    // MARK: Query

    public func query(_ input: QueryInput) throws(StoreError) -> ItemPage {
        try queryStored(input).materialized()
    }

    /// Query, with the page's items left in their stored form: for callers that read a few
    /// attributes of each item, or pass the bytes on.
    public func queryStored(_ input: QueryInput) throws(StoreError) -> StoredPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        var expressions = try RequestExpressions(
            names: input.expressionAttributeNames, values: input.expressionAttributeValues,
            legacy: [
                "KeyConditions": input.keyConditions != nil, "QueryFilter": input.queryFilter != nil,
                "ConditionalOperator": input.conditionalOperator != nil,
                "AttributesToGet": input.attributesToGet != nil,
            ],
            expressions: [
                "KeyConditionExpression": input.keyConditionExpression != nil,
                "FilterExpression": input.filterExpression != nil,
                "ProjectionExpression": input.projectionExpression != nil,
            ]
        )
        let keyPredicate = try expressions.condition(input.keyConditionExpression, .keyCondition)
        let filter = try PageFilter(
            expressions: &expressions, input.filterExpression, legacy: input.queryFilter, input.conditionalOperator,
            parameter: "QueryFilter")
        let projection = try PageProjection(
            expressions: &expressions, input.projectionExpression, attributesToGet: input.attributesToGet)
        try expressions.finish()
        guard keyPredicate != nil || input.keyConditions != nil else {
            throw .validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }

        // Reading through a local index may fetch base items too: those reads share one snapshot.
        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(
                try schema(input.tableName, in: catalog), indexName: input.indexName,
                consistentRead: input.consistentRead)
            let condition =
                if let keyPredicate {
                    try KeyConditionCompiler.compile(keyPredicate, key: target.key)
                } else {
                    try KeyConditionCompiler.compile(input.keyConditions ?? [:], key: target.key)
                }
            try filter.checkNoKeyAttributes(target.key)
            let selection = try Selection(input.select, projection: projection, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: false)

            var query = SQLBuilder(target: target, operation: .query(forward: input.scanIndexForward))
            let partition = KeyCodec.encode(condition.partition)
            query.add(.partition, binds: [.integer(KeyCodec.partitionHash(partition)), .blob(partition)])
            let bounds = try SortBounds(condition.sort)
            if let start {
                guard start.partition == partition, bounds.contains(start.sort) else {
                    throw .validation(
                        "The provided starting key is outside query boundaries based on provided conditions")
                }
            }
            // The start key replaces the bound on its own side: SQLite can use only one bound per
            // side, and it must be the start key's, or every later page would re-read earlier rows.
            let forward = input.scanIndexForward
            if let lower = bounds.lower, start == nil || !forward {
                query.add(.sort(lower.inclusive ? ">=" : ">"), binds: [.blob(lower.bytes)])
            }
            if let upper = bounds.upper, start == nil || forward {
                query.add(.sort(upper.inclusive ? "<=" : "<"), binds: [.blob(upper.bytes)])
            }
            if let start { query.add(.after(includeHash: false), binds: start.values) }
            return try sql(connection) {
                try PageReader.read(
                    query, selection: selection, filter: filter.predicate, limit: input.limit,
                    capacity: input.returnConsumedCapacity, consistent: input.consistentRead, connection)
            }
        }
    }

    // MARK: Scan

    public func scan(_ input: ScanInput) throws(StoreError) -> ItemPage {
        try scanStored(input).materialized()
    }

    /// Scan, with the page's items left in their stored form.
    public func scanStored(_ input: ScanInput) throws(StoreError) -> StoredPage {
        try PageLimits.checkLimit(input.limit)
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        let (low, high) = try PageLimits.segmentRange(segment: input.segment, totalSegments: input.totalSegments)
        var expressions = try RequestExpressions(
            names: input.expressionAttributeNames, values: input.expressionAttributeValues,
            legacy: [
                "ScanFilter": input.scanFilter != nil, "ConditionalOperator": input.conditionalOperator != nil,
                "AttributesToGet": input.attributesToGet != nil,
            ],
            expressions: [
                "FilterExpression": input.filterExpression != nil,
                "ProjectionExpression": input.projectionExpression != nil,
            ]
        )
        let filter = try PageFilter(
            expressions: &expressions, input.filterExpression, legacy: input.scanFilter, input.conditionalOperator,
            parameter: "ScanFilter")
        let projection = try PageProjection(
            expressions: &expressions, input.projectionExpression, attributesToGet: input.attributesToGet)
        try expressions.finish()

        return try read(snapshot: input.indexName != nil) { connection, catalog throws(StoreError) in
            let target = try ReadTarget(
                try schema(input.tableName, in: catalog), indexName: input.indexName,
                consistentRead: input.consistentRead)
            let selection = try Selection(input.select, projection: projection, target: target)
            let start = try target.startPosition(input.exclusiveStartKey, includeHash: true)

            var query = SQLBuilder(target: target, operation: .scan)
            if let start {
                // As in Query, the start key is the lower bound, so each page starts where the last ended.
                guard start.hash >= low, start.hash < high else {
                    throw .validation(
                        "The provided starting key is invalid: it does not belong to segment \(input.segment ?? 0) of \(input.totalSegments ?? 1)"
                    )
                }
                query.add(.after(includeHash: true), binds: start.values)
                query.add(.segmentEnd, binds: [.integer(high)])
            } else {
                query.add(.segment, binds: [.integer(low), .integer(high)])
            }
            return try sql(connection) {
                try PageReader.read(
                    query, selection: selection, filter: filter.predicate, limit: input.limit,
                    capacity: input.returnConsumedCapacity, consistent: input.consistentRead, connection)
            }
        }
    }
}
