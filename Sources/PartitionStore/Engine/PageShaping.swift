/// The projection a Query or Scan asked for: ProjectionExpression or AttributesToGet.
struct PageProjection {
    var paths: [AttributePath]
    /// The parameter it came from, for messages.
    var parameter: String

    init?(expressions: inout RequestExpressions, _ expression: String?, attributesToGet: [String]?) throws(StoreError) {
        if let paths = try expressions.projection(expression) {
            self.paths = paths
            parameter = "ProjectionExpression"
        } else if let attributesToGet {
            paths = attributesToGet.map { AttributePath(attribute: $0) }
            parameter = "AttributesToGet"
        } else {
            return nil
        }
    }
}

/// The filter of a Query or Scan: FilterExpression, or QueryFilter / ScanFilter.
struct PageFilter {
    var predicate: Predicate?
    var parameter: String

    init(
        expressions: inout RequestExpressions, _ expression: String?, legacy: [String: Condition]?,
        _ conditionalOperator: ConditionalOperator?, parameter legacyParameter: String
    ) throws(StoreError) {
        if let predicate = try expressions.condition(expression, .filter) {
            self.predicate = predicate
            parameter = "FilterExpression"
        } else {
            predicate = try LegacyParameters.filter(legacy, conditionalOperator, parameter: legacyParameter)
            parameter = legacyParameter
        }
    }

    /// A Query's filter may not name the key attributes of what it reads.
    func checkNoKeyAttributes(_ key: KeyShape) throws(StoreError) {
        guard let predicate else { return }
        let names = predicate.attributes
        for name in key.attributeNames where names.contains(name) {
            if parameter == "FilterExpression" {
                throw .validation(
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(name)")
            }
            throw .validation("\(parameter) can only contain non-key attributes: Primary key attribute: \(name)")
        }
    }
}

/// Which attributes a page returns, resolved from Select and the projection.
enum Selection {
    case stored  // the stored row as is (base item, or the index's projection)
    case baseItem  // a local index's full base item
    case specific([AttributePath], fetchBase: Bool)
    case count

    init(_ select: Select?, projection: PageProjection?, target: ReadTarget) throws(StoreError) {
        let index = target.index
        switch select
            ?? (projection != nil ? .specificAttributes : (index == nil ? .allAttributes : .allProjectedAttributes))
        {
        case .allAttributes:
            if let projection {
                throw .validation("Cannot specify the \(projection.parameter) when choosing to get ALL_ATTRIBUTES")
            }
            guard let index, index.projection.projectionType != .all else {
                self = .stored
                return
            }
            guard !index.isGlobal else {
                throw .invalidParameter(
                    "Select type ALL_ATTRIBUTES is not supported for global secondary index \(index.name) because its projection type is not ALL"
                )
            }
            self = .baseItem
        case .allProjectedAttributes:
            guard index != nil else {
                throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
            }
            if let projection {
                throw .validation(
                    "Cannot specify the \(projection.parameter) when choosing to get ALL_PROJECTED_ATTRIBUTES")
            }
            self = .stored
        case .specificAttributes:
            guard let projection else {
                throw .validation(
                    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
            }
            var fetchBase = false
            if let index, !index.isGlobal, index.projection.projectionType != .all {
                let projected = Set(target.keyNames + (index.projection.nonKeyAttributes ?? []))
                fetchBase = !projection.paths.allSatisfy { projected.contains($0.attribute) }
            }
            self = .specific(projection.paths, fetchBase: fetchBase)
        case .count:
            if let projection {
                throw .validation("Cannot specify the \(projection.parameter) when choosing to get COUNT")
            }
            self = .count
        }
    }

    var needsBaseItem: Bool {
        switch self {
        case .baseItem: true
        case .specific(_, let fetchBase): fetchBase
        case .stored, .count: false
        }
    }
}
