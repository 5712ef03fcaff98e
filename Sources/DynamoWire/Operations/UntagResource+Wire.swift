import PartitionStore

extension UntagResourceInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        guard let keys = try request.strings("TagKeys") else { throw .missing(request.memberPath("TagKeys")) }
        self.init(resourceArn: try request.requiredString("ResourceArn"), tagKeys: keys)
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["ResourceArn": .string(resourceArn), "TagKeys": .array(tagKeys.map(JSONValue.string))])
    }

    /// DynamoDB answers with an empty body.
    public func wireResponse(_ output: NoContent) -> JSONValue { .object([:]) }

    public static func output(wire response: WireObject) throws(WireError) -> NoContent { NoContent() }
}
