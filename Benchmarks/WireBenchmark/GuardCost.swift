import DynamoWire
import Foundation
import PartitionStore

/// The guard's cost measured in this process, without the network: a signed GetItem checked by
/// the verifier, then answered by a service with the benchmark's policies and by one without.
/// Each figure is the median over batches of 2,000 requests, in µs per request; steadier on a
/// shared machine than a difference of two latencies.
struct GuardCost {
    var verification: Double
    /// The guarded answer minus the open one: resolving what the request touches and judging it.
    var policyEvaluation: Double
    var openAnswer: Double

    static func measure(folder: String, batches: Int = 15) throws -> GuardCost {
        let store = try PartitionStore(path: "\(folder)/guard-cost.db")
        let open = WireService(store: store)
        for (operation, request) in [
            (WireOperation.createTable, createTableJSON),
            (.putItem, #"{"TableName":"bench","Item":\#(itemJSON(pk: "tenant#0", sk: 7))}"#),
        ] {
            if case .failure(let error) = Array(request.utf8).withUnsafeBytes({ open.respond(to: operation, body: $0) })
            {
                fail("setting up the in-process guard measurement: \(error)")
            }
        }
        let body = Array(#"{"TableName":"bench","Key":{"pk":{"S":"tenant#0"},"sk":{"N":"7"}}}"#.utf8)
        let credentials = AWSCredentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")
        let verifier = SignatureVerifier(credentials: CredentialStore(secrets: ["AKIDBENCH": "bench-secret"]))
        let policies = try PolicySet(json: Array(benchmarkPolicy.utf8))
        let guarded = WireService(store: store, policies: policies)
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1").sign(
            method: "POST", path: "/",
            headers: [
                (name: "host", value: "127.0.0.1:8000"), (name: "content-type", value: "application/x-amz-json-1.0"),
                (name: "x-amz-target", value: "DynamoDB_20120810.GetItem"),
                (name: "content-length", value: String(body.count)),
            ], body: body)

        func batchMedian(_ work: () -> Void) -> Double {
            var figures: [Double] = []
            for _ in 0..<batches {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<2_000 { work() }
                figures.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 2_000 / 1_000)
            }
            return figures.sorted()[figures.count / 2]
        }
        var failures = 0
        let verification = batchMedian {
            body.withUnsafeBytes { bytes in
                let request = SignatureVerifier.SignedRequest(
                    method: "POST", path: "/", query: "", headers: signed, body: bytes)
                if case .failure = verifier.authenticate(request) { failures += 1 }
            }
        }
        let caller = guarded.caller("AKIDBENCH")
        let judged = batchMedian {
            if case .failure = body.withUnsafeBytes({ guarded.respond(to: .getItem, body: $0, caller: caller) }) {
                failures += 1
            }
        }
        let plain = batchMedian {
            if case .failure = body.withUnsafeBytes({ open.respond(to: .getItem, body: $0, caller: nil) }) {
                failures += 1
            }
        }
        if failures > 0 { fail("the in-process guard measurement had \(failures) refused requests") }
        return GuardCost(verification: verification, policyEvaluation: judged - plain, openAnswer: plain)
    }
}
