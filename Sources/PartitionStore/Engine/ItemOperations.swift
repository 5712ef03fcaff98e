extension PartitionStore {
    // MARK: PutItem

    @discardableResult
    public func putItem(_ input: PutItemInput) throws(StoreError) -> WriteItemOutput {
        guard input.returnValues == .none || input.returnValues == .allOld else {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
        try ItemValidation.check(input.item)
        return try write { connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofItem: input.item)
            return try sql(connection) {
                let old = try ItemStorage.read(schema, key, connection)
                try ItemStorage.write(schema, key, old: old, new: input.item, connection)
                return WriteItemOutput(attributes: input.returnValues == .allOld ? old : nil)
            }
        }
    }

    // MARK: GetItem

    public func getItem(_ input: GetItemInput) throws(StoreError) -> GetItemOutput {
        try ItemValidation.checkAttributesToGet(input.attributesToGet)
        return try read { connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            let item = try sql(connection) { try ItemStorage.read(schema, key, connection) }
            return GetItemOutput(item: item.map { ItemValidation.select($0, input.attributesToGet) })
        }
    }

    // MARK: DeleteItem

    @discardableResult
    public func deleteItem(_ input: DeleteItemInput) throws(StoreError) -> WriteItemOutput {
        guard input.returnValues == .none || input.returnValues == .allOld else {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
        return try write { connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            return try sql(connection) {
                guard let old = try ItemStorage.read(schema, key, connection) else { return WriteItemOutput() }
                try ItemStorage.delete(schema, key, old: old, connection)
                return WriteItemOutput(attributes: input.returnValues == .allOld ? old : nil)
            }
        }
    }

    // MARK: UpdateItem

    /// Applies AttributeUpdates (PUT, DELETE, ADD) to the item, creating it when absent.
    @discardableResult
    public func updateItem(_ input: UpdateItemInput) throws(StoreError) -> WriteItemOutput {
        for (name, update) in input.attributeUpdates {
            guard !name.isEmpty else { throw .invalidParameter("An attribute name in AttributeUpdates is empty") }
            if let value = update.value { try value.validate() }
        }
        return try write { connection, catalog throws(StoreError) in
            let schema = try schema(input.tableName, in: catalog)
            let key = try schema.key.encodedKey(ofKey: input.key)
            for name in input.attributeUpdates.keys where schema.key.type(of: name) != nil {
                throw .invalidParameter("Cannot update attribute \(name). This attribute is part of the key")
            }
            let old = try sql(connection) { try ItemStorage.read(schema, key, connection) }
            var new = old ?? input.key
            for (name, update) in input.attributeUpdates.sorted(by: { $0.key < $1.key }) {
                new[name] = try AttributeUpdater.apply(update, to: new[name], name: name)
            }
            try ItemValidation.checkSize(new)
            let updatedNames = Set(input.attributeUpdates.keys)
            let result = new
            try sql(connection) { try ItemStorage.write(schema, key, old: old, new: result, connection) }
            return WriteItemOutput(attributes: ItemValidation.returnedAttributes(input.returnValues, old: old, new: new, updated: updatedNames))
        }
    }
}

/// The legacy AttributeUpdates actions.
enum AttributeUpdater {
    static func apply(_ update: AttributeValueUpdate, to current: AttributeValue?, name: String) throws(StoreError) -> AttributeValue? {
        switch update.action {
        case .put:
            guard let value = update.value else {
                throw .invalidParameter("Only DELETE action is allowed when no attribute value is specified")
            }
            return value
        case .delete:
            guard let value = update.value else { return nil }
            guard let current else { return nil }
            switch (current, value) {
            case (.ss(let have), .ss(let remove)): return nonEmpty(.ss(have.filter { !remove.contains($0) }))
            case (.ns(let have), .ns(let remove)): return nonEmpty(.ns(have.filter { !remove.contains($0) }))
            case (.bs(let have), .bs(let remove)): return nonEmpty(.bs(have.filter { !remove.contains($0) }))
            case (_, .ss), (_, .ns), (_, .bs):
                throw .validation("Type mismatch for attribute to update")
            default:
                throw .invalidParameter("DELETE action with value is not supported for the type \(value.typeName)")
            }
        case .add:
            guard let value = update.value else {
                throw .invalidParameter("Only DELETE action is allowed when no attribute value is specified")
            }
            switch (current, value) {
            case (nil, .n), (nil, .ss), (nil, .ns), (nil, .bs): return value
            case (.n(let have)?, .n(let add)): return .n(try have.adding(add))
            case (.ss(let have)?, .ss(let add)): return .ss(have + add.filter { !have.contains($0) })
            case (.ns(let have)?, .ns(let add)): return .ns(have + add.filter { !have.contains($0) })
            case (.bs(let have)?, .bs(let add)): return .bs(have + add.filter { !have.contains($0) })
            case (_, .n), (_, .ss), (_, .ns), (_, .bs):
                throw .validation("Type mismatch for attribute to update")
            default:
                throw .invalidParameter("ADD action is not supported for the type \(value.typeName)")
            }
        }
    }

    private static func nonEmpty(_ value: AttributeValue) -> AttributeValue? {
        switch value {
        case .ss(let values) where values.isEmpty: nil
        case .ns(let values) where values.isEmpty: nil
        case .bs(let values) where values.isEmpty: nil
        default: value
        }
    }
}

/// Checks on items and the attribute lists of requests.
enum ItemValidation {
    /// An item about to be written: valid values, non-empty names, within 400 KB.
    static func check(_ item: Item) throws(StoreError) {
        for (name, value) in item {
            guard !name.isEmpty else { throw .invalidParameter("An attribute name is empty") }
            try value.validate()
        }
        try checkSize(item)
    }

    static func checkSize(_ item: Item) throws(StoreError) {
        if ItemSize.of(item) > ItemSize.maxItemBytes {
            throw .validation("Item size has exceeded the maximum allowed size")
        }
    }

    static func checkAttributesToGet(_ names: [String]?) throws(StoreError) {
        guard let names else { return }
        guard !names.isEmpty else {
            throw .validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
        guard Set(names).count == names.count else {
            throw .invalidParameter("Duplicate value in attribute name: \(names)")
        }
    }

    /// The attributes of `item` named in `names`, or the whole item when `names` is nil.
    static func select(_ item: Item, _ names: [String]?) -> Item {
        guard let names else { return item }
        var selected = Item(minimumCapacity: names.count)
        for name in names { selected[name] = item[name] }
        return selected
    }

    /// What an UpdateItem returns for each ReturnValues choice.
    static func returnedAttributes(_ choice: ReturnValue, old: Item?, new: Item, updated: Set<String>) -> Item? {
        switch choice {
        case .none: nil
        case .allOld: old
        case .allNew: new
        case .updatedOld: old.map { $0.filter { updated.contains($0.key) } }
        case .updatedNew: new.filter { updated.contains($0.key) }
        }
    }
}
