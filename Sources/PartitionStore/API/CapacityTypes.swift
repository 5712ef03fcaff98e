/// Consumed capacity, as DynamoDB reports it, so that a caller can see what an access pattern
/// would cost on DynamoDB.

public enum ReturnConsumedCapacity: String, Sendable, CaseIterable {
    case none = "NONE"
    case total = "TOTAL"
    case indexes = "INDEXES"
}

public struct Capacity: Sendable, Hashable {
    public var readCapacityUnits: Double?
    public var writeCapacityUnits: Double?
    public var capacityUnits: Double

    public init(readCapacityUnits: Double? = nil, writeCapacityUnits: Double? = nil, capacityUnits: Double) {
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
        self.capacityUnits = capacityUnits
    }
}

public struct ConsumedCapacity: Sendable, Hashable {
    public var tableName: String
    public var capacityUnits: Double
    public var readCapacityUnits: Double?
    public var writeCapacityUnits: Double?
    /// With INDEXES: the base table's share.
    public var table: Capacity?
    public var localSecondaryIndexes: [String: Capacity]?
    public var globalSecondaryIndexes: [String: Capacity]?

    public init(
        tableName: String, capacityUnits: Double, readCapacityUnits: Double? = nil, writeCapacityUnits: Double? = nil,
        table: Capacity? = nil, localSecondaryIndexes: [String: Capacity]? = nil,
        globalSecondaryIndexes: [String: Capacity]? = nil
    ) {
        self.tableName = tableName
        self.capacityUnits = capacityUnits
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
        self.table = table
        self.localSecondaryIndexes = localSecondaryIndexes
        self.globalSecondaryIndexes = globalSecondaryIndexes
    }
}
