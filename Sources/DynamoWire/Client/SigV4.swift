import Crypto
import Foundation

/// The parts of AWS Signature Version 4 that signing a request and checking one share.
enum SigV4 {
    /// The canonical request: method, path, query, the signed headers with their values, the
    /// list of signed headers, and the payload's SHA-256.
    static func canonicalRequest(
        method: String, path: String, query: String, headerValues: (String) -> [String],
        signedHeaders: [String], payloadHash: String
    ) -> String {
        var text = ""
        writeCanonicalRequest(
            method: method, path: path, query: query, headerValues: headerValues, signedHeaders: signedHeaders,
            payloadHash: payloadHash
        ) { text += $0 }
        return text
    }

    /// The canonical request's SHA-256, written into one buffer and hashed once: this
    /// runs for every request the endpoint verifies.
    static func canonicalRequestDigest(
        method: String, path: String, query: String, headerValues: (String) -> [String],
        signedHeaders: [String], payloadHash: String
    ) -> SHA256.Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        writeCanonicalRequest(
            method: method, path: path, query: query, headerValues: headerValues, signedHeaders: signedHeaders,
            payloadHash: payloadHash
        ) { text in
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }
        return bytes.withUnsafeBytes { SHA256.hash(data: $0) }
    }

    private static func writeCanonicalRequest(
        method: String, path: String, query: String, headerValues: (String) -> [String],
        signedHeaders: [String], payloadHash: String, _ write: (String) -> Void
    ) {
        write(method)
        write("\n")
        write(path == "/" ? "/" : SignatureVerifier.canonicalPath(path))
        write("\n")
        write(SignatureVerifier.canonicalQuery(query))
        write("\n")
        for name in signedHeaders {
            write(name)
            write(":")
            for (index, value) in headerValues(name).enumerated() {
                if index > 0 { write(",") }
                write(SignatureVerifier.normalizeSpaces(value))
            }
            write("\n")
        }
        write("\n")
        for (index, name) in signedHeaders.enumerated() {
            if index > 0 { write(";") }
            write(name)
        }
        write("\n")
        write(payloadHash)
    }

    /// The hex signature of a canonical request, with the key derived from the secret for the
    /// day, region and service.
    static func signature(
        canonicalRequest: String, stamp: String, date: String, region: String, service: String, secret: String
    ) -> String {
        signature(
            canonicalRequestHash: SignatureVerifier.hex(SHA256.hash(data: Array(canonicalRequest.utf8))), stamp: stamp,
            date: date, region: region, service: service,
            mac: HMAC<SHA256>(key: signingKey(secret: secret, date: date, region: region, service: service)))
    }

    /// The signature of a canonical request's hash with an HMAC already keyed for its scope.
    static func signature(
        canonicalRequestHash: String, stamp: String, date: String, region: String, service: String,
        mac: HMAC<SHA256>
    ) -> String {
        var mac = mac
        var stringToSign =
            "AWS4-HMAC-SHA256\n\(stamp)\n\(date)/\(region)/\(service)/aws4_request\n\(canonicalRequestHash)"
        stringToSign.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return SignatureVerifier.hex(mac.finalize())
    }

    /// The key for a secret, day, region and service: four HMACs, the same all day.
    static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// `20261121T120000Z` for an instant.
    /// Made from the UTC calendar fields directly: a DateFormatter per request cost more than the
    /// signature.
    static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(fields.tm_year + 1900)\(two(fields.tm_mon + 1))\(two(fields.tm_mday))T\(two(fields.tm_hour))\(two(fields.tm_min))\(two(fields.tm_sec))Z"
    }
}

/// Signs requests to DynamoDB (or any AWS JSON service) with Signature Version 4.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String = "dynamodb") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to send with a request: the given ones, plus `x-amz-date`, the session token
    /// when there is one, and `Authorization`. Every header given is signed; `host` must be one.
    public func sign(
        method: String, path: String, query: String = "", headers: [(name: String, value: String)],
        body: [UInt8], date: Date = Date()
    ) -> [(name: String, value: String)] {
        let stamp = SigV4.stamp(date)
        var all = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        all.append((name: "x-amz-date", value: stamp))
        if let token = credentials.sessionToken { all.append((name: "x-amz-security-token", value: token)) }
        let signedHeaders = Array(Set(all.map(\.name))).sorted()
        let payloadHash = SignatureVerifier.hex(SHA256.hash(data: body))
        let canonical = SigV4.canonicalRequest(
            method: method, path: path, query: query,
            headerValues: { name in all.filter { $0.name == name }.map(\.value) }, signedHeaders: signedHeaders,
            payloadHash: payloadHash)
        let day = String(stamp.prefix(8))
        let signature = SigV4.signature(
            canonicalRequest: canonical, stamp: stamp, date: day, region: region, service: service,
            secret: credentials.secretAccessKey)
        all.append(
            (
                name: "authorization",
                value:
                    "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(day)/\(region)/\(service)/aws4_request, SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
            ))
        return all
    }
}
