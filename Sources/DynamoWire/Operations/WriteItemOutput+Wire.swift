import PartitionStore

/// The answer PutItem, UpdateItem and DeleteItem share: the item's attributes as asked by
/// ReturnValues, and the capacity consumed.
extension WriteItemOutput {
    var wire: JSONValue {
        WireShapes.object([
            "Attributes": attributes.map(AttributeJSON.encode),
            "ConsumedCapacity": consumedCapacity.map(WireShapes.encode),
        ])
    }

    init(wire response: WireObject) throws(WireError) {
        self.init(
            attributes: try response.item("Attributes"),
            consumedCapacity: try WireShapes.capacity(response.object("ConsumedCapacity")))
    }
}
