/// Narrows an item to the document paths of a projection (ProjectionExpression, AttributesToGet,
/// or the attributes an update touched), as DynamoDB returns them: nested maps keep the named
/// keys, lists keep the named elements in order, and paths that lead nowhere are left out.
enum ItemProjection {
    static func project(_ source: some AttributeSource, _ paths: [AttributePath]) throws(StoreError) -> Item {
        var result = Item(minimumCapacity: paths.count)
        var order: [String] = []
        var rests: [String: [ArraySlice<AttributePath.Element>]] = [:]
        for path in paths {
            let name = path.attribute
            if rests[name] == nil { order.append(name) }
            rests[name, default: []].append(path.elements.dropFirst())
        }
        for name in order {
            guard let value = try source.attribute(named: name), let wanted = rests[name] else { continue }
            if let projected = extract(value, wanted) { result[name] = projected }
        }
        return result
    }

    /// True when every path names a top-level attribute, so a plain lookup per name does.
    static func isTopLevel(_ paths: [AttributePath]) -> Bool {
        paths.allSatisfy(\.isTopLevel)
    }

    private static func extract(
        _ value: AttributeValue, _ paths: [ArraySlice<AttributePath.Element>]
    ) -> AttributeValue? {
        if paths.contains(where: \.isEmpty) { return value }
        switch value {
        case .m(let map):
            var grouped: [String: [ArraySlice<AttributePath.Element>]] = [:]
            for path in paths {
                if case .key(let name)? = path.first { grouped[name, default: []].append(path.dropFirst()) }
            }
            var projected: [String: AttributeValue] = [:]
            for (name, rest) in grouped {
                if let child = map[name], let narrowed = extract(child, rest) { projected[name] = narrowed }
            }
            return projected.isEmpty ? nil : .m(projected)
        case .l(let list):
            var grouped: [Int: [ArraySlice<AttributePath.Element>]] = [:]
            for path in paths {
                if case .index(let index)? = path.first { grouped[index, default: []].append(path.dropFirst()) }
            }
            var projected: [AttributeValue] = []
            for index in grouped.keys.sorted() where index < list.count {
                if let rest = grouped[index], let narrowed = extract(list[index], rest) { projected.append(narrowed) }
            }
            return projected.isEmpty ? nil : .l(projected)
        default:
            return nil
        }
    }
}
