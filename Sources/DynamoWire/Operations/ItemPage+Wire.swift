import PartitionStore

/// The page Query and Scan answer with.
extension ItemPage {
    /// With Select COUNT there is no Items member, as in DynamoDB.
    func wire(select: Select?) -> JSONValue {
        WireShapes.object([
            "Count": .number(count),
            "ScannedCount": .number(scannedCount),
            "Items": select == .count ? nil : .array(items.map(AttributeJSON.encode)),
            "LastEvaluatedKey": lastEvaluatedKey.map(AttributeJSON.encode),
            "ConsumedCapacity": consumedCapacity.map(WireShapes.encode),
        ])
    }

    init(wire response: WireObject) throws(WireError) {
        var items: [Item] = []
        for value in try response.list("Items") ?? [] { items.append(try AttributeJSON.decodeItem(value)) }
        let count = try response.int("Count") ?? items.count
        self.init(
            items: items, count: count, scannedCount: try response.int("ScannedCount") ?? count,
            lastEvaluatedKey: try response.item("LastEvaluatedKey"),
            consumedCapacity: try WireShapes.capacity(response.object("ConsumedCapacity")))
    }
}

/// The same page answered from the items' stored form: each item's DynamoDB JSON is written
/// straight from its bytes.
extension StoredPage {
    func wire(select: Select?) throws(StoreError) -> JSONValue {
        WireShapes.object([
            "Count": .number(count),
            "ScannedCount": .number(scannedCount),
            "Items": select == .count ? nil : .array(try itemsAsDynamoJSON().map(JSONValue.encoded)),
            "LastEvaluatedKey": lastEvaluatedKey.map(AttributeJSON.encode),
            "ConsumedCapacity": consumedCapacity.map(WireShapes.encode),
        ])
    }
}
