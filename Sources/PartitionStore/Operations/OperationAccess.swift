import Foundation

/// What an operation touches, named before it runs: the tables, indexes and streams, the keys,
/// the attributes, and the request parameters that decide how much of an item comes back. An
/// access policy judges a request by this (DynamoDB's fine-grained access control); the engine
/// completes it with what only the schema knows (`PartitionStore.resolve(_:)`).
public struct OperationAccess: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Reads items.
        case read
        /// Writes items.
        case write
        /// Reads a table's or stream's description, not its items.
        case describe
        /// Creates, changes or deletes a table.
        case manage
    }

    /// One table (or one of its indexes, or its stream) and what is done to it.
    public struct Target: Sendable, Hashable {
        public var table: String
        public var index: String?
        /// The stream read, by its ARN, for the Streams operations.
        public var stream: String?
        public var kind: Kind
        /// The action this target is judged as when it is not the operation's own: a
        /// transaction's put is a PutItem, its condition check a ConditionCheckItem.
        public var action: OperationName?
        /// The primary keys the request names (or the items it puts); nil when the engine finds
        /// them (a query's partition, a scan's whole table) or none are involved.
        public var keys: [Item]?
        /// The top-level attributes the request names for reading or writing (a projection, the
        /// attributes of a put, the paths of an update or a condition); nil when it reads whole
        /// items and names none.
        public var attributes: Set<String>?
        /// The partition key values the target touches, on the table or the index it reads:
        /// filled in by `PartitionStore.resolve(_:)`; nil when the request names no partition.
        public var leadingKeys: [String]?
        /// What a read returns: its Select, or the one implied (specific attributes when it
        /// projects, all attributes of a table or all projected ones of an index otherwise).
        public var select: Select?
        /// Expressions whose attributes count as touched, resolved by the engine.
        var expressions: Expressions?
        /// A query's key condition, whose partition value the engine finds.
        var keyCondition: KeyConditionText?

        public init(
            table: String, index: String? = nil, stream: String? = nil, kind: Kind, action: OperationName? = nil,
            keys: [Item]? = nil, attributes: Set<String>? = nil, select: Select? = nil
        ) {
            self.table = table
            self.index = index
            self.stream = stream
            self.kind = kind
            self.action = action
            self.keys = keys
            self.attributes = attributes
            self.select = select
        }
    }

    /// Expression text of a request with its name and value placeholders.
    struct Expressions: Sendable, Hashable {
        var texts: [ExpressionKind: String]
        var names: [String: String]?
        var values: [String: AttributeValue]?
        /// Legacy conditions (Expected, QueryFilter, ScanFilter, AttributeUpdates): their keys
        /// are attribute names.
        var legacyNames: Set<String> = []
    }

    /// A query's key condition, in expression or legacy form.
    struct KeyConditionText: Sendable, Hashable {
        var expression: String?
        var names: [String: String]?
        var values: [String: AttributeValue]?
        var legacy: [String: Condition]?
    }

    public var targets: [Target]
    /// The ReturnValues of a write: how much of the item comes back.
    public var returnValues: ReturnValue?
    public var returnConsumedCapacity: ReturnConsumedCapacity?

    public init(
        _ targets: [Target], returnValues: ReturnValue? = nil, returnConsumedCapacity: ReturnConsumedCapacity? = nil
    ) {
        self.targets = targets
        self.returnValues = returnValues
        self.returnConsumedCapacity = returnConsumedCapacity
    }

    public static func table(_ name: String, _ kind: Kind) -> OperationAccess {
        OperationAccess([Target(table: name, kind: kind)])
    }

    /// A stream, by its ARN, and the table it belongs to.
    public static func stream(_ arn: String, _ kind: Kind) -> OperationAccess {
        OperationAccess([
            Target(table: StreamDescription.tableName(ofStreamArn: arn), stream: arn, kind: kind)
        ])
    }

    /// Touches no table: account-level questions such as ListTables.
    public static let account = OperationAccess([])

    /// The Select a read of a table or index returns by, given or implied.
    static func select(_ given: Select?, projects: Bool, index: String?) -> Select {
        given ?? (projects ? .specificAttributes : index == nil ? .allAttributes : .allProjectedAttributes)
    }
}

extension OperationAccess.Target {
    /// A copy whose named expressions the engine resolves into attributes.
    func naming(
        _ texts: [ExpressionKind: String?], names: [String: String]?, values: [String: AttributeValue]?,
        legacy: [String]? = nil
    ) -> Self {
        let given = texts.compactMapValues { $0 }
        // Nothing to resolve: most reads name no expression at all.
        guard !given.isEmpty || !(legacy ?? []).isEmpty else { return self }
        var copy = self
        copy.expressions = OperationAccess.Expressions(
            texts: given, names: names, values: values, legacyNames: Set(legacy ?? []))
        return copy
    }
}
