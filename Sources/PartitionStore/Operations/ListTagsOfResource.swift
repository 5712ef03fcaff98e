/// ListTagsOfResource: a table's tags, by its ARN.

public struct ListTagsOfResourceInput: Sendable, Hashable {
    public var resourceArn: String
    /// From a previous answer's `nextToken`: the list goes on after it.
    public var nextToken: String?

    public init(resourceArn: String, nextToken: String? = nil) {
        self.resourceArn = resourceArn
        self.nextToken = nextToken
    }
}

public struct ListTagsOfResourceOutput: Sendable, Hashable {
    public var tags: [ResourceTag]
    /// Set when more tags follow; a table's tags (at most 50) always fit one answer.
    public var nextToken: String?

    public init(tags: [ResourceTag], nextToken: String? = nil) {
        self.tags = tags
        self.nextToken = nextToken
    }
}

extension ListTagsOfResourceInput: StoreOperation {
    public typealias Output = ListTagsOfResourceOutput
    public static let name = OperationName.listTagsOfResource

    public var access: OperationAccess { .table(TagRules.tableForAccess(resourceArn), .describe) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> ListTagsOfResourceOutput {
        ListTagsOfResourceOutput(tags: try store.listTags(of: resourceArn, after: nextToken))
    }
}

extension OperationName {
    public static let listTagsOfResource = OperationName("ListTagsOfResource")
}
