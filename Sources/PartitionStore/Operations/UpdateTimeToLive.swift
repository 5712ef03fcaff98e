/// UpdateTimeToLive: switches expiry by an attribute on or off.

public struct UpdateTimeToLiveInput: Sendable, Hashable {
    public var tableName: String
    public var timeToLiveSpecification: TimeToLiveSpecification

    public init(tableName: String, timeToLiveSpecification: TimeToLiveSpecification) {
        self.tableName = tableName
        self.timeToLiveSpecification = timeToLiveSpecification
    }
}

extension UpdateTimeToLiveInput: StoreOperation {
    public typealias Output = TimeToLiveSpecification
    public static let name = OperationName.updateTimeToLive

    public var access: OperationAccess { .table(tableName, .manage) }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> TimeToLiveSpecification {
        try store.updateTimeToLive(tableName: tableName, specification: timeToLiveSpecification)
    }
}

extension OperationName {
    public static let updateTimeToLive = OperationName("UpdateTimeToLive")
}
