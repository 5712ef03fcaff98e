/// Where a table's committed changes come from, as they happen: the embedded store tails its own
/// stream log, a remote store reads the DynamoDB Streams API. Part of the store protocol, so that
/// the repository and the console follow either without knowing which.
public protocol ChangeSource: Sendable {
    /// The table's changes from now on, in commit order per item, until the consumer stops.
    func changes(of tableName: String) -> AsyncThrowingStream<StreamRecord, any Error>
}

extension PartitionStore: ChangeSource {
    public func changes(of tableName: String) -> AsyncThrowingStream<StreamRecord, any Error> {
        changes(of: tableName, from: .latest, pollInterval: .milliseconds(5))
    }
}
