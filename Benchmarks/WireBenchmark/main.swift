// The wire benchmark: the health check (`GET /`), GetItem, PutItem and a 25-item Query through
// the DynamoDB endpoint from 1 and many concurrent clients, against `vaultdesk serve` (durability
// full) and `moto_server` in the same run, printing throughput, p50 and p99, the server's CPU per
// request, and the ratios to moto.
//
// The floor: a minimal HTTP/1.1 keep-alive responder on plain sockets (FloorServer), driven by the
// same client in the same run, answering every request with a fixed 200. Every operation's p50
// and p99 is printed as a ratio to the floor's for the same requests: what the endpoint adds over
// the least any server on this machine must pay. PutItem's floor target is measured against a
// server with durability normal (a full-durability write waits for its fsync).
//
// Each figure is the median of --repeat runs (default 3), so that one noisy moment on a shared
// machine does not decide a ratio.
//
// A third server runs with --credentials and --policies (one policy with a LeadingKeys
// condition): GetItem from one signing client against it and against the open endpoint gives the
// cost of signature verification plus policy evaluation per request.
//
// usage: wire-benchmark [--seconds S] [--clients 1,16] [--repeat N] [--vaultdesk PATH] [--no-moto] [--no-policies] [--only get,put,query,health]
import DynamoWire
import Foundation
import Synchronization

struct Options {
    var seconds = 3.0
    var clients = [1, 16]
    var vaultdesk = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "vaultdesk"
    ).path
    var moto = true
    var policies = true
    var repeats = 3
    /// Only these operations (for profiling one of them).
    var operations = Operation.allCases

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "--clients":
                clients = iterator.next().map { $0.split(separator: ",").compactMap { Int($0) } } ?? clients
            case "--vaultdesk": vaultdesk = iterator.next() ?? vaultdesk
            case "--no-moto": moto = false
            case "--no-policies": policies = false
            case "--repeat": repeats = max(1, iterator.next().flatMap(Int.init) ?? repeats)
            case "--only":
                let names = (iterator.next() ?? "").split(separator: ",").map { $0.lowercased() }
                operations = Operation.allCases.filter { operation in
                    names.contains { (operation == .health ? "health" : operation.rawValue.lowercased()).hasPrefix($0) }
                }
            case "--help", "-h":
                print(
                    "usage: wire-benchmark [--seconds S] [--clients 1,16] [--repeat N] [--vaultdesk PATH] [--no-moto] [--no-policies] [--only get,put,query,health]"
                )
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

/// A server under test, stopped when the benchmark ends.
final class ServerProcess {
    let name: String
    /// nil for the floor, which runs in this process.
    let process: Process?
    let port: Int
    /// Signs requests to this server, when it verifies signatures.
    let signer: SigV4Signer?
    init(name: String, process: Process?, port: Int, signer: SigV4Signer? = nil) {
        self.name = name
        self.process = process
        self.port = port
        self.signer = signer
    }
    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wire-benchmark: \(message)\n".utf8))
    exit(1)
}

func startVaultDesk(
    _ binary: String, folder: String, name: String = "vaultdesk", durability: String = "full", extra: [String] = [],
    signer: SigV4Signer? = nil
) throws -> ServerProcess {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["serve", "--store", "\(folder)/\(name).db", "--port", "0", "--durability", durability] + extra
    let output = Pipe()
    process.standardError = output
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    var text = ""
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        text += String(decoding: chunk, as: UTF8.self)
        if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
            let port = Int(text[range].split(separator: ":").last ?? "")
        {
            // Keep draining the log so the server never blocks on a full pipe.
            Thread.detachNewThread { while !output.fileHandleForReading.availableData.isEmpty {} }
            return ServerProcess(name: name, process: process, port: port, signer: signer)
        }
    }
    process.terminate()
    fail("vaultdesk serve did not start:\n\(text)")
}

func freePort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

func startMoto() throws -> ServerProcess {
    let port = freePort()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", String(port)]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
        if let connection = try? BlockingHTTPConnection(host: "127.0.0.1", port: port),
            let answer = try? connection.post(target: "DynamoDB_20120810.ListTables", body: "{}"), answer.status == 200
        {
            return ServerProcess(name: "moto", process: process, port: port)
        }
        Thread.sleep(forTimeInterval: 0.2)
    }
    process.terminate()
    fail("moto_server did not start (pip install 'moto[server]')")
}

// MARK: Workload

let preloaded = 500
let table = "bench"

func itemJSON(pk: String, sk: Int) -> String {
    #"{"pk":{"S":"\#(pk)"},"sk":{"N":"\#(sk)"},"reference":{"S":"REF-\#(sk)-2026-11"},"amount":{"N":"\#(sk * 7).25"},"currency":{"S":"EUR"},"state":{"S":"PAID"},"note":{"S":"payment received by bank transfer, reconciled"}}"#
}

/// The policies of the guarded endpoint: one key, one statement whose LeadingKeys condition
/// admits the benchmark's partitions.
let benchmarkPolicy = #"""
    {"AKIDBENCH": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*",
      "Resource": "arn:aws:dynamodb:*:*:table/bench",
      "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["tenant#*", "writer#*"]}}},
      {"Effect": "Allow", "Action": ["dynamodb:CreateTable", "dynamodb:DescribeTable"], "Resource": "*"}]}]}
    """#

let createTableJSON =
    #"{"TableName":"bench","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}]}"#

/// The endpoint with --credentials and --policies: one key, one policy whose LeadingKeys
/// condition admits the benchmark's partitions.
func startGuarded(_ binary: String, folder: String) throws -> ServerProcess {
    let credentials = AWSCredentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")
    try "[default]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = bench-secret\n".write(
        toFile: "\(folder)/credentials", atomically: true, encoding: .utf8)
    try benchmarkPolicy.write(toFile: "\(folder)/policies.json", atomically: true, encoding: .utf8)
    return try startVaultDesk(
        binary, folder: folder, name: "guarded",
        extra: ["--credentials", "\(folder)/credentials", "--policies", "\(folder)/policies.json"],
        signer: SigV4Signer(credentials: credentials, region: "us-east-1"))
}

func setUp(_ server: ServerProcess) throws {
    let connection = try BlockingHTTPConnection(host: "127.0.0.1", port: server.port, signer: server.signer)
    let create = try connection.post(
        target: "DynamoDB_20120810.CreateTable",
        body: createTableJSON)
    guard create.status == 200 else {
        fail("\(server.name): CreateTable answered \(create.status): \(String(decoding: create.body, as: UTF8.self))")
    }
    for sk in 0..<preloaded {
        let put = try connection.post(
            target: "DynamoDB_20120810.PutItem",
            body: #"{"TableName":"bench","Item":\#(itemJSON(pk: "tenant#0", sk: sk))}"#)
        guard put.status == 200 else { fail("\(server.name): preload PutItem answered \(put.status)") }
    }
}

enum Operation: String, CaseIterable {
    case health = "GET /"
    case getItem = "GetItem"
    case putItem = "PutItem"
    case query = "Query 25"

    var target: String {
        switch self {
        case .health: ""
        case .getItem: "DynamoDB_20120810.GetItem"
        case .putItem: "DynamoDB_20120810.PutItem"
        case .query: "DynamoDB_20120810.Query"
        }
    }

    func body(client: Int, sequence: Int, random: inout SystemRandomNumberGenerator) -> String {
        switch self {
        case .health:
            return ""
        case .getItem:
            return
                #"{"TableName":"bench","Key":{"pk":{"S":"tenant#0"},"sk":{"N":"\#(Int.random(in: 0..<preloaded, using: &random))"}}}"#
        case .putItem:
            return #"{"TableName":"bench","Item":\#(itemJSON(pk: "writer#\(client)", sk: sequence))}"#
        case .query:
            let start = Int.random(in: 0..<(preloaded - 25), using: &random)
            return
                #"{"TableName":"bench","KeyConditionExpression":"pk = :p AND sk >= :s","ExpressionAttributeValues":{":p":{"S":"tenant#0"},":s":{"N":"\#(start)"}},"Limit":25}"#
        }
    }
}

struct Measurement {
    var throughput: Double
    var p50: Double
    var p99: Double
    var errors: Int
    /// The server's CPU time (user and system, from /proc) per request answered, in µs; nil for
    /// the floor, which shares this process.
    var cpuPerRequest: Double? = nil
}

/// A process's CPU time so far in seconds, user and system, as /proc/<pid>/stat reports it.
func cpuSeconds(of pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return 0 }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Runs `clients` threads, each on its own connection, for `seconds`, and measures every request.
func measure(
    _ server: ServerProcess, _ operation: Operation, clients: Int, seconds: Double, signer: SigV4Signer? = nil
) -> Measurement {
    let latencies = Mutex<[UInt64]>([])
    let errors = Atomic<Int>(0)
    let answered = Atomic<Int>(0)
    let cpuBefore = server.process.map { cpuSeconds(of: $0.processIdentifier) }
    let firstError = Mutex<String?>(nil)
    let group = DispatchGroup()
    let port = server.port
    let start = DispatchTime.now().uptimeNanoseconds + 200_000_000
    let end = start + UInt64(seconds * 1e9)
    for client in 0..<clients {
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            var random = SystemRandomNumberGenerator()
            var mine: [UInt64] = []
            mine.reserveCapacity(100_000)
            guard let connection = try? BlockingHTTPConnection(host: "127.0.0.1", port: port, signer: signer) else {
                errors.add(1, ordering: .relaxed)
                return
            }
            var sequence = client * 10_000_000 + Int(start % 1_000_000) * 10
            while true {
                let before = DispatchTime.now().uptimeNanoseconds
                if before >= end { break }
                sequence += 1
                let body = operation.body(client: client, sequence: sequence, random: &random)
                do {
                    let answer =
                        operation == .health
                        ? try connection.get() : try connection.post(target: operation.target, body: body)
                    if answer.status != 200 {
                        errors.add(1, ordering: .relaxed)
                        firstError.withLock { $0 = $0 ?? String(decoding: answer.body.prefix(200), as: UTF8.self) }
                    }
                } catch {
                    errors.add(1, ordering: .relaxed)
                    firstError.withLock { $0 = $0 ?? "\(error)" }
                    return
                }
                let after = DispatchTime.now().uptimeNanoseconds
                answered.add(1, ordering: .relaxed)
                // Requests in the first 200 ms warm the connection and are not counted.
                if before >= start { mine.append(after - before) }
            }
            latencies.withLock { $0 += mine }
        }
    }
    group.wait()
    if let message = firstError.withLock({ $0 }) {
        print("  (\(server.name) \(operation.rawValue): first error: \(message))")
    }
    let sorted = latencies.withLock { $0 }.sorted()
    guard !sorted.isEmpty else {
        return Measurement(throughput: 0, p50: 0, p99: 0, errors: errors.load(ordering: .relaxed))
    }
    func percentile(_ fraction: Double) -> Double {
        Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1e6
    }
    let cpu = server.process.flatMap { process in cpuBefore.map { cpuSeconds(of: process.processIdentifier) - $0 } }
    return Measurement(
        throughput: Double(sorted.count) / seconds, p50: percentile(0.5), p99: percentile(0.99),
        errors: errors.load(ordering: .relaxed),
        cpuPerRequest: cpu.map { $0 / Double(max(1, answered.load(ordering: .relaxed))) * 1e6 })
}

// MARK: Run

let options = Options(CommandLine.arguments)
guard FileManager.default.isExecutableFile(atPath: options.vaultdesk) else {
    fail("no vaultdesk binary at \(options.vaultdesk); build it or pass --vaultdesk PATH")
}
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-wire-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
var servers: [ServerProcess] = []
defer {
    for server in servers { server.stop() }
    try? FileManager.default.removeItem(atPath: folder)
}
let floor = try FloorServer()
servers.append(try startVaultDesk(options.vaultdesk, folder: folder))
if options.moto { servers.append(try startMoto()) }
servers.append(try startVaultDesk(options.vaultdesk, folder: folder, name: "normal", durability: "normal"))
for server in servers { try setUp(server) }
let guarded = options.policies ? try startGuarded(options.vaultdesk, folder: folder) : nil
if let guarded {
    try setUp(guarded)
    servers.append(guarded)
}
let floorServer = ServerProcess(name: "floor", process: nil, port: floor.port)

/// The servers an operation is measured on: the floor and the endpoint always; moto for the
/// DynamoDB operations; the durability-normal endpoint for PutItem.
@MainActor func servers(for operation: Operation) -> [ServerProcess] {
    [floorServer]
        + servers.filter { server in
            switch server.name {
            case "vaultdesk": true
            case "moto": operation != .health
            case "normal": operation == .putItem
            default: false
            }
        }
}

print(
    "wire benchmark: \(options.seconds) s per run, median of \(options.repeats) runs, \(preloaded) items preloaded, vaultdesk durability full (normal: durability normal)"
)
print("operation  clients  server          req/s    p50 ms    p99 ms  errors  p50/floor  p99/floor  CPU µs/req")
var results: [String: Measurement] = [:]
for operation in options.operations {
    for clients in options.clients {
        // Runs alternate between the servers, and the median run by throughput is kept.
        var runs: [String: [Measurement]] = [:]
        let measured = servers(for: operation)
        for _ in 0..<options.repeats {
            for server in measured {
                runs[server.name, default: []].append(
                    measure(server, operation, clients: clients, seconds: options.seconds))
            }
        }
        for server in measured {
            let sorted = (runs[server.name] ?? []).sorted { $0.throughput < $1.throughput }
            let result = sorted[sorted.count / 2]
            results["\(operation.rawValue)/\(clients)/\(server.name)"] = result
            let base = results["\(operation.rawValue)/\(clients)/floor"]
            let ratios =
                base.map { String(format: "  %8.2fx  %8.2fx", result.p50 / $0.p50, result.p99 / $0.p99) }
                ?? "                      "
            print(
                operation.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(clients).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + server.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "%11.0f %9.3f %9.3f %7d", result.throughput, result.p50, result.p99, result.errors)
                    + ratios + (result.cpuPerRequest.map { String(format: "  %10.1f", $0) } ?? "")
            )
        }
    }
}
print("")
/// A target on the ratio of `server`'s p50 to the floor's, one client.
@MainActor func floorTarget(_ operation: Operation, _ server: String, _ limit: Double, _ label: String) {
    guard let ours = results["\(operation.rawValue)/1/\(server)"], let base = results["\(operation.rawValue)/1/floor"],
        base.p50 > 0
    else { return }
    let ratio = ours.p50 / base.p50
    print(
        String(
            format: "%@, 1 client: p50 = %.2fx the floor (target <= %.1fx: %@)", label, ratio, limit,
            ratio <= limit ? "met" : "NOT met"))
}
floorTarget(.health, "vaultdesk", 1.1, "GET /")
floorTarget(.getItem, "vaultdesk", 1.3, "GetItem")
floorTarget(.query, "vaultdesk", 1.6, "Query 25")
floorTarget(.putItem, "normal", 1.5, "PutItem (durability normal)")
if let cpu = results["GetItem/1/vaultdesk"]?.cpuPerRequest {
    print(
        String(format: "GetItem, server CPU per request: %.1f µs (target < 60: %@)", cpu, cpu < 60 ? "met" : "NOT met"))
}
print("")
if options.moto {
    // The target is stated for many concurrent clients; the single-client ratios are shown too.
    let most = options.clients.max() ?? 1
    for operation in Operation.allCases {
        for clients in options.clients {
            guard let ours = results["\(operation.rawValue)/\(clients)/vaultdesk"],
                let theirs = results["\(operation.rawValue)/\(clients)/moto"], theirs.throughput > 0
            else { continue }
            let ratio = ours.throughput / theirs.throughput
            let verdict = clients == most ? " (target >= 5x: \(ratio >= 5 ? "met" : "NOT met"))" : ""
            print(
                "\(operation.rawValue) with \(clients) client(s): vaultdesk / moto throughput = \(String(format: "%.1f", ratio))x\(verdict)"
            )
        }
    }
}
if let one = results["PutItem/1/vaultdesk"],
    let many = options.clients.max().flatMap({ results["PutItem/\($0)/vaultdesk"] }), one.throughput > 0
{
    let ratio = many.throughput / one.throughput
    print(
        "PutItem under durability full, \(options.clients.max() ?? 0) clients / 1 client = \(String(format: "%.1f", ratio))x (group commit target >= 4x: \(ratio >= 4 ? "met" : "NOT met"))"
    )
}

/// GetItem from one signing client that alternates between two servers in blocks of 200
/// requests (which goes first alternates too), so both meet the same moments of a noisy machine
/// while each runs warm, as a busy server does; the latencies of each, and for each pair of
/// blocks the difference of their medians (second minus first).
func measurePaired(
    _ first: ServerProcess, _ second: ServerProcess, seconds: Double, signer: SigV4Signer
) throws -> (first: Measurement, second: Measurement, differences: [Double]) {
    let connections = [
        try BlockingHTTPConnection(host: "127.0.0.1", port: first.port, signer: signer),
        try BlockingHTTPConnection(host: "127.0.0.1", port: second.port, signer: signer),
    ]
    let processes = [first.process, second.process]
    var random = SystemRandomNumberGenerator()
    var latencies: [[UInt64]] = [[], []]
    var differences: [Double] = []
    var errors = [0, 0]
    let warm = DispatchTime.now().uptimeNanoseconds + 200_000_000
    let end = warm + UInt64(seconds * 1e9)
    var cpuBefore: [Double]?
    var answered = [0, 0]
    var round = 0
    while true {
        let now = DispatchTime.now().uptimeNanoseconds
        if now >= end { break }
        if now >= warm, cpuBefore == nil {
            cpuBefore = processes.map { $0.map { cpuSeconds(of: $0.processIdentifier) } ?? 0 }
        }
        var blocks: [[UInt64]] = [[], []]
        for index in round % 2 == 0 ? [0, 1] : [1, 0] {
            for _ in 0..<200 {
                let body = Operation.getItem.body(client: 0, sequence: round, random: &random)
                let before = DispatchTime.now().uptimeNanoseconds
                let answer = try connections[index].post(target: Operation.getItem.target, body: body)
                blocks[index].append(DispatchTime.now().uptimeNanoseconds - before)
                if answer.status != 200 { errors[index] += 1 }
            }
        }
        round += 1
        guard cpuBefore != nil else { continue }
        for index in 0..<2 {
            latencies[index] += blocks[index]
            answered[index] += blocks[index].count
        }
        let medians = blocks.map { Double($0.sorted()[$0.count / 2]) / 1e6 }
        differences.append(medians[1] - medians[0])
    }
    func measurement(_ index: Int) -> Measurement {
        let sorted = latencies[index].sorted()
        let percentile = { (fraction: Double) in
            Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1e6
        }
        let cpu = processes[index].map { cpuSeconds(of: $0.processIdentifier) - (cpuBefore?[index] ?? 0) }
        return Measurement(
            throughput: Double(sorted.count) / seconds, p50: sorted.isEmpty ? 0 : percentile(0.5),
            p99: sorted.isEmpty ? 0 : percentile(0.99), errors: errors[index],
            cpuPerRequest: cpu.map { $0 / Double(max(1, answered[index])) * 1e6 })
    }
    return (measurement(0), measurement(1), differences.sorted())
}

if let guarded, let open = servers.first(where: { $0.name == "vaultdesk" }), let signer = guarded.signer,
    let unsigned = results["GetItem/1/vaultdesk"]
{
    // Both from one client that signs every request, so the difference is the server's work.
    let paired = try measurePaired(open, guarded, seconds: options.seconds * Double(options.repeats), signer: signer)
    let plain = paired.first
    let judged = paired.second
    print("")
    print("GetItem, 1 signing client     p50 ms    p99 ms  errors  server CPU µs/request")
    for (name, result) in [("open endpoint", plain), ("--credentials --policies", judged)] {
        print(
            name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(
                    format: "%9.3f %9.3f %7d %10.1f", result.p50, result.p99, result.errors, result.cpuPerRequest ?? 0))
    }
    let differences = paired.differences
    let cost = differences.isEmpty ? 0 : differences[differences.count / 2]
    let share = unsigned.p50 > 0 ? cost / unsigned.p50 : 0
    let cpuCost = ((judged.cpuPerRequest ?? 0) - (plain.cpuPerRequest ?? 0)) / 1000
    let cpuShare = unsigned.p50 > 0 ? cpuCost / unsigned.p50 : 0
    print(
        String(
            format:
                "verification + policy evaluation: %+.1f µs per request (median of the paired blocks' differences; p50 %+.1f µs, p99 %+.1f µs) = %.1f%% of the open GetItem p50 (target < 10%%: %@)",
            cost * 1000, (judged.p50 - plain.p50) * 1000, (judged.p99 - plain.p99) * 1000, share * 100,
            share < 0.10 ? "met" : "NOT met"))
    print(
        String(
            format: "  by the server's CPU: %+.1f µs per request = %.1f%% of the open GetItem p50 (target < 10%%: %@)",
            cpuCost * 1000, cpuShare * 100, cpuShare < 0.10 ? "met" : "NOT met"))
    let inProcess = try GuardCost.measure(folder: folder)
    let guardTotal = inProcess.verification + inProcess.policyEvaluation
    let guardShare = unsigned.p50 > 0 ? guardTotal / 1000 / unsigned.p50 : 0
    print(
        String(
            format:
                "  in process, without the network: verification %.1f µs + policy evaluation %.1f µs = %.1f µs per request = %.1f%% of the open GetItem p50 (target < 10%%: %@); answering the GetItem itself %.1f µs",
            inProcess.verification, inProcess.policyEvaluation, guardTotal, guardShare * 100,
            guardShare < 0.10 ? "met" : "NOT met", inProcess.openAnswer))
}
