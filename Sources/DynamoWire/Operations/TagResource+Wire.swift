import PartitionStore

extension TagResourceInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            resourceArn: try request.requiredString("ResourceArn"),
            tags: try TableShapes.tags(request.requiredObjects("Tags")))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["ResourceArn": .string(resourceArn), "Tags": TableShapes.encode(tags)])
    }

    /// DynamoDB answers with an empty body.
    public func wireResponse(_ output: NoContent) -> JSONValue { .object([:]) }

    public static func output(wire response: WireObject) throws(WireError) -> NoContent { NoContent() }
}
