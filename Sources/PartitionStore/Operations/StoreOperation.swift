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

    /// `access` completed by the engine with what only the schema knows: partition key values,
    /// the attributes expressions name, the stream an iterator reads.
    func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess

    /// Whether `run(on:)` waits for a group commit (the item writes) instead of running in place.
    static var waitsForCommit: Bool { get }

    /// Runs the operation on the embedded engine on the calling thread, blocking in SQLite.
    func run(blockingOn store: PartitionStore) throws(StoreError) -> Output

    /// Runs the operation on the embedded engine from async code: an item write waits for its
    /// group commit without holding a thread; everything else runs in place (reads never wait
    /// for a writer in WAL mode).
    func run(on store: PartitionStore) async throws(StoreError) -> Output

    /// Runs the operation and hands its result to `completion`, for callers that wait for
    /// nothing (an event loop). An item write is queued for its group commit and answered from
    /// the thread that commits it; anything else runs in a task.
    func submit(to store: PartitionStore, completion: @escaping @Sendable (Result<Output, StoreError>) -> Void)
}

extension StoreOperation {
    public static var waitsForCommit: Bool { false }

    public func resolvedAccess(on store: PartitionStore) throws(StoreError) -> OperationAccess {
        try store.resolve(access)
    }

    public func run(on store: PartitionStore) async throws(StoreError) -> Output {
        try run(blockingOn: store)
    }

    public func submit(
        to store: PartitionStore, completion: @escaping @Sendable (Result<Output, StoreError>) -> Void
    ) {
        Task {
            do throws(StoreError) {
                completion(.success(try await run(on: store)))
            } catch {
                completion(.failure(error))
            }
        }
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

extension StreamDescription {
    /// The table a stream ARN belongs to (`…:table/NAME/stream/LABEL`), for access checks.
    static func tableName(ofStreamArn arn: String) -> String {
        guard let range = arn.range(of: ":table/") else { return "" }
        return String(arn[range.upperBound...].prefix { $0 != "/" })
    }
}
