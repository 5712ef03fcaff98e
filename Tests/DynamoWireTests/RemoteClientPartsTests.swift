import Foundation
import Synchronization
import TestSupport
import Testing

@testable import DynamoWire

/// The parts of the remote DynamoDB client that need no network: signing, credentials and
/// region from the standard places, and retries.
@Suite("Remote client: signing, credentials, retries")
struct RemoteClientPartsTests {
    static let noSleep: @Sendable (Duration) async throws -> Void = { _ in }

    let credentials = AWSCredentials(
        accessKeyId: "AKIDVAULTDESKTEST", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    func verify(
        _ headers: [(name: String, value: String)], body: [UInt8], secrets: [String: String], now: Date
    ) -> WireError? {
        let verifier = SignatureVerifier(credentials: CredentialStore(secrets: secrets), region: "eu-west-1")
        return body.withUnsafeBytes { raw in
            verifier.verify(
                SignatureVerifier.SignedRequest(method: "POST", path: "/", query: "", headers: headers, body: raw),
                now: now)
        }
    }

    @Test("a signed request passes the endpoint's own verifier; altered or wrongly keyed ones do not")
    func signAndVerify() {
        let body = Array(#"{"TableName":"vaultdesk"}"#.utf8)
        let now = Date(timeIntervalSince1970: 1_795_262_400)
        let base: [(name: String, value: String)] = [
            ("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"),
            ("X-Amz-Target", "DynamoDB_20120810.DescribeTable"),
        ]
        for token in [nil, "FwoGZXIvYXdzEXAMPLETOKEN"] {
            var keyed = credentials
            keyed.sessionToken = token
            let signed = SigV4Signer(credentials: keyed, region: "eu-west-1").sign(
                method: "POST", path: "/", headers: base, body: body, date: now)
            #expect(signed.contains { $0.name == "x-amz-security-token" } == (token != nil))
            #expect(
                verify(signed, body: body, secrets: [credentials.accessKeyId: credentials.secretAccessKey], now: now)
                    == nil)
            #expect(
                verify(
                    signed, body: body + [32], secrets: [credentials.accessKeyId: credentials.secretAccessKey], now: now
                )?.type == "InvalidSignatureException")
            #expect(
                verify(signed, body: body, secrets: [credentials.accessKeyId: "another secret"], now: now)?.type
                    == "InvalidSignatureException")
        }
    }

    @Test("the signature matches AWS's published Signature Version 4 example (get-vanilla)")
    func publishedVector() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "service")
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        let headers = signer.sign(
            method: "GET", path: "/", headers: [("Host", "example.amazonaws.com")], body: [], date: date)
        let authorization = headers.first { $0.name == "authorization" }?.value
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    @Test("credentials: environment, then the credentials file, then the config file, for the profile; never printed")
    func credentialChain() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try """
        # shared credentials
        [default]
        aws_access_key_id = AKIDDEFAULT0001
        aws_secret_access_key = default-secret

        [ops]
        aws_access_key_id=AKIDOPS00000002
        aws_secret_access_key=ops-secret
        aws_session_token = ops-token
        """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
        [default]
        region = eu-central-1
        [profile audit]
        region = ap-southeast-2
        aws_access_key_id = AKIDAUDIT000003
        aws_secret_access_key = audit-secret
        [profile broken]
        aws_access_key_id = AKIDBROKEN00004
        """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)

        let fromEnvironment = try AWSConfiguration(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDENV000000005", "AWS_SECRET_ACCESS_KEY": "env-secret",
                "AWS_PROFILE": "ops",
            ], home: home.path
        ).credentials()
        #expect(fromEnvironment.accessKeyId == "AKIDENV000000005" && fromEnvironment.source == "environment")

        let byDefault = AWSConfiguration(environment: [:], home: home.path)
        #expect(try byDefault.credentials().secretAccessKey == "default-secret")
        #expect(try byDefault.region() == "eu-central-1")

        let ops = try AWSConfiguration(environment: ["AWS_PROFILE": "ops", "AWS_REGION": "us-west-2"], home: home.path)
            .credentials()
        #expect(ops.sessionToken == "ops-token" && ops.source.contains("profile ops"))
        let audit = AWSConfiguration(environment: ["AWS_PROFILE": "audit"], home: home.path)
        #expect(try audit.credentials().accessKeyId == "AKIDAUDIT000003")
        #expect(try audit.region() == "ap-southeast-2")
        #expect(
            try AWSConfiguration(
                environment: ["AWS_PROFILE": "audit", "AWS_DEFAULT_REGION": "sa-east-1"], home: home.path
            ).region() == "sa-east-1")

        #expect(throws: AWSConfigurationError.self) {
            _ = try AWSConfiguration(environment: ["AWS_PROFILE": "broken"], home: home.path).credentials()
        }
        #expect(throws: AWSConfigurationError.self) {
            _ = try AWSConfiguration(environment: ["AWS_PROFILE": "nobody"], home: home.path).credentials()
        }
        #expect(throws: AWSConfigurationError.self) {
            _ = try AWSConfiguration(environment: ["AWS_ACCESS_KEY_ID": "AKIDONLY"], home: home.path).credentials()
        }
        // The shared files are found under $HOME when no home is given, as the AWS CLI finds them.
        #expect(
            try AWSConfiguration(environment: ["HOME": home.path, "AWS_PROFILE": "ops"]).credentials().accessKeyId
                == ops.accessKeyId)
        #expect(try AWSConfiguration(environment: ["AWS_MAX_ATTEMPTS": "3"]).maxAttempts() == 3)
        #expect(try AWSConfiguration(environment: [:]).maxAttempts() == nil)
        #expect(throws: AWSConfigurationError.self) {
            _ = try AWSConfiguration(environment: ["AWS_MAX_ATTEMPTS": "0"]).maxAttempts()
        }
        #expect(throws: AWSConfigurationError.self) {
            _ = try AWSConfiguration(environment: ["AWS_MAX_ATTEMPTS": "many"]).maxAttempts()
        }

        for shown in [fromEnvironment, ops] {
            #expect(!shown.description.contains(shown.secretAccessKey))
            #expect(!shown.description.contains(shown.sessionToken ?? "\u{0}"))
            #expect(!"\(shown)".contains(shown.secretAccessKey))
        }
    }

    @Test(
        "retries: throttling, 5xx and connection failures are retried with growing, jittered waits; others surface at once"
    )
    func retries() async throws {
        #expect(
            RetryPolicy.isRetryable(.service(type: "ProvisionedThroughputExceededException", message: "", status: 400)))
        #expect(RetryPolicy.isRetryable(.service(type: "ThrottlingException", message: "", status: 400)))
        #expect(RetryPolicy.isRetryable(.service(type: "RequestLimitExceeded", message: "", status: 400)))
        #expect(RetryPolicy.isRetryable(.service(type: "InternalServerError", message: "", status: 500)))
        #expect(RetryPolicy.isRetryable(.connection("reset")))
        #expect(!RetryPolicy.isRetryable(.service(type: "ValidationException", message: "", status: 400)))
        #expect(!RetryPolicy.isRetryable(.service(type: "ConditionalCheckFailedException", message: "", status: 400)))

        let policy = RetryPolicy(
            maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(80), maxTotal: .seconds(10))
        var random = SeededGenerator(seed: 7)
        for retry in 1...8 {
            let cap = min(80.0, 10.0 * pow(2, Double(retry - 1)))
            for _ in 0..<50 {
                let wait = policy.delay(beforeRetry: retry, using: &random)
                #expect(wait >= .zero && wait <= .milliseconds(cap))
            }
        }

        let attempts = Mutex(0)
        let slept = Mutex<[Duration]>([])
        let recordSleep: @Sendable (Duration) async throws -> Void = { wait in slept.withLock { $0.append(wait) } }
        let answer = try await policy.run(sleep: recordSleep) {
            () throws(RemoteCallError) -> String in
            let attempt = attempts.withLock {
                $0 += 1
                return $0
            }
            if attempt < 3 { throw .service(type: "ThrottlingException", message: "Rate exceeded", status: 400) }
            return "done"
        }
        #expect(answer == "done" && attempts.withLock { $0 } == 3 && slept.withLock { $0.count } == 2)

        attempts.withLock { $0 = 0 }
        await #expect(throws: RemoteCallError.service(type: "ValidationException", message: "bad", status: 400)) {
            _ = try await policy.run(sleep: Self.noSleep) { () throws(RemoteCallError) -> Int in
                attempts.withLock { $0 += 1 }
                throw .service(type: "ValidationException", message: "bad", status: 400)
            }
        }
        #expect(attempts.withLock { $0 } == 1, "not retried")

        await #expect(throws: RemoteCallError.gaveUp(after: 6, last: .connection("refused"))) {
            _ = try await policy.run(sleep: Self.noSleep) { () throws(RemoteCallError) -> Int in
                throw .connection("refused")
            }
        }
        // The total time bounds the retries too: they stop long before the hundred attempts allowed.
        let brief = RetryPolicy(
            maxAttempts: 100, baseDelay: .milliseconds(20), maxDelay: .milliseconds(20), maxTotal: .milliseconds(100))
        do {
            _ = try await brief.run { () throws(RemoteCallError) -> Int in
                throw .service(type: "InternalServerError", message: "", status: 503)
            }
            Issue.record("a failing call succeeded")
        } catch RemoteCallError.gaveUp(let attempts, _) {
            #expect(attempts < 100, "stopped by the time bound, after \(attempts) attempts")
        }
    }
}
