/// UntagResource: removes tags from a table by key; a key the table does not carry is ignored.

public struct UntagResourceInput: Sendable, Hashable {
    public var resourceArn: String
    public var tagKeys: [String]

    public init(resourceArn: String, tagKeys: [String]) {
        self.resourceArn = resourceArn
        self.tagKeys = tagKeys
    }
}

extension UntagResourceInput: StoreOperation {
    public typealias Output = NoContent
    public static let name = OperationName.untagResource

    public var access: OperationAccess { .table(TagRules.tableForAccess(resourceArn), .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> NoContent {
        try store.untagResource(resourceArn, keys: tagKeys)
        return NoContent()
    }
}

extension OperationName {
    public static let untagResource = OperationName("UntagResource")
}
