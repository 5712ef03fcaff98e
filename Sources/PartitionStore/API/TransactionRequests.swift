/// Request and response shapes of TransactWriteItems and TransactGetItems, named as in
/// DynamoDB's API reference.

/// Why one action of a cancelled transaction failed, or "None" for those that did not.
public struct CancellationReason: Sendable, Hashable {
    public var code: String
    public var message: String?
    public var item: Item?

    public static let none = CancellationReason(code: "None", message: nil, item: nil)

    public init(code: String, message: String? = nil, item: Item? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }
}
