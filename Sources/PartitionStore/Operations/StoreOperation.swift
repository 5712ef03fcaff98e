import Foundation

/// One DynamoDB operation as a value: its input is the operation, `Output` its answer. Each
/// operation lives in one file of this folder with its input and output shapes, its name, what
/// it touches and how the embedded engine runs it; its wire form is one codec in DynamoWire.
/// Stores (`ItemStore`) take any operation through one requirement, `send(_:)`.
public protocol StoreOperation: Sendable {
    associatedtype Output: Sendable

    /// DynamoDB's name for the operation.
    static var name: OperationName { get }

    /// The tables, indexes, keys and attributes the operation touches: what an access policy
    /// needs to judge it before it runs.
    var access: OperationAccess { get }

    /// Whether `run(on:)` waits for a group commit (the item writes) instead of running in place.
    static var waitsForCommit: Bool { get }

    /// Runs the operation on the embedded engine on the calling thread, blocking in SQLite.
    func run(blockingOn store: PartitionStore) throws(StoreError) -> Output

    /// Runs the operation on the embedded engine from async code: an item write waits for its
    /// group commit without holding a thread; everything else runs in place (reads never wait
    /// for a writer in WAL mode).
    func run(on store: PartitionStore) async throws(StoreError) -> Output
}

extension StoreOperation {
    public static var waitsForCommit: Bool { false }

    public func run(on store: PartitionStore) async throws(StoreError) -> Output {
        try run(blockingOn: store)
    }
}

/// An operation that can report the capacity it consumed (DynamoDB's ReturnConsumedCapacity),
/// so a wrapper can meter any operation without knowing which it is.
public protocol CapacityMetered: StoreOperation where Output: CapacityReport {
    var returnConsumedCapacity: ReturnConsumedCapacity { get set }
}

/// An output that carries the capacity its operation consumed.
public protocol CapacityReport {
    var consumedCapacities: [ConsumedCapacity] { get }
}

/// A DynamoDB operation's name, as `X-Amz-Target` carries it after the service prefix. Each
/// operation declares its own name beside its type (`OperationName.getItem` in `GetItem.swift`),
/// so adding one touches no list here.
public struct OperationName: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// Served under the DynamoDB Streams service rather than DynamoDB's.
    public let isStreams: Bool

    public init(_ rawValue: String, streams: Bool = false) {
        self.rawValue = rawValue
        self.isStreams = streams
    }

    public var description: String { rawValue }
}

/// What an operation touches, named before it runs.
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

    /// One table (or one of its indexes) and what is done to it.
    public struct Target: Sendable, Hashable {
        public var table: String
        public var index: String?
        public var kind: Kind
        /// The primary keys the request names; nil when the engine finds them (a query's
        /// partition, a scan's whole table) or none are involved.
        public var keys: [Item]?
        /// The top-level attributes the request names (a projection, the attributes of a put);
        /// nil when it may touch any of them.
        public var attributes: Set<String>?

        public init(
            table: String, index: String? = nil, kind: Kind, keys: [Item]? = nil, attributes: Set<String>? = nil
        ) {
            self.table = table
            self.index = index
            self.kind = kind
            self.keys = keys
            self.attributes = attributes
        }
    }

    public var targets: [Target]

    public init(_ targets: [Target]) {
        self.targets = targets
    }

    public static func table(_ name: String, _ kind: Kind) -> OperationAccess {
        OperationAccess([Target(table: name, kind: kind)])
    }

    /// Touches no table: account-level questions such as ListTables.
    public static let account = OperationAccess([])

    /// The top-level attributes a projection (or the legacy AttributesToGet) names; nil when
    /// there is neither, as the whole item is read then.
    static func attributes(projection: String?, names: [String: String]?, listed: [String]?) -> Set<String>? {
        guard projection != nil || listed != nil else { return nil }
        var attributes = Set(listed ?? [])
        for path in (projection ?? "").split(separator: ",") {
            let first = path.trimmingCharacters(in: .whitespaces).prefix { $0 != "." && $0 != "[" }
            let name = String(first).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            attributes.insert(name.hasPrefix("#") ? names?[name] ?? name : name)
        }
        return attributes
    }
}

extension StreamDescription {
    /// The table a stream ARN belongs to (`…:table/NAME/stream/LABEL`), for access checks.
    static func tableName(ofStreamArn arn: String) -> String {
        guard let range = arn.range(of: ":table/") else { return "" }
        return String(arn[range.upperBound...].prefix { $0 != "/" })
    }
}
