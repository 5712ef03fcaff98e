// The repository's access patterns through the remote client against `vaultdesk serve`, beside
// the same patterns on the embedded store in-process, on the same store file: what the network
// path (HTTP, JSON, SigV4, the endpoint's own work) costs per call.
//
// usage: remote-benchmark [--store PATH] [--scale small|medium|large] [--iterations N]
//
// `vaultdesk serve` is started from the directory this program is in (build both:
// `swift build -c release --product vaultdesk --product remote-benchmark`). Without --store,
// a store of the scale is seeded in a temporary folder and removed at the end.

import AccessPatternSet
import DynamoWire
import Foundation
import PartitionStore
import VaultRepository

struct Options {
    var store: String?
    var scale = DemoScale.medium
    var iterations = 300

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--store": store = iterator.next()
            case "--scale": scale = iterator.next().flatMap(DemoScale.init(rawValue:)) ?? scale
            case "--iterations": iterations = iterator.next().flatMap(Int.init) ?? iterations
            case "--help", "-h":
                print("usage: remote-benchmark [--store PATH] [--scale small|medium|large] [--iterations N]")
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-remote-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let path = options.store ?? folder.appendingPathComponent("demo.db").path

if !FileManager.default.fileExists(atPath: path) {
    print("Seeding \(options.scale.rawValue) into \(path) …")
    _ = try await PartitionStore.build(at: path) { store in
        try await VaultRepository(store: store).seedDemo(scale: options.scale, seed: 1, asOf: CivilCalendar.today())
    }
}

// MARK: The endpoint

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("vaultdesk")
let serveLog = folder.appendingPathComponent("serve.log")
_ = FileManager.default.createFile(atPath: serveLog.path, contents: nil)
let server = Process()
server.executableURL = binary
server.arguments = ["serve", "--store", path, "--port", "0"]
server.standardOutput = try FileHandle(forWritingTo: serveLog)
server.standardError = server.standardOutput
try server.run()
defer { server.terminate() }
var endpointURL: URL?
for _ in 0..<200 where endpointURL == nil {
    let text = (try? String(contentsOf: serveLog, encoding: .utf8)) ?? ""
    if let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
        endpointURL = URL(string: String(text[range]))
    }
    usleep(50_000)
}
guard let endpointURL else {
    FileHandle.standardError.write(Data("vaultdesk serve did not start (is \(binary.path) built?)\n".utf8))
    exit(1)
}
let endpoint = try RemoteEndpoint(
    url: endpointURL, region: "us-east-1", credentials: AWSCredentials(accessKeyId: "bench", secretAccessKey: "bench"))

let localStore = try PartitionStore(path: path)
let remoteStore = RemoteItemStore(endpoint: endpoint)
let local = VaultRepository(store: localStore)
let remote = VaultRepository(store: remoteStore)
let (localPatterns, tenantCount) = try await AccessPatternSet.patterns(local)
let (remotePatterns, _) = try await AccessPatternSet.patterns(remote)

func measure(_ pattern: AccessPattern) async throws -> Sample {
    for i in 0..<min(20, options.iterations) { try await pattern.body(i) }
    var sample = Sample()
    for i in 0..<options.iterations {
        let before = now()
        try await pattern.body(i)
        sample.nanoseconds.append(now() - before)
    }
    return sample
}

// Baseline: one GetItem, in-process and over the network: the floor of every remote call.
let key: Item = ["pk": .s("TENANT#northwind-energy"), "sk": .s("TENANT")]
let single = (
    local: AccessPattern(name: "GetItem") { _ in
        _ = try await localStore.getItem(GetItemInput(tableName: "vaultdesk", key: key))
    },
    remote: AccessPattern(name: "GetItem") { _ in
        _ = try await remoteStore.getItem(GetItemInput(tableName: "vaultdesk", key: key))
    }
)

print(
    "Access patterns on \(path) (\(tenantCount) tenants), \(options.iterations) calls each; in-process vs the remote client on `vaultdesk serve` at \(endpointURL.absoluteString):"
)
print(
    "pattern".padding(toLength: 74, withPad: " ", startingAt: 0)
        + "  local p50  local p99  remote p50  remote p99   remote/local   cost µs")
func row(_ name: String, _ near: Sample, _ far: Sample) {
    let ratio = far.percentile(0.5) / max(near.percentile(0.5), 0.001)
    print(
        name.padding(toLength: 74, withPad: " ", startingAt: 0)
            + String(
                format: " %10.1f %10.1f %11.1f %11.1f %13.1fx %9.1f", near.percentile(0.5), near.percentile(0.99),
                far.percentile(0.5),
                far.percentile(0.99), ratio, far.percentile(0.5) - near.percentile(0.5)))
}
var ratios: [Double] = []
for (near, far) in zip(localPatterns, remotePatterns) {
    let nearSample = try await measure(near)
    let farSample = try await measure(far)
    ratios.append(farSample.percentile(0.5) / max(nearSample.percentile(0.5), 0.001))
    row(near.name, nearSample, farSample)
}
row("baseline: one GetItem (a tenant item)", try await measure(single.local), try await measure(single.remote))
let geometric = exp(ratios.map { log($0) }.reduce(0, +) / Double(max(ratios.count, 1)))
print(String(format: "Geometric mean of remote/local p50 over the patterns: %.1fx", geometric))
// What signing adds to each request (part of the remote cost above).
do {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyId: "bench", secretAccessKey: "bench"), region: "us-east-1")
    let body = Array(
        #"{"TableName":"vaultdesk","Key":{"pk":{"S":"TENANT#northwind-energy"},"sk":{"S":"TENANT"}}}"#.utf8)
    var sample = Sample()
    for _ in 0..<2000 {
        let before = now()
        _ = signer.sign(
            method: "POST", path: "/",
            headers: [
                ("host", "127.0.0.1:1"), ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "DynamoDB_20120810.GetItem"),
            ], body: body)
        sample.nanoseconds.append(now() - before)
    }
    print(
        String(
            format: "SigV4 signature of one GetItem request: p50 %.1f µs, p99 %.1f µs", sample.percentile(0.5),
            sample.percentile(0.99)))
}
