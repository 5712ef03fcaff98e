import Foundation
import Testing

@testable import DynamoWire

@Suite("SigV4 verification and credential files")
struct SignatureTests {
    // A request signed by botocore's SigV4Auth with these keys.
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let verifier = SignatureVerifier(
        credentials: CredentialStore(secrets: ["AKIDEXAMPLE": secret]), region: "eu-west-1")
    static let body = Array(#"{"TableName":"payments"}"#.utf8)
    static let signedAt = SignatureVerifier.parseStamp("20261121T210540Z") ?? Date()
    static let headers: [(name: String, value: String)] = [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", "DynamoDB_20120810.DescribeTable"),
        ("X-Amz-Date", "20261121T210540Z"),
        ("host", "127.0.0.1:8000"),
        (
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=3f309e048b0961bcc39ecf9fad772bff1fc23de049e12b5d39d2c90c7201dad0"
        ),
    ]

    func verify(
        headers: [(name: String, value: String)] = Self.headers, body: [UInt8] = Self.body, now: Date = Self.signedAt,
        verifier: SignatureVerifier = Self.verifier
    ) -> WireError? {
        body.withUnsafeBytes { bytes in
            verifier.verify(
                SignatureVerifier.SignedRequest(method: "POST", path: "/", query: "", headers: headers, body: bytes),
                now: now)
        }
    }

    func replacing(_ name: String, with value: String) -> [(name: String, value: String)] {
        Self.headers.map { $0.name == name ? ($0.name, value) : $0 }
    }

    @Test("A request signed by botocore verifies")
    func botocoreSignature() {
        #expect(verify() == nil)
    }

    @Test("A changed body, header or secret fails with InvalidSignatureException")
    func tampering() {
        #expect(verify(body: Array(#"{"TableName":"other"}"#.utf8))?.type == "InvalidSignatureException")
        #expect(
            verify(headers: replacing("X-Amz-Target", with: "DynamoDB_20120810.DeleteTable"))?.type
                == "InvalidSignatureException")
        let wrongSecret = SignatureVerifier(
            credentials: CredentialStore(secrets: ["AKIDEXAMPLE": "not-the-secret"]), region: "eu-west-1")
        #expect(verify(verifier: wrongSecret)?.type == "InvalidSignatureException")
    }

    @Test("Unknown keys, missing or malformed headers and stale dates get their own exceptions")
    func failures() {
        let other = SignatureVerifier(credentials: CredentialStore(secrets: ["AKIDOTHER": "x"]), region: "eu-west-1")
        #expect(verify(verifier: other)?.type == "UnrecognizedClientException")
        #expect(
            verify(headers: Self.headers.filter { $0.name != "Authorization" })?.type
                == "MissingAuthenticationTokenException")
        #expect(
            verify(headers: replacing("Authorization", with: "Bearer token"))?.type == "IncompleteSignatureException")
        #expect(
            verify(headers: Self.headers.filter { $0.name != "X-Amz-Date" })?.type == "IncompleteSignatureException")
        #expect(verify(now: Self.signedAt.addingTimeInterval(16 * 60))?.message.contains("Signature expired") == true)
    }

    /// A request signed now by our own signer, as an attacker who captured it would hold it.
    static func signed(
        body: [UInt8], target: String = "DynamoDB_20120810.PutItem", region: String = "eu-west-1",
        service: String = "dynamodb",
        extra: [(name: String, value: String)] = [], signTarget: Bool = true, date: Date
    ) -> [(name: String, value: String)] {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret), region: region,
            service: service)
        var headers: [(name: String, value: String)] =
            [("host", "127.0.0.1:8000"), ("content-type", "application/x-amz-json-1.0")] + extra
        if signTarget { headers.append(("x-amz-target", target)) }
        var all = signer.sign(method: "POST", path: "/", headers: headers, body: body, date: date)
        if !signTarget { all.append(("x-amz-target", target)) }
        return all
    }

    @Test(
        "Attacks on a captured request fail: another body with the original hash, UNSIGNED-PAYLOAD, an unsigned target")
    func capturedRequestAttacks() {
        let now = Date()
        let original = Array(#"{"TableName":"t","Item":{"pk":{"S":"TENANT#acme"}}}"#.utf8)
        let swapped = Array(#"{"TableName":"t","Item":{"pk":{"S":"TENANT#acme"},"owner":{"S":"mallory"}}}"#.utf8)
        let hash = SignatureVerifier.payloadHash(original)
        // The hash header signed along with the request: the swapped body no longer matches it.
        let signedHash = Self.signed(body: original, extra: [("x-amz-content-sha256", hash)], date: now)
        #expect(verify(headers: signedHash, body: original, now: now) == nil, "the genuine request passes")
        let swappedSigned = verify(headers: signedHash, body: swapped, now: now)
        #expect(swappedSigned?.type == "InvalidSignatureException")
        #expect(swappedSigned?.message.contains("x-amz-content-sha256") == true)
        // The hash header added afterwards, unsigned: still compared with the body received.
        var unsignedHash = Self.signed(body: original, date: now)
        unsignedHash.append(("x-amz-content-sha256", hash))
        #expect(verify(headers: unsignedHash, body: swapped, now: now)?.type == "InvalidSignatureException")
        // UNSIGNED-PAYLOAD is refused even when it is signed.
        let unsignedPayload = Self.signed(
            body: swapped, extra: [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")], date: now)
        #expect(verify(headers: unsignedPayload, body: swapped, now: now)?.message.contains("must be signed") == true)
        // A target left out of the signature could be swapped for another operation.
        let unsignedTarget = Self.signed(
            body: original, target: "DynamoDB_20120810.DescribeLimits", signTarget: false, date: now)
        let refused = verify(headers: unsignedTarget, body: original, now: now)
        #expect(refused?.type == "IncompleteSignatureException")
        #expect(refused?.message == "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")
    }

    @Test("A credential scoped to another region or service is refused; Streams accept their own service name")
    func credentialScope() {
        let now = Date()
        let body = Array(#"{"TableName":"t"}"#.utf8)
        let otherRegion = verify(headers: Self.signed(body: body, region: "xx-fake-1", date: now), body: body, now: now)
        #expect(otherRegion?.type == "InvalidSignatureException")
        #expect(otherRegion?.message.contains("Credential should be scoped to a valid region") == true)
        let otherService = verify(headers: Self.signed(body: body, service: "s3", date: now), body: body, now: now)
        #expect(otherService?.message == "Credential should be scoped to correct service: 'dynamodb'. ")
        let streams = Self.signed(
            body: body, target: "DynamoDBStreams_20120810.ListStreams", service: "streams.dynamodb", date: now)
        #expect(verify(headers: streams, body: body, now: now) == nil)
        let streamsNameForTables = Self.signed(body: body, service: "streams.dynamodb", date: now)
        #expect(verify(headers: streamsNameForTables, body: body, now: now)?.type == "InvalidSignatureException")
    }

    @Test("The same signed request replayed after the 15-minute window is refused; inside it, it verifies")
    func replayAfterWindow() {
        let signedAt = Date()
        let body = Array(#"{"TableName":"t"}"#.utf8)
        let headers = Self.signed(body: body, date: signedAt)
        #expect(verify(headers: headers, body: body, now: signedAt.addingTimeInterval(14 * 60)) == nil)
        let late = verify(headers: headers, body: body, now: signedAt.addingTimeInterval(15 * 60 + 5))
        #expect(late?.type == "InvalidSignatureException" && late?.message.contains("Signature expired") == true)
        #expect(
            verify(headers: headers, body: body, now: signedAt.addingTimeInterval(-16 * 60))?.type
                == "InvalidSignatureException")
    }

    @Test("Credential files in the AWS format: every section with both keys, clear errors otherwise")
    func credentialFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vaultdesk-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good").path
        try
            "# keys\n[default]\naws_access_key_id = AKID1\naws_secret_access_key = s1\n\n[ci]\nregion = x\naws_access_key_id=AKID2\naws_secret_access_key=s2\n[half]\naws_access_key_id = AKID3\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try CredentialStore(contentsOf: good).secrets == ["AKID1": "s1", "AKID2": "s2"])
        let bad = folder.appendingPathComponent("bad").path
        try "[default]\nno equals here\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect { try CredentialStore(contentsOf: bad) } throws: { "\($0)".contains("bad:2") }
        let empty = folder.appendingPathComponent("empty").path
        try "[default]\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect { try CredentialStore(contentsOf: empty) } throws: { "\($0)".contains("no access keys") }
        #expect { try CredentialStore(contentsOf: folder.appendingPathComponent("missing").path) } throws: {
            "\($0)".contains("Cannot read")
        }
    }
}
