import PartitionStore

extension DescribeLimitsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init()
    }

    public func wireRequest() throws(WireError) -> JSONValue { .object([:]) }

    public func wireResponse(_ output: DescribeLimitsOutput) -> JSONValue {
        .object([
            "AccountMaxReadCapacityUnits": .number(output.accountMaxReadCapacityUnits),
            "AccountMaxWriteCapacityUnits": .number(output.accountMaxWriteCapacityUnits),
            "TableMaxReadCapacityUnits": .number(output.tableMaxReadCapacityUnits),
            "TableMaxWriteCapacityUnits": .number(output.tableMaxWriteCapacityUnits),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> DescribeLimitsOutput {
        var output = DescribeLimitsOutput()
        output.accountMaxReadCapacityUnits =
            try response.int("AccountMaxReadCapacityUnits") ?? output.accountMaxReadCapacityUnits
        output.accountMaxWriteCapacityUnits =
            try response.int("AccountMaxWriteCapacityUnits") ?? output.accountMaxWriteCapacityUnits
        output.tableMaxReadCapacityUnits =
            try response.int("TableMaxReadCapacityUnits") ?? output.tableMaxReadCapacityUnits
        output.tableMaxWriteCapacityUnits =
            try response.int("TableMaxWriteCapacityUnits") ?? output.tableMaxWriteCapacityUnits
        return output
    }
}
