/// The parameters older SDKs and tools still send — Expected, QueryFilter, ScanFilter with
/// ConditionalOperator, and AttributeUpdates — translated onto the expression evaluator, so both
/// spellings of a request behave the same.
enum LegacyParameters {
    /// A QueryFilter or ScanFilter as one predicate; nil when there are no conditions.
    static func filter(
        _ conditions: [String: Condition]?, _ conditionalOperator: ConditionalOperator?, parameter: String
    ) throws(StoreError) -> Predicate? {
        guard let conditions else {
            if conditionalOperator != nil {
                throw .validation("ConditionalOperator can only be used when \(parameter) is present")
            }
            return nil
        }
        var predicates: [Predicate] = []
        for (name, condition) in conditions.sorted(by: { $0.key < $1.key }) {
            predicates.append(try predicate(name, condition.comparisonOperator, condition.attributeValueList))
        }
        return combine(predicates, conditionalOperator)
    }

    /// Expected as one predicate; nil when there is nothing expected.
    static func expected(
        _ expected: [String: ExpectedAttributeValue]?, _ conditionalOperator: ConditionalOperator?
    ) throws(StoreError) -> Predicate? {
        guard let expected else {
            if conditionalOperator != nil {
                throw .validation("ConditionalOperator can only be used when Expected is present")
            }
            return nil
        }
        var predicates: [Predicate] = []
        for (name, entry) in expected.sorted(by: { $0.key < $1.key }) {
            let path = AttributePath(attribute: name)
            if let comparisonOperator = entry.comparisonOperator {
                guard entry.value == nil else {
                    throw .invalidParameter(
                        "Value and AttributeValueList cannot be used together for Attribute: \(name)")
                }
                guard entry.exists == nil else {
                    throw .invalidParameter(
                        "Exists and ComparisonOperator cannot be used together for Attribute: \(name)")
                }
                predicates.append(try predicate(name, comparisonOperator, entry.attributeValueList ?? []))
            } else if entry.exists == false {
                guard entry.value == nil else {
                    throw .invalidParameter("Value cannot be used when Exists is false for Attribute: \(name)")
                }
                predicates.append(.notExists(path))
            } else {
                guard let value = entry.value else {
                    throw .invalidParameter(
                        "Value must be provided when Exists is \(entry.exists == nil ? "null" : "true") for Attribute: \(name)"
                    )
                }
                try value.validate()
                predicates.append(.compare(.path(path), .eq, .literal(value)))
            }
        }
        return combine(predicates, conditionalOperator)
    }

    /// AttributeUpdates as an update plan.
    static func attributeUpdates(_ updates: [String: AttributeValueUpdate]) throws(StoreError) -> UpdatePlan {
        var plan = UpdatePlan(isLegacy: true)
        for (name, update) in updates.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty else { throw .invalidParameter("An attribute name in AttributeUpdates is empty") }
            try ItemValidation.checkNameLength(name)
            if let value = update.value { try value.validate() }
            let path = AttributePath(attribute: name)
            switch (update.action, update.value) {
            case (.put, let value?):
                plan.assignments.append(UpdatePlan.Assignment(path: path, value: .literal(value)))
            case (.delete, nil):
                plan.removals.append(path)
            case (.delete, let value?):
                switch value {
                case .ss, .ns, .bs: plan.deletions.append(UpdatePlan.SetOperation(path: path, value: value))
                default:
                    throw .invalidParameter("DELETE action with value is not supported for the type \(value.typeName)")
                }
            case (.add, let value?):
                switch value {
                case .n, .ss, .ns, .bs: plan.additions.append(UpdatePlan.SetOperation(path: path, value: value))
                default: throw .invalidParameter("ADD action is not supported for the type \(value.typeName)")
                }
            case (.put, nil), (.add, nil):
                throw .invalidParameter("Only DELETE action is allowed when no attribute value is specified")
            }
        }
        return plan
    }

    // MARK: One condition

    private static func predicate(
        _ name: String, _ comparison: ComparisonOperator, _ values: [AttributeValue]
    ) throws(StoreError) -> Predicate {
        let path = AttributePath(attribute: name)
        let attribute = Term.path(path)
        for value in values { try value.validate() }

        func operands(_ count: Int) throws(StoreError) -> [Term] {
            guard values.count == count else {
                throw .invalidParameter(
                    "Invalid number of argument(s) for the \(comparison.rawValue) ComparisonOperator")
            }
            return values.map { .literal($0) }
        }
        func scalar(allowNumber: Bool = true) throws(StoreError) {
            for value in values {
                switch value {
                case .s, .b: continue
                case .n where allowNumber: continue
                default:
                    throw .invalidParameter(
                        "ComparisonOperator \(comparison.rawValue) is not valid for \(value.typeName) AttributeValue type"
                    )
                }
            }
        }

        switch comparison {
        case .eq: return .compare(attribute, .eq, try operands(1)[0])
        case .ne: return .compare(attribute, .ne, try operands(1)[0])
        case .lt, .le, .gt, .ge:
            let operand = try operands(1)[0]
            try scalar()
            let comparator: Comparator =
                switch comparison {
                case .lt: .lt
                case .le: .le
                case .gt: .gt
                default: .ge
                }
            return .compare(attribute, comparator, operand)
        case .notNull:
            _ = try operands(0)
            return .exists(path)
        case .null:
            _ = try operands(0)
            return .notExists(path)
        case .contains, .notContains:
            let operand = try operands(1)[0]
            try scalar()
            return comparison == .contains ? .contains(attribute, operand) : .not(.contains(attribute, operand))
        case .beginsWith:
            let operand = try operands(1)[0]
            try scalar(allowNumber: false)
            return .beginsWith(attribute, operand)
        case .in:
            guard !values.isEmpty else {
                throw .invalidParameter("Invalid number of argument(s) for the IN ComparisonOperator")
            }
            try scalar()
            return .in(attribute, values.map { .literal($0) })
        case .between:
            let bounds = try operands(2)
            try scalar()
            if let order = ValueOrder.compare(values[0], values[1]), order > 0 {
                throw .validation(
                    "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
            }
            guard ValueOrder.compare(values[0], values[1]) != nil else {
                throw .invalidParameter("AttributeValues inside AttributeValueList must be of same type")
            }
            return .between(attribute, bounds[0], bounds[1])
        }
    }

    private static func combine(_ predicates: [Predicate], _ conditionalOperator: ConditionalOperator?) -> Predicate? {
        guard var combined = predicates.first else { return nil }
        for next in predicates.dropFirst() {
            combined = conditionalOperator == .or ? .or(combined, next) : .and(combined, next)
        }
        return combined
    }
}
