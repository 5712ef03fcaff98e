/// Request and response shapes of UpdateTimeToLive and DescribeTimeToLive.

public struct TimeToLiveSpecification: Sendable, Hashable {
    public var enabled: Bool
    /// The attribute holding each item's expiry, in seconds since 1970.
    public var attributeName: String

    public init(enabled: Bool, attributeName: String) {
        self.enabled = enabled
        self.attributeName = attributeName
    }
}

public enum TimeToLiveStatus: String, Sendable, CaseIterable {
    case enabled = "ENABLED"
    case disabled = "DISABLED"
    /// DynamoDB takes up to an hour to switch TTL; the embedded store switches at once.
    case enabling = "ENABLING"
    case disabling = "DISABLING"
}

public struct TimeToLiveDescription: Sendable, Hashable {
    public var timeToLiveStatus: TimeToLiveStatus
    public var attributeName: String?

    public init(timeToLiveStatus: TimeToLiveStatus, attributeName: String?) {
        self.timeToLiveStatus = timeToLiveStatus
        self.attributeName = attributeName
    }
}
