import Crypto
import Foundation

/// Checks AWS Signature Version 4 on a request against known access keys, as DynamoDB does, and
/// answers with DynamoDB's exceptions: a missing or unparsable `Authorization` header, an unknown
/// access key, a scope for another region or service, headers that matter left unsigned, a body
/// that is not the one signed, a signature that does not match, or a request time more than 15
/// minutes off.
///
/// The body is always hashed as received: an `x-amz-content-sha256` header, signed or not, is
/// only ever compared with that hash, and `UNSIGNED-PAYLOAD` is refused, so a captured request
/// cannot carry another body.
public struct SignatureVerifier: Sendable {
    public let credentials: CredentialStore
    /// The region the endpoint serves: a credential scoped to another is refused.
    public var region: String
    /// How far a request's X-Amz-Date may be from the server's clock.
    public var allowedSkew: TimeInterval = 15 * 60
    /// Derived signing keys by access key and scope: the same all day, so derived once.
    private let signingKeys = SigningKeyCache()
    /// Authorization headers already read, but for their signature: a client sends the same
    /// credential scope and signed headers all day.
    private let authorizations = AuthorizationCache()

    /// Headers a signature must cover: without them a signed request could be sent elsewhere,
    /// as another operation, or at another time.
    static let requiredSignedHeaders: [(name: String, shown: String)] = [
        ("host", "'Host' or ':authority'"), ("x-amz-target", "'X-Amz-Target'"), ("x-amz-date", "'X-Amz-Date'"),
    ]

    public init(credentials: CredentialStore, region: String = "us-east-1") {
        self.credentials = credentials
        self.region = region
    }

    /// What is signed: the request line, its headers (names lowercased) and its body.
    public struct SignedRequest {
        public var method: String
        public var path: String
        public var query: String
        public var headers: [(name: String, value: String)]
        public var body: UnsafeRawBufferPointer

        public init(
            method: String, path: String, query: String, headers: [(name: String, value: String)],
            body: UnsafeRawBufferPointer
        ) {
            self.method = method
            self.path = path
            self.query = query
            // Names usually arrive in lower case already (HTTP/2 and the server's own fields).
            self.headers = headers.map { header in
                let upper = header.name.utf8.contains { (65...90).contains($0) }
                return (name: upper ? header.name.lowercased() : header.name, value: header.value)
            }
            self.body = body
        }

        func values(of name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }

        /// The first value of a header, without gathering the rest.
        func value(of name: String) -> String? { headers.first { $0.name == name }?.value }
    }

    /// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
    struct Authorization {
        var accessKeyId: String
        var date: String
        var region: String
        var service: String
        var signedHeaders: [String]
        /// The 32 bytes the signature's hex spells; empty when it is not 64 hex digits, which
        /// matches nothing.
        var signature: [UInt8]
        /// `<date>/<region>/<service>/aws4_request`, as the string to sign carries it.
        var scope: String
        /// The access key and scope: what a signing key is derived from.
        var keyScope: String

        /// Read over the header's UTF-8 bytes: this runs for every request, and walking it by
        /// Character cost more than checking the signature.
        init?(_ header: String) {
            var bytes = Array(header.utf8)[...]
            let prefix = Array("AWS4-HMAC-SHA256 ".utf8)
            guard bytes.starts(with: prefix) else { return nil }
            bytes = bytes.dropFirst(prefix.count)
            var credential: ArraySlice<UInt8>?
            var signed: ArraySlice<UInt8>?
            var signature: ArraySlice<UInt8>?
            for part in bytes.split(separator: UInt8(ascii: ",")) {
                let field = part.drop { $0 == UInt8(ascii: " ") }
                guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                let value = field[(equals + 1)...].prefix { $0 != UInt8(ascii: " ") }
                switch String(decoding: field[..<equals], as: UTF8.self) {
                case "Credential": credential = value
                case "SignedHeaders": signed = value
                case "Signature": signature = value
                default: break
                }
            }
            guard let credential, let signed, let signature else { return nil }
            let scope = credential.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty else { return nil }
            accessKeyId = scope[0]
            date = scope[1]
            region = scope[2]
            service = scope[3]
            signedHeaders = signed.split(separator: UInt8(ascii: ";")).map { String(decoding: $0, as: UTF8.self) }
            self.scope = "\(date)/\(region)/\(service)/aws4_request"
            keyScope = "\(accessKeyId)/\(self.scope)"
            self.signature = SignatureVerifier.digest(hex: signature) ?? []
        }

    }

    /// nil when the request is signed as it must be, else the error DynamoDB answers.
    public func verify(_ request: SignedRequest, now: Date = Date()) -> WireError? {
        if case .failure(let error) = authenticate(request, now: now) { return error }
        return nil
    }

    /// The access key id that signed the request, when its signature is good.
    public func authenticate(_ request: SignedRequest, now: Date = Date()) -> Result<String, WireError> {
        var signer = ""
        if let error = check(request, now: now, signer: &signer) { return .failure(error) }
        return .success(signer)
    }

    private func check(_ request: SignedRequest, now: Date, signer: inout String) -> WireError? {
        guard let header = request.value(of: "authorization") else {
            return WireError("MissingAuthenticationTokenException", "Request is missing Authentication Token")
        }
        guard let authorization = authorizations.parse(header) else {
            return WireError(
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the AWS4-HMAC-SHA256 form."
            )
        }
        guard let secret = credentials.secrets[authorization.accessKeyId] else {
            return WireError("UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        let streams = request.value(of: "x-amz-target")?.hasPrefix(WireOperation.streamsPrefix) ?? false
        guard authorization.service == "dynamodb" || (streams && authorization.service == "streams.dynamodb") else {
            return WireError(
                "InvalidSignatureException", "Credential should be scoped to correct service: 'dynamodb'. ")
        }
        guard authorization.region == region else {
            return WireError(
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not '\(authorization.region)'. This endpoint serves '\(region)'."
            )
        }
        for required in Self.requiredSignedHeaders where !authorization.signedHeaders.contains(required.name) {
            return WireError(
                "IncompleteSignatureException", "\(required.shown) must be a 'SignedHeader' in the AWS Authorization.")
        }
        let bodyHash = Self.sha256Hex(request.body)
        if let claimed = request.value(of: "x-amz-content-sha256") {
            guard claimed != "UNSIGNED-PAYLOAD", !claimed.hasPrefix("STREAMING-") else {
                return WireError(
                    "InvalidSignatureException",
                    "The request body must be signed: x-amz-content-sha256 cannot be \(claimed).")
            }
            guard claimed.lowercased() == bodyHash else {
                return WireError(
                    "InvalidSignatureException",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.")
            }
        }
        guard let stamp = request.value(of: "x-amz-date"), let signedAt = Self.parseStamp(stamp),
            stamp.hasPrefix(authorization.date)
        else {
            return WireError(
                "IncompleteSignatureException",
                "The request must carry an X-Amz-Date header whose date matches the credential scope.")
        }
        if abs(signedAt.timeIntervalSince(now)) > allowedSkew {
            return WireError(
                "InvalidSignatureException",
                "Signature expired: \(stamp) is more than \(Int(allowedSkew / 60)) minutes from the server's time.")
        }
        guard signatureMatches(request, authorization, secret: secret, stamp: stamp, payloadHash: bodyHash) else {
            return WireError(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."
            )
        }
        signer = authorization.accessKeyId
        return nil
    }

    /// Whether the request as received carries the signature its secret gives, with
    /// `payloadHash` the hash of its body. The string to sign is written as bytes into one
    /// buffer and the HMAC compared with the signature as raw bytes, in constant time: this runs
    /// for every request.
    func signatureMatches(
        _ request: SignedRequest, _ authorization: Authorization, secret: String, stamp: String, payloadHash: String
    ) -> Bool {
        let hash = SigV4.canonicalRequestDigest(
            method: request.method, path: request.path, query: request.query,
            headerValues: { name in request.values(of: name) }, signedHeaders: authorization.signedHeaders,
            payloadHash: payloadHash)
        var mac = signingKeys.mac(
            for: authorization.keyScope,
            derive: {
                HMAC<SHA256>(
                    key: SigV4.signingKey(
                        secret: secret, date: authorization.date, region: authorization.region,
                        service: authorization.service))
            })
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        for var part in ["AWS4-HMAC-SHA256\n", stamp, "\n", authorization.scope, "\n"] {
            part.withUTF8 { stringToSign.append(contentsOf: $0) }
        }
        Self.appendHex(hash, to: &stringToSign)
        stringToSign.withUnsafeBytes { mac.update(data: $0) }
        return mac.finalize().withUnsafeBytes { Self.constantTimeEqual($0, authorization.signature) }
    }

    /// 64 hex digits (either case) as the 32 bytes they spell; nil for anything else.
    static func digest<Digits: Collection<UInt8>>(hex digits: Digits) -> [UInt8]? {
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        var index = digits.startIndex
        for position in 0..<32 {
            guard let high = nibble(digits[index]) else { return nil }
            index = digits.index(after: index)
            guard let low = nibble(digits[index]) else { return nil }
            index = digits.index(after: index)
            bytes[position] = high << 4 | low
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Canonical forms

    /// A header value with its runs of spaces made one and its ends trimmed; most values have
    /// none, and are returned as they are.
    static func normalizeSpaces(_ value: String) -> String {
        let bytes = value.utf8
        let space = UInt8(ascii: " ")
        var previous = space
        var clean = bytes.last != space
        for byte in bytes where clean {
            if byte == space, previous == space { clean = false }
            previous = byte
        }
        return clean ? value : value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func canonicalPath(_ path: String) -> String {
        path.isEmpty
            ? "/"
            : path.split(separator: "/", omittingEmptySubsequences: false).map { uriEncode(String($0)) }.joined(
                separator: "/")
    }

    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        return query.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                uriEncode(String($0).removingPercentEncoding ?? String($0))
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }.sorted { $0 < $1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func uriEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// `20261121T120000Z` as an instant, read field by field: a DateFormatter per request cost
    /// more than the rest of the verification together.
    static func parseStamp(_ stamp: String) -> Date? {
        let bytes = Array(stamp.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fields = tm()
        fields.tm_year = year - 1900
        fields.tm_mon = month - 1
        fields.tm_mday = day
        fields.tm_hour = hour
        fields.tm_min = minute
        fields.tm_sec = second
        let seconds = timegm(&fields)
        // timegm normalises an impossible date (February 30th) rather than refusing it.
        guard fields.tm_mday == day, fields.tm_mon == month - 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Lower-case hex, from a table: formatting each byte with `String(format:)` cost more than
    /// the hashing it reports.
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        appendHex(digest, to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }

    static func appendHex<D: Sequence>(_ digest: D, to bytes: inout [UInt8]) where D.Element == UInt8 {
        for byte in digest {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0f)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// SHA-256 of bytes in memory, in lower-case hex, without the generic DataProtocol path.
    static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hex(hasher.finalize())
    }

    /// A body's SHA-256 in lower-case hex, as `x-amz-content-sha256` carries it.
    static func payloadHash(_ body: [UInt8]) -> String { hex(SHA256.hash(data: body)) }

    static func constantTimeEqual(_ left: UnsafeRawBufferPointer, _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in right.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Parsed Authorization headers by everything before their signature. A signature is the last
/// 64 characters of a header written the usual way (`…, Signature=<64 hex>`), so the part before
/// it is found without a search; any other header is read in full. Bounded like the keys.
final class AuthorizationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: SignatureVerifier.Authorization] = [:]
    private static let capacity = 256
    private static let marker = Array("Signature=".utf8)

    func parse(_ header: String) -> SignatureVerifier.Authorization? {
        var header = header
        return header.withUTF8 { bytes -> SignatureVerifier.Authorization? in
            let markerStart = bytes.count - 64 - Self.marker.count
            guard markerStart > 0,
                Self.marker.indices.allSatisfy({ bytes[markerStart + $0] == Self.marker[$0] }),
                bytes[(bytes.count - 64)...].allSatisfy({ Self.isHex($0) })
            else { return SignatureVerifier.Authorization(String(decoding: bytes, as: UTF8.self)) }
            let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<markerStart]), as: UTF8.self)
            let signature = SignatureVerifier.digest(hex: bytes[(bytes.count - 64)...]) ?? []
            lock.lock()
            let known = parsed[prefix]
            lock.unlock()
            if var known {
                known.signature = signature
                return known
            }
            guard let fresh = SignatureVerifier.Authorization(String(decoding: bytes, as: UTF8.self)) else {
                return nil
            }
            lock.lock()
            if parsed.count >= Self.capacity { parsed.removeAll(keepingCapacity: true) }
            parsed[prefix] = fresh
            lock.unlock()
            return fresh
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}

/// Signing keys already derived (as HMACs keyed and ready), by access key and credential
/// scope. Bounded: a flood of made-up scopes empties it rather than growing it.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var macs: [String: HMAC<SHA256>] = [:]
    private static let capacity = 256

    func mac(for scope: String, derive: () -> HMAC<SHA256>) -> HMAC<SHA256> {
        lock.lock()
        let known = macs[scope]
        lock.unlock()
        if let known { return known }
        let mac = derive()
        lock.lock()
        if macs.count >= Self.capacity { macs.removeAll(keepingCapacity: true) }
        macs[scope] = mac
        lock.unlock()
        return mac
    }
}
