// The store benchmark: PartitionStore against raw SQLite on the same physical schema and
// settings, measured in the same run, printing each figure and the ratio to raw SQLite.
//
// usage: store-benchmark [--items N] [--folder DIR]
import CSQLite
import Foundation
import PartitionStore

struct Options {
    var items = 1_000_000
    var folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-bench-\(getpid())").path

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--items": items = iterator.next().flatMap(Int.init) ?? items
            case "--folder": folder = iterator.next() ?? folder
            case "--help", "-h":
                print("usage: store-benchmark [--items N] [--folder DIR]")
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

// The reader half of the cross-process stream latency measurement: tails a store's stream and
// prints each record's index with the wall-clock time it arrived.
//
// usage: store-benchmark --stream-reader PATH COUNT
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--stream-reader",
    let count = Int(CommandLine.arguments[3])
{
    let store = try PartitionStore(
        path: CommandLine.arguments[2], configuration: StoreConfiguration(durability: .normal, sweepInterval: 0))
    var received = 0
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    for try await record in store.changes(of: "latency", from: .trimHorizon, pollInterval: .milliseconds(1)) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let index = record.newImage?["i"]?.numberValue?.int64Value ?? -1
        FileHandle.standardOutput.write(
            Data("\(index) \(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))\n".utf8))
        received += 1
        if received == count { break }
    }
    exit(0)
}

let options = Options(CommandLine.arguments)
let partitions = max(options.items / 100, 1)
try? FileManager.default.removeItem(atPath: options.folder)
try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: options.folder) }

// MARK: Data

func partitionKey(_ index: Int) -> String { "TENANT#\(String(format: "%05d", index % partitions))" }
func sortKey(_ index: Int) -> String { "PAYMENT#\(String(format: "%07d", index))" }

func item(_ index: Int) -> Item {
    [
        "pk": .s(partitionKey(index)),
        "sk": .s(sortKey(index)),
        "gpk": .s("STATUS#\(index % 50)"),
        "gsk": .s("2026-11-\(String(format: "%02d", index % 28 + 1))T\(String(format: "%06d", index))"),
        "amount": .n(DecimalNumber(index % 100_000)),
        "currency": .s(index % 3 == 0 ? "GBP" : "EUR"),
        "method": .s(index % 2 == 0 ? "card" : "transfer"),
    ]
}

struct BenchmarkFailure: Error {
    let message: String
}

// MARK: Measurement

struct Sample {
    var nanoseconds: [UInt64] = []
    var elapsed: Double = 0

    var opsPerSecond: Double { Double(nanoseconds.count) / elapsed }
    func percentile(_ p: Double) -> Double {
        let sorted = nanoseconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000
    }
    var meanMicroseconds: Double { elapsed * 1_000_000 / Double(max(nanoseconds.count, 1)) }
}

func measure(_ count: Int, _ body: (Int) throws -> Void) rethrows -> Sample {
    var sample = Sample()
    sample.nanoseconds.reserveCapacity(count)
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<count {
        let before = DispatchTime.now().uptimeNanoseconds
        try body(index)
        sample.nanoseconds.append(DispatchTime.now().uptimeNanoseconds - before)
    }
    sample.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return sample
}

/// Two operations measured in alternating blocks over the same indexes, so a shared machine's
/// slow moments fall on both alike; `afterBlock` hears how many are done.
func measureInterleaved(
    _ count: Int, block: Int = 5_000, _ first: (Int) throws -> Void, _ second: (Int) throws -> Void,
    afterBlock: (Int) -> Void = { _ in }
) rethrows -> (Sample, Sample) {
    var samples = (Sample(), Sample())
    var done = 0
    while done < count {
        let size = min(block, count - done)
        let base = done
        let a = try measure(size) { try first(base + $0) }
        let b = try measure(size) { try second(base + $0) }
        samples.0.nanoseconds += a.nanoseconds
        samples.0.elapsed += a.elapsed
        samples.1.nanoseconds += b.nanoseconds
        samples.1.elapsed += b.elapsed
        done += size
        afterBlock(done)
    }
    return samples
}

func format(_ value: Double) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.maximumFractionDigits = 0
    return formatter.string(from: NSNumber(value: value)) ?? "\(Int(value))"
}

func report(_ name: String, ours: Sample, raw: Sample, target: String? = nil, higherIsBetter: Bool = false) {
    let ratio = higherIsBetter ? ours.opsPerSecond / raw.opsPerSecond : ours.meanMicroseconds / raw.meanMicroseconds
    print("\(name)")
    print(
        String(
            format: "  PartitionStore  p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s", ours.percentile(0.5),
            ours.percentile(0.99), format(ours.opsPerSecond)))
    print(
        String(
            format: "  raw SQLite      p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s", raw.percentile(0.5),
            raw.percentile(0.99), format(raw.opsPerSecond)))
    let verdict = target.map { "   target \($0)" } ?? ""
    print(
        String(
            format: "  ratio %.2fx %@%@", ratio, higherIsBetter ? "of raw throughput" : "of raw time per operation",
            verdict))
}

/// Two ways of doing the same work in the same run, ours against another of ours.
func compare(_ name: String, ours: Sample, baseline: Sample, baselineName: String, target: String) {
    print(name)
    print(
        String(
            format: "  PartiQL         p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s", ours.percentile(0.5),
            ours.percentile(0.99), format(ours.opsPerSecond)))
    print(
        String(
            format: "  %@ p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s",
            baselineName.padding(toLength: 15, withPad: " ", startingAt: 0), baseline.percentile(0.5),
            baseline.percentile(0.99), format(baseline.opsPerSecond)))
    print(
        String(
            format: "  ratio %.2fx of %@'s time per operation   target %@",
            ours.meanMicroseconds / baseline.meanMicroseconds,
            baselineName, target))
}

// MARK: Raw SQLite, same schema and settings

/// Raw SQLite with the engine's physical layout: a WITHOUT ROWID table keyed (ph, pk, sk) and an
/// index table keyed (ph, pk, sk, tpk, tsk), each row holding an encoded item of the same size.
final class RawStore {
    var db: OpaquePointer?
    var statements: [String: OpaquePointer] = [:]

    init(path: String, synchronous: String) {
        sqlite3_open(path, &db)
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=\(synchronous)")
        exec(
            "CREATE TABLE IF NOT EXISTS items(ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ph, pk, sk)) WITHOUT ROWID"
        )
        exec(
            "CREATE TABLE IF NOT EXISTS gsi(ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, tpk BLOB NOT NULL, tsk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ph, pk, sk, tpk, tsk)) WITHOUT ROWID"
        )
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    func exec(_ sql: String) { sqlite3_exec(db, sql, nil, nil, nil) }

    func statement(_ sql: String) -> OpaquePointer? {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        statements[sql] = statement
        return statement
    }

    static func hash(_ bytes: [UInt8]) -> Int64 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Int64(hash)
    }

    func bind(_ statement: OpaquePointer?, _ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes {
            _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), vaultdesk_sqlite_transient())
        }
    }

    func put(pk: [UInt8], sk: [UInt8], gpk: [UInt8], gsk: [UInt8], blob: [UInt8]) {
        exec("BEGIN IMMEDIATE")
        let base = statement(
            "INSERT INTO items(ph, pk, sk, item) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET item = excluded.item"
        )
        sqlite3_bind_int64(base, 1, Self.hash(pk))
        bind(base, 2, pk)
        bind(base, 3, sk)
        bind(base, 4, blob)
        sqlite3_step(base)
        sqlite3_reset(base)
        let index = statement("INSERT OR REPLACE INTO gsi(ph, pk, sk, tpk, tsk, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        sqlite3_bind_int64(index, 1, Self.hash(gpk))
        bind(index, 2, gpk)
        bind(index, 3, gsk)
        bind(index, 4, pk)
        bind(index, 5, sk)
        bind(index, 6, blob)
        sqlite3_step(index)
        sqlite3_reset(index)
        exec("COMMIT")
    }

    /// Point lookup, copying the item bytes out as a reader would.
    func get(pk: [UInt8], sk: [UInt8]) -> [UInt8]? {
        let lookup = statement("SELECT item FROM items WHERE ph = ?1 AND pk = ?2 AND sk = ?3")
        defer { sqlite3_reset(lookup) }
        sqlite3_bind_int64(lookup, 1, Self.hash(pk))
        bind(lookup, 2, pk)
        bind(lookup, 3, sk)
        guard sqlite3_step(lookup) == SQLITE_ROW else { return nil }
        return copyBlob(lookup)
    }

    func range(pk: [UInt8], limit: Int) -> Int {
        let query = statement("SELECT item FROM items WHERE ph = ?1 AND pk = ?2 ORDER BY sk LIMIT ?3")
        defer { sqlite3_reset(query) }
        sqlite3_bind_int64(query, 1, Self.hash(pk))
        bind(query, 2, pk)
        sqlite3_bind_int64(query, 3, Int64(limit))
        var rows = 0
        while sqlite3_step(query) == SQLITE_ROW {
            _ = copyBlob(query)
            rows += 1
        }
        return rows
    }

    func scanAll() -> Int {
        let scan = statement("SELECT item FROM items ORDER BY ph, pk, sk")
        defer { sqlite3_reset(scan) }
        var rows = 0
        while sqlite3_step(scan) == SQLITE_ROW {
            _ = copyBlob(scan)
            rows += 1
        }
        return rows
    }

    private func copyBlob(_ statement: OpaquePointer?) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, 0))
        guard let pointer = sqlite3_column_blob(statement, 0) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

// MARK: Run

func progress(_ label: String, _ done: Int, _ total: Int) {
    if done % max(total / 10, 1) == 0 || done == total {
        FileHandle.standardError.write(Data("\r\(label): \(done * 100 / max(total, 1))%   ".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

func table(_ store: PartitionStore) throws {
    try store.createTable(
        CreateTableInput(
            tableName: "bench",
            keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [
                AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("gpk", .s),
                AttributeDefinition("gsk", .s),
            ],
            globalSecondaryIndexes: [
                SecondaryIndex(
                    indexName: "byStatus",
                    keySchema: [KeySchemaElement("gpk", .hash), KeySchemaElement("gsk", .range)], projection: .all)
            ]))
}

func rawPut(_ raw: RawStore, _ index: Int, blobSize: Int) {
    let row = item(index)
    raw.put(
        pk: Array(partitionKey(index).utf8), sk: Array(sortKey(index).utf8),
        gpk: Array((row["gpk"]?.stringValue ?? "").utf8), gsk: Array((row["gsk"]?.stringValue ?? "").utf8),
        blob: [UInt8](repeating: 0x2A, count: blobSize))
}

print(
    "VaultDesk store benchmark: \(format(Double(options.items))) items, one GSI, \(ProcessInfo.processInfo.activeProcessorCount) cores"
)
print("folder \(options.folder)\n")

let store = try PartitionStore(
    path: options.folder + "/store.db", configuration: StoreConfiguration(durability: .normal))
try table(store)
let raw = RawStore(path: options.folder + "/raw.db", synchronous: "NORMAL")
// The stored size of a typical item, so raw rows carry as many bytes as ours.
let blobSize: Int = try {
    let probe = try PartitionStore(path: options.folder + "/probe.db")
    try table(probe)
    try probe.putItem(PutItemInput(tableName: "bench", item: item(options.items / 2)))
    return Int(try probe.describeTable("bench").tableSizeBytes)
}()

// PutItem, durability normal: the load itself, interleaved in blocks so both see the same machine.
let (oursLoad, rawLoad) = try measureInterleaved(
    options.items, block: 10_000, { try store.putItem(PutItemInput(tableName: "bench", item: item($0))) },
    { rawPut(raw, $0, blobSize: blobSize) }, afterBlock: { progress("loading", $0, options.items) })
report(
    "PutItem with one GSI, durability normal (\(format(Double(options.items))) items)", ours: oursLoad, raw: rawLoad,
    target: "≥ 0.50x of raw throughput", higherIsBetter: true)

// PutItem, durability full: fsync at every commit, on separate small files.
do {
    let fullStore = try PartitionStore(
        path: options.folder + "/full.db", configuration: StoreConfiguration(durability: .full))
    try table(fullStore)
    let fullRaw = RawStore(path: options.folder + "/full-raw.db", synchronous: "FULL")
    let count = 2_000
    let ours = try measure(count) { try fullStore.putItem(PutItemInput(tableName: "bench", item: item($0))) }
    let rawSample = measure(count) { rawPut(fullRaw, $0, blobSize: blobSize) }
    report(
        "PutItem with one GSI, durability full (\(count) items)", ours: ours, raw: rawSample,
        target: "≥ 0.50x of raw throughput", higherIsBetter: true)
}

// GetItem against raw point lookups, same random keys.
var rng = SystemRandomNumberGenerator()
let lookups = min(200_000, options.items * 2)
let keys = (0..<lookups).map { _ in Int.random(in: 0..<options.items, using: &rng) }
// Keys are made before timing: formatting them is not what is measured.
let keyItems: [Item] = keys.map { ["pk": .s(partitionKey($0)), "sk": .s(sortKey($0))] }
let rawKeys: [([UInt8], [UInt8])] = keys.map { (Array(partitionKey($0).utf8), Array(sortKey($0).utf8)) }
let partitionValues: [AttributeValue] = keys.map { .s(partitionKey($0)) }
_ = try measure(10_000) { _ = try store.getItem(GetItemInput(tableName: "bench", key: keyItems[$0 % lookups])) }
let getOurs = try measure(lookups) { index in
    guard try store.getItem(GetItemInput(tableName: "bench", key: keyItems[index])).item != nil else {
        throw BenchmarkFailure(message: "missing item \(keys[index])")
    }
}
let getRaw = try measure(lookups) { index in
    guard raw.get(pk: rawKeys[index].0, sk: rawKeys[index].1) != nil else {
        throw BenchmarkFailure(message: "missing raw row \(keys[index])")
    }
}
report("GetItem (\(format(Double(lookups))) random keys)", ours: getOurs, raw: getRaw, target: "≤ 1.50x")

// A 25-item Query page against a raw 25-row range read.
let pages = 20_000
let queryOurs = try measure(pages) { index in
    let partition = partitionValues[index % lookups]
    let page = try store.query(
        QueryInput(tableName: "bench", keyConditions: ["pk": Condition(.eq, [partition])], limit: 25))
    guard page.count == min(25, options.items / partitions) else {
        throw BenchmarkFailure(message: "short page in \(partition)")
    }
}
let queryRaw = measure(pages) { index in
    _ = raw.range(pk: rawKeys[index % lookups].0, limit: 25)
}
// The same pages with their items in stored form: like for like with the raw read, which hands
// back each row's bytes. The two reports after it add what a caller then spends using them.
let queryPage = try measure(pages) { index in
    let page = try store.queryStored(
        QueryInput(
            tableName: "bench", keyConditions: ["pk": Condition(.eq, [partitionValues[index % lookups]])], limit: 25))
    guard page.items.count == min(25, options.items / partitions) else {
        throw BenchmarkFailure(message: "short stored page")
    }
}
report(
    "Query, one 25-item page, items in stored form (\(format(Double(pages))) pages)", ours: queryPage, raw: queryRaw,
    target: "≤ 1.50x")
// The same pages read in place, as a list view uses them: two attributes read from every item.
var checksum = 0
let queryStored = try measure(pages) { index in
    let page = try store.queryStored(
        QueryInput(
            tableName: "bench", keyConditions: ["pk": Condition(.eq, [partitionValues[index % lookups]])], limit: 25))
    for item in page.items {
        if case .s(let sort)? = try item.value(of: "sk"), case .n? = try item.value(of: "amount") {
            checksum &+= sort.utf8.count
        }
    }
    guard page.count == min(25, options.items / partitions) else {
        throw BenchmarkFailure(message: "short stored page")
    }
}
report("  … and two attributes read from each item", ours: queryStored, raw: queryRaw)
report("  … or every item decoded into an Item dictionary (query)", ours: queryOurs, raw: queryRaw)

// PartiQL against the operations it plans as, same keys, in alternating blocks of the same run:
// parsing is cached and planning is a few lookups, so a statement should cost nearly what its
// operation does.
do {
    let count = min(50_000, lookups)
    let byKey = "SELECT * FROM \"bench\" WHERE pk = ? AND sk = ?"
    let keyParameters: [[AttributeValue]] = keys.prefix(count).map { [.s(partitionKey($0)), .s(sortKey($0))] }
    _ = try measure(5_000) { index in
        _ = try ExecuteStatementInput(statement: byKey, parameters: keyParameters[index % count]).run(blockingOn: store)
    }
    let (statementGet, plainGet) = try measureInterleaved(
        count,
        { index in
            let output = try ExecuteStatementInput(statement: byKey, parameters: keyParameters[index]).run(
                blockingOn: store)
            guard output.items.count == 1 else {
                throw BenchmarkFailure(message: "SELECT by key missed \(keys[index])")
            }
        },
        { index in
            guard try store.getItem(GetItemInput(tableName: "bench", key: keyItems[index])).item != nil else {
                throw BenchmarkFailure(message: "missing item \(keys[index])")
            }
        })
    compare(
        "PartiQL SELECT by full key (\(format(Double(count))) keys)", ours: statementGet, baseline: plainGet,
        baselineName: "GetItem", target: "≤ 1.30x")

    let partition = "SELECT * FROM \"bench\" WHERE pk = ?"
    let (statementPage, expressionPage) = try measureInterleaved(
        pages, block: 2_000,
        { index in
            let output = try ExecuteStatementInput(
                statement: partition, parameters: [partitionValues[index % lookups]], limit: 25
            ).run(blockingOn: store)
            guard output.items.count == min(25, options.items / partitions) else {
                throw BenchmarkFailure(message: "short SELECT page")
            }
        },
        { index in
            let page = try store.query(
                QueryInput(
                    tableName: "bench", keyConditionExpression: "pk = :p",
                    expressionAttributeValues: [":p": partitionValues[index % lookups]], limit: 25))
            guard page.count == min(25, options.items / partitions) else {
                throw BenchmarkFailure(message: "short page")
            }
        })
    compare(
        "PartiQL SELECT of a 25-item partition page (\(format(Double(pages))) pages)", ours: statementPage,
        baseline: expressionPage, baselineName: "Query", target: "≤ 1.30x")
}

// A full Scan, page by page (1 MB pages), against one raw pass over the table: items in stored
// form, as the endpoint answers a Scan, and decoded into Item dictionaries. Best of three each.
var scanned = 0
var storedScanned = 0
var scanOursTimes: [Double] = []
var scanStoredTimes: [Double] = []
var scanRawTimes: [Double] = []
var rawScanned = 0
/// Every page of a full Scan through `page`; returns how many items came back.
func scanEveryPage(_ page: (ScanInput) throws -> (count: Int, next: Item?)) rethrows -> Int {
    var input = ScanInput(tableName: "bench")
    var count = 0
    repeat {
        let read = try page(input)
        count += read.count
        input.exclusiveStartKey = read.next
    } while input.exclusiveStartKey != nil
    return count
}
for _ in 0..<3 {
    scanStoredTimes.append(
        try measure(1) { _ in
            storedScanned = try scanEveryPage { input in
                let page = try store.scanStored(input)
                return (page.count, page.lastEvaluatedKey)
            }
        }.elapsed)
    scanOursTimes.append(
        try measure(1) { _ in
            scanned = try scanEveryPage { input in
                let page = try store.scan(input)
                return (page.count, page.lastEvaluatedKey)
            }
        }.elapsed)
    scanRawTimes.append(measure(1) { _ in rawScanned = raw.scanAll() }.elapsed)
}
let scanStoredBest = scanStoredTimes.min() ?? 0
let scanOursBest = scanOursTimes.min() ?? 0
let scanRawBest = scanRawTimes.min() ?? 1
print("Full Scan (\(format(Double(scanned))) items; raw \(format(Double(rawScanned))) rows; best of 3)")
print(
    String(
        format: "  stored form    %8.3f s  %12@ items/s  ratio %.2fx of raw time (target ≤ 3x: %@)", scanStoredBest,
        format(Double(storedScanned) / scanStoredBest), scanStoredBest / scanRawBest,
        scanStoredBest / scanRawBest <= 3 ? "met" : "MISSED"))
print(
    String(
        format: "  decoded Items  %8.3f s  %12@ items/s  ratio %.2fx of raw time", scanOursBest,
        format(Double(scanned) / scanOursBest), scanOursBest / scanRawBest))
print(
    String(
        format: "  raw SQLite     %8.3f s  %12@ items/s", scanRawBest, format(Double(rawScanned) / scanRawBest)))
if checksum == 0 { print("(no attributes read)") }

// MARK: Expressions

// A Scan of 100,000 items with a typical FilterExpression against the same Scan without one.
// Both return decoded items; the filter reads its attributes in place and decodes only matches.
let scanItems = min(100_000, options.items)
try store.createTable(
    CreateTableInput(
        tableName: "scan", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
        attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .s)]))
for index in 0..<scanItems {
    try store.putItem(PutItemInput(tableName: "scan", item: item(index)))
    if index % 10_000 == 9_999 { progress("loading scan table", index + 1, scanItems) }
}

func fullScan(_ template: ScanInput) throws -> (items: Int, scanned: Int) {
    var input = template
    var items = 0
    var scannedRows = 0
    repeat {
        let page = try store.scan(input)
        items += page.items.count
        scannedRows += page.scannedCount
        input.exclusiveStartKey = page.lastEvaluatedKey
    } while input.exclusiveStartKey != nil
    return (items, scannedRows)
}

let unfilteredScan = ScanInput(tableName: "scan")
let filteredScan = ScanInput(
    tableName: "scan", filterExpression: "currency = :gbp AND amount >= :min AND #m <> :cash",
    expressionAttributeNames: ["#m": "method"],
    expressionAttributeValues: [":gbp": .s("GBP"), ":min": .n(DecimalNumber(50_000)), ":cash": .s("cash")])
// The worst case for a filter: it passes every item, so its cost adds to the full decode.
var keepAllScan = filteredScan
keepAllScan.expressionAttributeValues = [":gbp": .s("GBP"), ":min": .n(DecimalNumber(0)), ":cash": .s("cash")]
keepAllScan.filterExpression = "(currency = :gbp OR amount >= :min) AND #m <> :cash"
var unfilteredTimes: [Double] = []
var filteredTimes: [Double] = []
var keepAllTimes: [Double] = []
var filteredCounts = (items: 0, scanned: 0)
for _ in 0..<3 {
    unfilteredTimes.append(try measure(1) { _ in _ = try fullScan(unfilteredScan) }.elapsed)
    filteredTimes.append(try measure(1) { _ in filteredCounts = try fullScan(filteredScan) }.elapsed)
    keepAllTimes.append(
        try measure(1) { _ in
            guard try fullScan(keepAllScan).items == scanItems else {
                throw BenchmarkFailure(message: "the keep-all filter dropped items")
            }
        }.elapsed)
}
let unfilteredBest = unfilteredTimes.min() ?? 0
let filteredBest = filteredTimes.min() ?? 0
let keepAllBest = keepAllTimes.min() ?? 0
let filterRatio = filteredBest / unfilteredBest
print(
    "Scan of \(format(Double(scanItems))) items with a FilterExpression (best of 3; \(format(Double(filteredCounts.items))) of \(format(Double(filteredCounts.scanned))) items kept)"
)
print(
    String(format: "  without filter %8.3f s  %12@ items/s", unfilteredBest, format(Double(scanItems) / unfilteredBest))
)
print(String(format: "  with filter    %8.3f s  %12@ items/s", filteredBest, format(Double(scanItems) / filteredBest)))
print(
    String(
        format: "  ratio %.2fx of the unfiltered time (target ≤ 1.50x: %@)", filterRatio,
        filterRatio <= 1.5 ? "met" : "MISSED"))
print(
    String(
        format: "  a filter that keeps every item %8.3f s: %.2fx of the unfiltered time", keepAllBest,
        keepAllBest / unfilteredBest))

// UpdateItem with a three-clause UpdateExpression against PutItem of the same item.
let updates = min(100_000, scanItems)
let updateKeys: [Item] = (0..<updates).map { index in
    let target = Int.random(in: 0..<scanItems, using: &rng)
    return ["pk": .s(partitionKey(target)), "sk": .s(sortKey(target))]
}
let updateTargets = updateKeys.map { key in
    (key["sk"]?.stringValue).flatMap { Int($0.dropFirst("PAYMENT#".count)) } ?? 0
}
let updateValues: [String: AttributeValue] = [":one": .n(DecimalNumber(1)), ":card": .s("card")]
let updateOurs = try measure(updates) { index in
    try store.updateItem(
        UpdateItemInput(
            tableName: "scan", key: updateKeys[index],
            updateExpression: "SET amount = amount + :one, #m = :card ADD hits :one REMOVE note",
            options: WriteOptions(expressionAttributeNames: ["#m": "method"], expressionAttributeValues: updateValues)))
}
// The replacement items are built before timing, as the update's inputs are.
let replacements: [Item] = updateTargets.map { target in
    var replacement = item(target)
    replacement["hits"] = .n(DecimalNumber(1))
    return replacement
}
let putSame = try measure(updates) { index in
    try store.putItem(PutItemInput(tableName: "scan", item: replacements[index]))
}
print(
    "UpdateItem with SET, ADD and REMOVE clauses vs PutItem of the same item (\(format(Double(updates))) random keys, durability normal)"
)
print(
    String(
        format: "  UpdateItem  p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s", updateOurs.percentile(0.5),
        updateOurs.percentile(0.99), format(updateOurs.opsPerSecond)))
print(
    String(
        format: "  PutItem     p50 %8.1f µs  p99 %8.1f µs  %12@ ops/s", putSame.percentile(0.5),
        putSame.percentile(0.99), format(putSame.opsPerSecond)))
print(
    String(
        format: "  ratio %.2fx of PutItem time per operation", updateOurs.meanMicroseconds / putSame.meanMicroseconds))

// MARK: Transactions, batches and streams

// TransactWriteItems with four puts against four single PutItems of the same items.
let transactions = min(20_000, max(options.items / 50, 1_000))
let transactOurs = try measure(transactions) { index in
    let actions: [TransactWriteItem] = (0..<4).map { part in
        .put(PutItemInput(tableName: "scan", item: item(scanItems + index * 4 + part)))
    }
    try store.transactWriteItems(TransactWriteItemsInput(transactItems: actions))
}
let singlePuts = try measure(transactions) { index in
    for part in 0..<4 { try store.putItem(PutItemInput(tableName: "scan", item: item(scanItems + index * 4 + part))) }
}
print("TransactWriteItems with 4 puts (\(format(Double(transactions))) transactions, durability normal)")
print(
    String(
        format: "  transaction  p50 %8.1f µs  p99 %8.1f µs  %12@ transactions/s", transactOurs.percentile(0.5),
        transactOurs.percentile(0.99), format(transactOurs.opsPerSecond)))
print(
    String(
        format: "  4 PutItems   p50 %8.1f µs  p99 %8.1f µs  (the same writes, one commit each)",
        singlePuts.percentile(0.5), singlePuts.percentile(0.99)))

// BatchWriteItem of 25 items against 25 single PutItems.
let batches = min(4_000, max(options.items / 250, 400))
let batchOurs = try measure(batches) { index in
    let requests: [WriteRequest] = (0..<25).map { part in .put(item(scanItems + index * 25 + part)) }
    try store.batchWriteItem(BatchWriteItemInput(requestItems: ["scan": requests]))
}
let batchSingles = try measure(batches) { index in
    for part in 0..<25 { try store.putItem(PutItemInput(tableName: "scan", item: item(scanItems + index * 25 + part))) }
}
print("BatchWriteItem of 25 items (\(format(Double(batches))) batches, durability normal)")
print(
    String(
        format: "  BatchWriteItem  p50 %8.1f µs  p99 %8.1f µs  %12@ items/s", batchOurs.percentile(0.5),
        batchOurs.percentile(0.99), format(batchOurs.opsPerSecond * 25)))
print(
    String(
        format: "  25 PutItems     p50 %8.1f µs  p99 %8.1f µs  %12@ items/s", batchSingles.percentile(0.5),
        batchSingles.percentile(0.99), format(batchSingles.opsPerSecond * 25)))

// Cross-process stream latency: this process commits, a reader process tails the stream, and
// the time from the commit returning to the reader holding the record is measured.
do {
    let latencyPath = options.folder + "/latency.db"
    let writer = try PartitionStore(
        path: latencyPath, configuration: StoreConfiguration(durability: .normal, sweepInterval: 0))
    try writer.createTable(
        CreateTableInput(
            tableName: "latency", keySchema: [KeySchemaElement("pk", .hash)],
            attributeDefinitions: [AttributeDefinition("pk", .s)],
            streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
    let changes = 2_000
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    reader.arguments = ["--stream-reader", latencyPath, String(changes)]
    let output = Pipe()
    reader.standardOutput = output
    try reader.run()
    let handle = output.fileHandleForReading
    var ready = Data()
    while !ready.contains(UInt8(ascii: "\n")) {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        ready.append(chunk)
    }
    var committed = [Int64](repeating: 0, count: changes)
    for index in 0..<changes {
        try writer.putItem(PutItemInput(tableName: "latency", item: ["pk": .s("k\(index)"), "i": .number(index)]))
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        committed[index] = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        // A steady trickle, as an application writes, with a burst every 100 changes.
        if index % 100 != 0 { usleep(500) }
    }
    let lines = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
    reader.waitUntilExit()
    var latencies = Sample()
    var seen = Set<Int>()
    for line in lines {
        let fields = line.split(separator: " ")
        guard fields.count == 2, let index = Int(fields[0]), let arrived = Int64(fields[1]),
            committed.indices.contains(index)
        else { continue }
        seen.insert(index)
        latencies.nanoseconds.append(UInt64(max(0, arrived - committed[index])))
    }
    let p99 = latencies.percentile(0.99) / 1_000
    print(
        "Stream latency across processes, commit to reader (\(format(Double(seen.count))) of \(format(Double(changes))) changes received)"
    )
    print(
        String(
            format: "  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (target p99 ≤ 50 ms: %@)",
            latencies.percentile(0.5) / 1_000, p99,
            Double(latencies.nanoseconds.max() ?? 0) / 1_000_000, p99 <= 50 && seen.count == changes ? "met" : "MISSED")
    )
}

// On-demand backup of the loaded table while a writer keeps writing: how long it takes, and the
// longest a write waits meanwhile, against the same writer's writes with no backup running.
do {
    /// What the writer thread and the measuring thread share; read only after the writer ended.
    final class Shared: @unchecked Sendable {
        var stopped = false
        var nanoseconds: [UInt64] = []
    }
    func writes(during body: () throws -> Void) rethrows -> Sample {
        let stop = Shared()
        let writer = Thread {
            var index = 0
            while !stop.stopped {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? store.putItem(
                    PutItemInput(tableName: "bench", item: ["pk": .s("BACKUP#writer"), "sk": .s("\(index)")]))
                stop.nanoseconds.append(DispatchTime.now().uptimeNanoseconds - start)
                index += 1
                usleep(200)
            }
        }
        writer.start()
        try body()
        stop.stopped = true
        while writer.isExecuting { usleep(1_000) }
        var sample = Sample()
        sample.nanoseconds = stop.nanoseconds
        return sample
    }
    let quiet = writes { usleep(1_000_000) }
    var backup: BackupDetails?
    var backupSeconds = 0.0
    let during = try writes {
        let start = DispatchTime.now().uptimeNanoseconds
        backup = try store.createBackup(tableName: "bench", backupName: "benchmark")
        backupSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    // A full export of the same table, against a full Scan of it in this run.
    let exportFolder = options.folder + "/export"
    let exportStart = DispatchTime.now().uptimeNanoseconds
    let exported = try store.exportTable("bench", to: exportFolder)
    let exportSeconds = Double(DispatchTime.now().uptimeNanoseconds - exportStart) / 1e9
    let scanStart = DispatchTime.now().uptimeNanoseconds
    let scannedForExport = try fullScan(ScanInput(tableName: "bench")).items
    let scanSeconds = Double(DispatchTime.now().uptimeNanoseconds - scanStart) / 1e9
    try? FileManager.default.removeItem(atPath: exportFolder)
    print("Full export of \(format(Double(exported.itemCount))) items (DYNAMODB_JSON, gzip)")
    print(
        String(
            format:
                "  export %6.2f s  %12@ items/s   full Scan %6.2f s  %12@ items/s   ratio %.2fx of the Scan's time (target ≤ 2x)",
            exportSeconds, format(Double(exported.itemCount) / max(exportSeconds, 1e-9)), scanSeconds,
            format(Double(scannedForExport) / max(scanSeconds, 1e-9)), exportSeconds / max(scanSeconds, 1e-9)))
    let restoreStart = DispatchTime.now().uptimeNanoseconds
    if let backup {
        _ = try store.restoreTableFromBackup(
            RestoreTableFromBackupInput(targetTableName: "bench_restored", backupArn: backup.backupArn))
        _ = try store.deleteBackup(backup.backupArn)
    }
    let restoreSeconds = Double(DispatchTime.now().uptimeNanoseconds - restoreStart) / 1e9
    let items = Double(backup?.itemCount ?? 0)
    let longest = Double(during.nanoseconds.max() ?? 0) / 1e6
    print("On-demand backup of \(format(items)) items while a writer writes (durability normal)")
    print(
        String(
            format: "  backup  %6.2f s  %12@ items/s   restore into a new table %6.2f s  %12@ items/s", backupSeconds,
            format(items / max(backupSeconds, 1e-9)), restoreSeconds, format(items / max(restoreSeconds, 1e-9))))
    print(
        String(
            format: "  writes during the backup: %d, p50 %6.1f µs  p99 %8.1f µs  longest %6.2f ms (target ≤ 20 ms: %@)",
            during.nanoseconds.count, during.percentile(0.5), during.percentile(0.99), longest,
            longest <= 20 ? "met" : "MISSED"))
    print(
        String(
            format: "  writes with no backup:    %d, p50 %6.1f µs  p99 %8.1f µs  longest %6.2f ms",
            quiet.nanoseconds.count,
            quiet.percentile(0.5), quiet.percentile(0.99), Double(quiet.nanoseconds.max() ?? 0) / 1e6))
}

// Point-in-time recovery on the loaded table: what keeping every write costs (latency and disk
// per write, against the same writes with recovery off) and a restore of the whole table to an
// instant in the middle of the writes.
do {
    /// The store file's size in pages, as another connection sees it (the WAL included).
    func storeBytes() -> Int64 {
        var db: OpaquePointer?
        sqlite3_open_v2(options.folder + "/store.db", &db, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close(db) }
        func pragma(_ name: String) -> Int64 {
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, "PRAGMA \(name)", -1, &statement, nil)
            defer { sqlite3_finalize(statement) }
            return sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0
        }
        return pragma("page_count") * pragma("page_size")
    }
    let writes = min(20_000, options.items)
    let targets = (0..<writes).map { _ in Int.random(in: 0..<options.items, using: &rng) }
    // The same keys written twice, first with recovery off, then on, each time with a note of
    // the same length: the table itself does not grow, only the history does.
    func changed(_ note: String) -> [Item] {
        targets.map { target in
            var replacement = item(target)
            replacement["note"] = .s(note)
            return replacement
        }
    }
    let offItems = changed("written while recovery is off")
    let onItems = changed("written while recovery is on ")
    let off = try measure(writes) { try store.putItem(PutItemInput(tableName: "bench", item: offItems[$0])) }
    let enableStart = DispatchTime.now().uptimeNanoseconds
    _ = try store.updateContinuousBackups(
        UpdateContinuousBackupsInput(tableName: "bench", pointInTimeRecoveryEnabled: true))
    let enableSeconds = Double(DispatchTime.now().uptimeNanoseconds - enableStart) / 1e9
    let before = storeBytes()
    var instant = 0.0
    let on = try measure(writes) { index in
        if index == writes / 2 { instant = Date().timeIntervalSince1970 }
        try store.putItem(PutItemInput(tableName: "bench", item: onItems[index]))
    }
    let perWrite = Double(storeBytes() - before) / Double(writes)
    let restoreStart = DispatchTime.now().uptimeNanoseconds
    let restored = try store.restoreTableToPointInTime(
        RestoreTableToPointInTimeInput(
            sourceTableName: "bench", targetTableName: "bench_then", restoreDateTime: instant))
    let restoreSeconds = Double(DispatchTime.now().uptimeNanoseconds - restoreStart) / 1e9
    _ = try store.updateContinuousBackups(
        UpdateContinuousBackupsInput(tableName: "bench", pointInTimeRecoveryEnabled: false))
    print("Point-in-time recovery on \(format(Double(options.items))) items (durability normal)")
    print(
        String(
            format: "  enable (copies every item into the history) %6.2f s", enableSeconds))
    print(
        String(
            format:
                "  PutItem replacing an item: recovery off p50 %6.1f µs, on p50 %6.1f µs (%.2fx); disk per write %@ bytes (item %d bytes)",
            off.percentile(0.5), on.percentile(0.5), on.percentile(0.5) / max(off.percentile(0.5), 1e-9),
            format(perWrite), blobSize))
    print(
        String(
            format: "  restore of %@ items to an instant %6.2f s  %12@ items/s", format(Double(restored.itemCount)),
            restoreSeconds, format(Double(restored.itemCount) / max(restoreSeconds, 1e-9))))
}
