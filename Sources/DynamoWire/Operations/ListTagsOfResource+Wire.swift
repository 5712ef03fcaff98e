import PartitionStore

extension ListTagsOfResourceInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(resourceArn: try request.requiredString("ResourceArn"), nextToken: try request.string("NextToken"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object(["ResourceArn": .string(resourceArn), "NextToken": nextToken.map(JSONValue.string)])
    }

    public func wireResponse(_ output: ListTagsOfResourceOutput) -> JSONValue {
        WireShapes.object([
            "Tags": TableShapes.encode(output.tags), "NextToken": output.nextToken.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListTagsOfResourceOutput {
        ListTagsOfResourceOutput(
            tags: try TableShapes.tags(response.objects("Tags") ?? []), nextToken: try response.string("NextToken"))
    }
}
