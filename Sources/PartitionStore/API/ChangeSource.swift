/// Where a table's committed changes come from, as they happen: the embedded store tails its own
/// stream log, a remote store reads the DynamoDB Streams API. Part of the store protocol, so that
/// the repository and the console follow either without knowing which.
public protocol ChangeSource: Sendable {
    /// The table's changes from now on, in commit order per item, until the consumer stops.
    /// `started` is called once the position "now" is fixed: changes committed after it are
    /// delivered (a remote source fixes it only after a few requests).
    func changes(
        of tableName: String, started: @escaping @Sendable () -> Void
    ) -> AsyncThrowingStream<StreamRecord, any Error>
}

extension ChangeSource {
    public func changes(of tableName: String) -> AsyncThrowingStream<StreamRecord, any Error> {
        changes(of: tableName, started: {})
    }
}

extension PartitionStore: ChangeSource {
    /// The position is fixed before this returns.
    public func changes(
        of tableName: String, started: @escaping @Sendable () -> Void
    ) -> AsyncThrowingStream<StreamRecord, any Error> {
        let stream = changes(of: tableName, from: .latest, pollInterval: .milliseconds(5))
        started()
        return stream
    }
}
