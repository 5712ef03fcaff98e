/// TagResource: adds tags to a table by its ARN, or changes the values of tags it has.

public struct TagResourceInput: Sendable, Hashable {
    public var resourceArn: String
    public var tags: [ResourceTag]

    public init(resourceArn: String, tags: [ResourceTag]) {
        self.resourceArn = resourceArn
        self.tags = tags
    }
}

/// The answer of an operation that answers nothing but success (TagResource, UntagResource).
public struct NoContent: Sendable, Hashable {
    public init() {}
}

extension TagResourceInput: StoreOperation {
    public typealias Output = NoContent
    public static let name = OperationName.tagResource

    public var access: OperationAccess { .table(TagRules.tableForAccess(resourceArn), .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> NoContent {
        try store.tagResource(resourceArn, tags: tags)
        return NoContent()
    }
}

extension OperationName {
    public static let tagResource = OperationName("TagResource")
}
