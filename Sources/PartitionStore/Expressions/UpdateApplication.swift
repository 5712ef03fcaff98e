/// Applies an UpdatePlan to an item, with DynamoDB's semantics: every SET value is computed from
/// the item as it was before the update; REMOVE of list elements uses the original positions;
/// ADD and DELETE work on numbers and sets.
extension UpdatePlan {
    /// The updated item. `original` is the stored item, or the key alone when there is none.
    /// Nothing is changed when this throws.
    func apply(to original: Item) throws(StoreError) -> Item {
        var item = original
        var computed: [AttributeValue] = []
        computed.reserveCapacity(assignments.count)
        for assignment in assignments { computed.append(try assignment.value.updateValue(in: original)) }
        for (assignment, value) in zip(assignments, computed) {
            try ItemPaths.set(value, at: assignment.path, in: &item)
        }
        // Later list positions first, so that removing one element does not move the others.
        for path in removals.sorted(by: { ItemPaths.precedes($1, $0) }) {
            try ItemPaths.remove(path, from: &item)
        }
        for addition in additions {
            let current = try addition.path.value(in: item)
            try ItemPaths.set(try Self.add(addition.value, to: current, legacy: isLegacy), at: addition.path, in: &item)
        }
        for deletion in deletions {
            guard let current = try deletion.path.value(in: item) else { continue }
            if let remaining = try Self.delete(deletion.value, from: current, legacy: isLegacy) {
                try ItemPaths.set(remaining, at: deletion.path, in: &item)
            } else {
                try ItemPaths.remove(deletion.path, from: &item)
            }
        }
        for name in Set(targets.map(\.attribute)) {
            try item[name]?.validate()
        }
        return item
    }

    private static func add(
        _ value: AttributeValue, to current: AttributeValue?, legacy: Bool
    ) throws(StoreError) -> AttributeValue {
        switch (current, value) {
        case (nil, _): return value
        case (.n(let have)?, .n(let add)): return .n(try have.adding(add))
        case (.ss(let have)?, .ss(let add)):
            let known = Set(have.map { Array($0.utf8) })
            return .ss(have + add.filter { !known.contains(Array($0.utf8)) })
        case (.ns(let have)?, .ns(let add)):
            let known = Set(have)
            return .ns(have + add.filter { !known.contains($0) })
        case (.bs(let have)?, .bs(let add)):
            let known = Set(have)
            return .bs(have + add.filter { !known.contains($0) })
        default:
            throw incorrectType(legacy: legacy)
        }
    }

    /// The set left after removing `value`'s members, or nil when it is left empty.
    private static func delete(
        _ value: AttributeValue, from current: AttributeValue, legacy: Bool
    ) throws(StoreError) -> AttributeValue? {
        let result: AttributeValue
        switch (current, value) {
        case (.ss(let have), .ss(let remove)):
            let gone = Set(remove.map { Array($0.utf8) })
            result = .ss(have.filter { !gone.contains(Array($0.utf8)) })
        case (.ns(let have), .ns(let remove)):
            let gone = Set(remove)
            result = .ns(have.filter { !gone.contains($0) })
        case (.bs(let have), .bs(let remove)):
            let gone = Set(remove)
            result = .bs(have.filter { !gone.contains($0) })
        default:
            throw incorrectType(legacy: legacy)
        }
        return result.size == 0 ? nil : result
    }

    static func incorrectType(legacy: Bool) -> StoreError {
        legacy
            ? .validation("Type mismatch for attribute to update")
            : .validation("An operand in the update expression has an incorrect data type")
    }
}

extension Term {
    /// The term's value on the right of a SET. Unlike in a condition, a missing attribute or an
    /// operand of the wrong type is an error.
    func updateValue(in item: Item) throws(StoreError) -> AttributeValue {
        switch self {
        case .literal(let value):
            return value
        case .path(let path):
            guard let value = try path.value(in: item) else {
                throw .validation("The provided expression refers to an attribute that does not exist in the item")
            }
            return value
        case .ifNotExists(let path, let fallback):
            if let value = try path.value(in: item) { return value }
            return try fallback.updateValue(in: item)
        case .listAppend(let left, let right):
            guard case .l(let first) = try left.updateValue(in: item),
                case .l(let second) = try right.updateValue(in: item)
            else {
                throw UpdatePlan.incorrectType(legacy: false)
            }
            return .l(first + second)
        case .plus(let left, let right):
            let (a, b) = try Self.numbers(left, right, in: item)
            return .n(try a.adding(b))
        case .minus(let left, let right):
            let (a, b) = try Self.numbers(left, right, in: item)
            return .n(try a.subtracting(b))
        case .size:
            throw .validation(
                "Invalid UpdateExpression: The function is not allowed in an update expression; function: size")
        }
    }

    private static func numbers(
        _ left: Term, _ right: Term, in item: Item
    ) throws(StoreError) -> (DecimalNumber, DecimalNumber) {
        guard case .n(let a) = try left.updateValue(in: item), case .n(let b) = try right.updateValue(in: item) else {
            throw UpdatePlan.incorrectType(legacy: false)
        }
        return (a, b)
    }
}

/// Writing and removing values at document paths inside an item.
enum ItemPaths {
    static let invalidPath = StoreError.validation(
        "The document path provided in the update expression is invalid for update")

    /// Sets the value at `path`. Every step but the last must exist; a list index past the end
    /// appends.
    static func set(_ value: AttributeValue, at path: AttributePath, in item: inout Item) throws(StoreError) {
        let name = path.attribute
        guard !path.isTopLevel else {
            item[name] = value
            return
        }
        guard var top = item.removeValue(forKey: name) else { throw invalidPath }
        defer { item[name] = top }
        try top.set(value, at: path.elements.dropFirst())
    }

    /// Removes the value at `path`. A missing value (or list index) is no change; a missing
    /// parent is an invalid path.
    static func remove(_ path: AttributePath, from item: inout Item) throws(StoreError) {
        let name = path.attribute
        guard !path.isTopLevel else {
            item[name] = nil
            return
        }
        guard var top = item.removeValue(forKey: name) else { throw invalidPath }
        defer { item[name] = top }
        try top.remove(at: path.elements.dropFirst())
    }

    /// An order on paths in which list indexes compare as numbers.
    static func precedes(_ a: AttributePath, _ b: AttributePath) -> Bool {
        for (x, y) in zip(a.elements, b.elements) where x != y {
            switch (x, y) {
            case (.index(let i), .index(let j)): return i < j
            case (.key(let m), .key(let n)): return m < n
            case (.key, .index): return true
            case (.index, .key): return false
            }
        }
        return a.elements.count < b.elements.count
    }
}

extension AttributeValue {
    fileprivate mutating func set(
        _ value: AttributeValue, at path: ArraySlice<AttributePath.Element>
    ) throws(StoreError) {
        guard let element = path.first else {
            self = value
            return
        }
        let rest = path.dropFirst()
        switch (element, self) {
        case (.key(let name), .m(var map)):
            self = .null  // let the map be mutated in place
            defer { self = .m(map) }
            if rest.isEmpty {
                map[name] = value
            } else {
                guard var child = map.removeValue(forKey: name) else { throw ItemPaths.invalidPath }
                defer { map[name] = child }
                try child.set(value, at: rest)
            }
        case (.index(let index), .l(var list)):
            self = .null
            defer { self = .l(list) }
            if rest.isEmpty {
                if index < list.count { list[index] = value } else { list.append(value) }
            } else {
                guard index < list.count else { throw ItemPaths.invalidPath }
                try list[index].set(value, at: rest)
            }
        default:
            throw ItemPaths.invalidPath
        }
    }

    fileprivate mutating func remove(at path: ArraySlice<AttributePath.Element>) throws(StoreError) {
        guard let element = path.first else { return }
        let rest = path.dropFirst()
        switch (element, self) {
        case (.key(let name), .m(var map)):
            self = .null
            defer { self = .m(map) }
            if rest.isEmpty {
                map[name] = nil
            } else {
                guard var child = map.removeValue(forKey: name) else { throw ItemPaths.invalidPath }
                defer { map[name] = child }
                try child.remove(at: rest)
            }
        case (.index(let index), .l(var list)):
            self = .null
            defer { self = .l(list) }
            guard index < list.count else {
                if rest.isEmpty { return }
                throw ItemPaths.invalidPath
            }
            if rest.isEmpty { list.remove(at: index) } else { try list[index].remove(at: rest) }
        default:
            throw ItemPaths.invalidPath
        }
    }
}
