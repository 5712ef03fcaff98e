import Crypto
import Foundation

/// The text of the QR code printed on a statement: a link a phone can open, naming the tenant and
/// the statement's reference, signed with the tenant's secret so a code cannot be forged or
/// altered to point at another statement.
///
///     https://qr.vaultdesk.app/v1/<tenant>/<reference>?sig=<signature>
///
/// The signature is HMAC-SHA256 with the tenant's `qrSecret` over `vaultdesk-qr|v1|<tenant>|<reference>`,
/// in unpadded URL-safe base64 (43 characters). Tenant and reference are percent-encoded where
/// they hold anything but letters, digits and `-._~`. See docs/data-model.md.
public struct StatementQRPayload: Sendable, Hashable {
    public static let host = "qr.vaultdesk.app"
    static let version = "v1"

    public let tenantId: String
    public let reference: String
    /// The signature as carried in the link (decoded), not yet verified.
    public let signature: [UInt8]

    /// A signed payload for a statement of a tenant.
    public init(tenantId: String, reference: String, secret: SigningSecret) {
        self.tenantId = tenantId
        self.reference = reference
        self.signature = Self.sign(tenantId: tenantId, reference: reference, secret: secret)
    }

    /// The link encoded in the QR code.
    public var url: String {
        "https://\(Self.host)/\(Self.version)/\(Self.escape(tenantId))/\(Self.escape(reference))?sig=\(Base64URL.encode(signature))"
    }

    /// Whether the signature was made with this secret (compared in constant time).
    public func isSigned(with secret: SigningSecret) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            signature, authenticating: Self.message(tenantId, reference), using: SymmetricKey(data: secret.bytes))
    }

    static func message(_ tenantId: String, _ reference: String) -> [UInt8] {
        Array("vaultdesk-qr|\(version)|\(tenantId)|\(reference)".utf8)
    }

    static func sign(tenantId: String, reference: String, secret: SigningSecret) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(for: message(tenantId, reference), using: SymmetricKey(data: secret.bytes)))
    }

    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    // MARK: Parsing

    /// Reads a payload as a scanner types it: surrounding whitespace and line ends are ignored,
    /// and so is the case of the scheme and host. Checks the form only; `isSigned(with:)` checks
    /// the signature against the tenant's secret.
    public init(parsing text: String) throws(QRPayloadError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        guard let schemeEnd = trimmed.range(of: "://") else { throw .notALink }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw .notALink }
        let rest = trimmed[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let host = rest[..<hostEnd].lowercased()
        guard host == Self.host else { throw .foreignHost(String(rest[..<hostEnd])) }
        let pathAndQuery = rest[hostEnd...]
        let queryStart = pathAndQuery.firstIndex(of: "?")
        let path = pathAndQuery[..<(queryStart ?? pathAndQuery.endIndex)]
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.last == "" { segments = segments.dropLast() }
        guard let version = segments.first, version.lowercased() == Self.version else {
            throw .malformed("it does not carry a version this console reads (expected /\(Self.version)/)")
        }
        let fields = Array(segments.dropFirst())
        guard fields.count == 2, let tenant = fields[0].removingPercentEncoding,
            let reference = fields[1].removingPercentEncoding,
            !tenant.isEmpty, !reference.isEmpty
        else {
            throw .malformed("it should name a tenant and a statement reference")
        }
        var signatureText: Substring?
        if let queryStart {
            for pair in pathAndQuery[pathAndQuery.index(after: queryStart)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0] == "sig" { signatureText = parts[1] }
            }
        }
        guard let signatureText else { throw .malformed("it has no signature") }
        guard let signature = Base64URL.decode(String(signatureText)), signature.count == SHA256.byteCount else {
            throw .malformed("its signature is not 32 bytes of URL-safe base64")
        }
        self.tenantId = tenant
        self.reference = reference
        self.signature = signature
    }

    /// Whether text looks like a QR payload rather than a reference number.
    public static func looksLikePayload(_ text: String) -> Bool {
        text.contains("://")
    }
}

/// Why a scanned code was not accepted, in words a support operator can pass on.
public enum QRPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    case notALink
    case foreignHost(String)
    case malformed(String)
    /// The signature does not match the tenant's secret: the code was altered or forged.
    case badSignature

    public var description: String {
        switch self {
        case .notALink: "This is not a statement QR code: it is not an http(s) link."
        case .foreignHost(let host): "This QR code links to \(host), not to a VaultDesk statement."
        case .malformed(let reason): "This statement QR code is malformed: \(reason)."
        case .badSignature: "This QR code's signature does not match: the code was altered or forged."
        }
    }
}

/// Unpadded URL-safe base64 (RFC 4648 §5).
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        ).replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
