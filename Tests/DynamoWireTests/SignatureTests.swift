import Foundation
import Testing

@testable import DynamoWire

@Suite("SigV4 verification and credential files")
struct SignatureTests {
    // A request signed by botocore's SigV4Auth with these keys.
    static let verifier = SignatureVerifier(
        credentials: CredentialStore(secrets: ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]))
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
        let wrongSecret = SignatureVerifier(credentials: CredentialStore(secrets: ["AKIDEXAMPLE": "not-the-secret"]))
        #expect(verify(verifier: wrongSecret)?.type == "InvalidSignatureException")
    }

    @Test("Unknown keys, missing or malformed headers and stale dates get their own exceptions")
    func failures() {
        let other = SignatureVerifier(credentials: CredentialStore(secrets: ["AKIDOTHER": "x"]))
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
