/// DescribeLimits: the account's capacity quotas. An embedded store has none; it reports DynamoDB's defaults.

public struct DescribeLimitsInput: Sendable, Hashable {
    public init() {}
}

public struct DescribeLimitsOutput: Sendable, Hashable {
    public var accountMaxReadCapacityUnits = 80_000
    public var accountMaxWriteCapacityUnits = 80_000
    public var tableMaxReadCapacityUnits = 40_000
    public var tableMaxWriteCapacityUnits = 40_000

    public init() {}
}

extension DescribeLimitsInput: StoreOperation {
    public typealias Output = DescribeLimitsOutput
    public static let name = OperationName.describeLimits

    public var access: OperationAccess { .account }

    public func run(blockingOn store: PartitionStore) throws(StoreError) -> DescribeLimitsOutput {
        DescribeLimitsOutput()
    }
}

extension OperationName {
    public static let describeLimits = OperationName("DescribeLimits")
}
