import PartitionStore

/// An error as the DynamoDB protocol reports it: HTTP status, `__type` and `message`, plus the
/// members some exceptions carry (the item of a failed condition, a cancelled transaction's reasons).
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    public static let typePrefix = "com.amazonaws.dynamodb.v20120810#"

    /// The exception's short name, e.g. `ValidationException`.
    public var type: String
    public var message: String
    public var status: Int
    public var members: [String: JSONValue]

    public init(_ type: String, _ message: String, status: Int = 400, members: [String: JSONValue] = [:]) {
        self.type = type
        self.message = message
        self.status = status
        self.members = members
    }

    public var description: String { "\(type): \(message)" }

    /// The response body: `{"__type": "com.amazonaws.dynamodb.v20120810#...", "message": ...}`.
    public var body: JSONValue {
        var object = members
        object["__type"] = .string(Self.typePrefix + type)
        object["message"] = .string(message)
        return .object(object)
    }

    public static func serialization(_ message: String) -> WireError { WireError("SerializationException", message) }
    public static func validation(_ message: String) -> WireError { WireError("ValidationException", message) }

    /// DynamoDB's wording for a missing required member.
    static func missing(_ path: String) -> WireError {
        validation(StoreError.constraintMessage(.null, at: path, "Member must not be null"))
    }

    static func constraint(_ value: String, at path: String, _ constraint: String) -> WireError {
        validation(StoreError.constraintMessage(.value(value), at: path, constraint))
    }

    /// A store error, reported under the exception name DynamoDB uses for it.
    public init(_ error: StoreError) {
        switch error.code {
        case .storeBusy:
            // A lock held too long by another writer is throttling as clients know it: the AWS
            // SDKs back off and retry ThrottlingException by themselves.
            self.init("ThrottlingException", error.message)
        case .internalFailure:
            self.init("InternalServerError", error.message, status: 500)
        default:
            self.init(error.code.rawValue, error.message)
        }
        if let item = error.item { members["Item"] = AttributeJSON.encode(item) }
        if let reasons = error.cancellationReasons {
            members["CancellationReasons"] = .array(
                reasons.map { reason in
                    var object: [String: JSONValue] = ["Code": .string(reason.code)]
                    if let message = reason.message { object["Message"] = .string(message) }
                    if let item = reason.item { object["Item"] = AttributeJSON.encode(item) }
                    return .object(object)
                })
        }
    }
}
