/// A tenant's QR-signing key. Whoever holds it can forge a valid statement code, so it never
/// leaves the repository: its bytes are readable only inside this module, and every way a value
/// is printed, logged or compared in a test shows a placeholder instead.
public struct SigningSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Inside the repository only: signing and verifying codes, and storing the tenant.
    let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var description: String { Redaction.placeholder }
    public var debugDescription: String { Redaction.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
