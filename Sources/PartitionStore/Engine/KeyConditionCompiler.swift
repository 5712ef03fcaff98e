/// Compiles legacy KeyConditions into a `KeyCondition`, with DynamoDB's errors.
enum KeyConditionCompiler {
    static func compile(_ conditions: [String: Condition], key: KeyShape) throws(StoreError) -> KeyCondition {
        guard let hashCondition = conditions[key.hash.attributeName] else {
            throw .validation("Query condition missed key schema element: \(key.hash.attributeName)")
        }
        for name in conditions.keys where key.type(of: name) == nil {
            throw .validation("Query condition missed key schema element: \(key.range?.attributeName ?? name)")
        }
        guard hashCondition.comparisonOperator == .eq else {
            throw .validation("Query key condition not supported")
        }
        let partition = try operands(hashCondition, count: 1, type: key.hash.attributeType)[0]
        guard let range = key.range, let sortCondition = conditions[range.attributeName] else {
            return KeyCondition(partition: partition, sort: nil)
        }
        let type = range.attributeType
        let sort: KeyCondition.Sort
        switch sortCondition.comparisonOperator {
        case .eq: sort = .eq(try operands(sortCondition, count: 1, type: type)[0])
        case .lt: sort = .lt(try operands(sortCondition, count: 1, type: type)[0])
        case .le: sort = .le(try operands(sortCondition, count: 1, type: type)[0])
        case .gt: sort = .gt(try operands(sortCondition, count: 1, type: type)[0])
        case .ge: sort = .ge(try operands(sortCondition, count: 1, type: type)[0])
        case .between:
            let values = try operands(sortCondition, count: 2, type: type)
            sort = .between(values[0], values[1])
        case .beginsWith:
            guard type != .n else { throw .validation("Query key condition not supported") }
            sort = .beginsWith(try operands(sortCondition, count: 1, type: type)[0])
        default:
            throw .validation("Query key condition not supported")
        }
        return KeyCondition(partition: partition, sort: sort)
    }

    private static func operands(
        _ condition: Condition, count: Int, type: ScalarAttributeType
    ) throws(StoreError) -> [AttributeValue] {
        guard condition.attributeValueList.count == count else {
            throw .invalidParameter(
                "Invalid number of argument(s) for the \(condition.comparisonOperator.rawValue) ComparisonOperator")
        }
        for value in condition.attributeValueList where value.scalarType != type {
            throw .invalidParameter("Condition parameter type does not match schema type")
        }
        return condition.attributeValueList
    }
}
