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
            self.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
            self.body = body
        }

        func values(of name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
    }

    /// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
    struct Authorization {
        var accessKeyId: String
        var date: String
        var region: String
        var service: String
        var signedHeaders: [String]
        var signature: String

        init?(_ header: String) {
            let prefix = "AWS4-HMAC-SHA256 "
            guard header.hasPrefix(prefix) else { return nil }
            var fields: [String: String] = [:]
            for part in header.dropFirst(prefix.count).split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { return nil }
                fields[String(pair[0])] = String(pair[1])
            }
            guard let credential = fields["Credential"], let signed = fields["SignedHeaders"],
                let signature = fields["Signature"]
            else { return nil }
            let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty else { return nil }
            accessKeyId = scope[0]
            date = scope[1]
            region = scope[2]
            service = scope[3]
            signedHeaders = signed.split(separator: ";").map(String.init)
            self.signature = signature.lowercased()
        }

        var scope: String { "\(date)/\(region)/\(service)/aws4_request" }
    }

    /// nil when the request is signed as it must be, else the error DynamoDB answers.
    public func verify(_ request: SignedRequest, now: Date = Date()) -> WireError? {
        if case .failure(let error) = authenticate(request, now: now) { return error }
        return nil
    }

    /// The access key id that signed the request, when its signature is good.
    public func authenticate(_ request: SignedRequest, now: Date = Date()) -> Result<String, WireError> {
        if let error = check(request, now: now) { return .failure(error) }
        let header = request.values(of: "authorization").first ?? ""
        return .success(Authorization(header)?.accessKeyId ?? "")
    }

    private func check(_ request: SignedRequest, now: Date) -> WireError? {
        guard let header = request.values(of: "authorization").first else {
            return WireError("MissingAuthenticationTokenException", "Request is missing Authentication Token")
        }
        guard let authorization = Authorization(header) else {
            return WireError(
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the AWS4-HMAC-SHA256 form."
            )
        }
        guard let secret = credentials.secrets[authorization.accessKeyId] else {
            return WireError("UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        let streams = request.values(of: "x-amz-target").first?.hasPrefix(WireOperation.streamsPrefix) ?? false
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
        let bodyHash = Self.hex(SHA256.hash(data: request.body))
        if let claimed = request.values(of: "x-amz-content-sha256").first {
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
        guard let stamp = request.values(of: "x-amz-date").first, let signedAt = Self.parseStamp(stamp),
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
        let expected = signature(request, authorization, secret: secret, stamp: stamp, payloadHash: bodyHash)
        guard Self.constantTimeEqual(expected, authorization.signature) else {
            return WireError(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."
            )
        }
        return nil
    }

    /// The signature over the request as received, with `payloadHash` the hash of its body.
    func signature(
        _ request: SignedRequest, _ authorization: Authorization, secret: String, stamp: String, payloadHash: String
    ) -> String {
        let canonical = SigV4.canonicalRequest(
            method: request.method, path: request.path, query: request.query,
            headerValues: { name in request.values(of: name) }, signedHeaders: authorization.signedHeaders,
            payloadHash: payloadHash)
        return SigV4.signature(
            canonicalRequest: canonical, stamp: stamp, date: authorization.date, region: authorization.region,
            service: authorization.service, secret: secret)
    }

    // MARK: Canonical forms

    static func normalizeSpaces(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
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

    static func parseStamp(_ stamp: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: stamp)
    }

    /// Lower-case hex, from a table: formatting each byte with `String(format:)` cost more than
    /// the hashing it reports.
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in digest {
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A body's SHA-256 in lower-case hex, as `x-amz-content-sha256` carries it.
    static func payloadHash(_ body: [UInt8]) -> String { hex(SHA256.hash(data: body)) }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
