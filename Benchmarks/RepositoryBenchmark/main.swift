// The repository's access patterns on a demo store: latency (p50/p99) and the capacity each
// would consume on DynamoDB, beside a raw SQLite point read on the same file; and the seed's
// throughput beside raw SQLite inserting the same rows.
//
// usage: repository-benchmark [--scale small|medium|large] [--store PATH] [--iterations N]
//
// Without --store, a store of the scale is seeded in a temporary folder first (that is the seed
// measurement) and removed at the end; with --store an existing seeded store is measured, or
// seeded there when absent and kept.

import AccessPatternSet
import CSQLite
import Foundation
import PartitionStore
import VaultRepository

struct Options {
    var scale = DemoScale.large
    var store: String?
    var iterations = 400

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--scale": scale = iterator.next().flatMap(DemoScale.init(rawValue:)) ?? scale
            case "--store": store = iterator.next()
            case "--iterations": iterations = iterator.next().flatMap(Int.init) ?? iterations
            case "--help", "-h":
                print("usage: repository-benchmark [--scale small|medium|large] [--store PATH] [--iterations N]")
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-repo-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let path = options.store ?? folder.appendingPathComponent("demo.db").path

// MARK: Seed

if !FileManager.default.fileExists(atPath: path) {
    print("Seeding \(options.scale.rawValue) into \(path) …")
    let summary = try await PartitionStore.build(at: path) { store in
        try await VaultRepository(store: store).seedDemo(scale: options.scale, seed: 1, asOf: CivilCalendar.today())
    }
    let rate = Double(summary.items) / summary.seconds
    print(
        String(
            format: "Seed: %@ items (%d tenants, %@ payments) in %.1f s: %@ items/s", summary.items.formatted(),
            summary.tenants,
            summary.payments.formatted(), summary.seconds, Int(rate).formatted()))

    // Baseline: raw SQLite inserting the same number of rows of the same sizes (the stored items
    // copied out of the seeded file), with the same settings (no journal, no fsync, 16 KiB pages).
    var source: OpaquePointer?
    sqlite3_open_v2(path, &source, SQLITE_OPEN_READONLY, nil)
    var raw: OpaquePointer?
    let rawPath = folder.appendingPathComponent("raw.db").path
    sqlite3_open(rawPath, &raw)
    sqlite3_exec(
        raw,
        "PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; CREATE TABLE items(ph INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ph, pk, sk)) WITHOUT ROWID",
        nil, nil, nil)
    var select: OpaquePointer?
    var insert: OpaquePointer?
    let sample = min(summary.items, 500_000)
    sqlite3_prepare_v2(source, "SELECT ph, pk, sk, item FROM items_1 LIMIT \(sample)", -1, &select, nil)
    sqlite3_prepare_v2(raw, "INSERT INTO items(ph, pk, sk, item) VALUES (?1, ?2, ?3, ?4)", -1, &insert, nil)
    var rows: [(Int64, Data, Data, Data)] = []
    while sqlite3_step(select) == SQLITE_ROW {
        func blob(_ column: Int32) -> Data {
            Data(bytes: sqlite3_column_blob(select, column), count: Int(sqlite3_column_bytes(select, column)))
        }
        rows.append((sqlite3_column_int64(select, 0), blob(1), blob(2), blob(3)))
    }
    rows.shuffle()  // Seeded rows arrive in no key order either.
    let started = now()
    for chunk in stride(from: 0, to: rows.count, by: 10_000) {
        sqlite3_exec(raw, "BEGIN", nil, nil, nil)
        for (ph, pk, sk, item) in rows[chunk..<min(chunk + 10_000, rows.count)] {
            sqlite3_bind_int64(insert, 1, ph)
            _ = pk.withUnsafeBytes { sqlite3_bind_blob(insert, 2, $0.baseAddress, Int32($0.count), nil) }
            _ = sk.withUnsafeBytes { sqlite3_bind_blob(insert, 3, $0.baseAddress, Int32($0.count), nil) }
            _ = item.withUnsafeBytes { sqlite3_bind_blob(insert, 4, $0.baseAddress, Int32($0.count), nil) }
            sqlite3_step(insert)
            sqlite3_reset(insert)
        }
        sqlite3_exec(raw, "COMMIT", nil, nil, nil)
    }
    let rawRate = Double(rows.count) / (Double(now() - started) / 1e9)
    sqlite3_finalize(select)
    sqlite3_finalize(insert)
    sqlite3_close(source)
    sqlite3_close(raw)
    print(
        String(
            format:
                "Raw SQLite inserting %@ of the same rows, no index entries: %@ rows/s; the seed writes %.2fx as fast, with its index entries and the data generation",
            rows.count.formatted(), Int(rawRate).formatted(), rate / rawRate))
}

// MARK: Access patterns

let store = try PartitionStore(path: path)
let metered = MeteredStore(store)
let repository = VaultRepository(store: metered)

let (patterns, tenantCount) = try await AccessPatternSet.patterns(repository)

// Baseline: a raw SQLite point read of a stored item by its primary key, on the same file.
var baselineSample = Sample()
do {
    var db: OpaquePointer?
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil)
    var keys: OpaquePointer?
    var point: OpaquePointer?
    sqlite3_prepare_v2(db, "SELECT ph, pk, sk FROM items_1 WHERE ph > ?1 LIMIT 1", -1, &keys, nil)
    sqlite3_prepare_v2(db, "SELECT item FROM items_1 WHERE ph = ?1 AND pk = ?2 AND sk = ?3", -1, &point, nil)
    var sampleKeys: [(Int64, Data, Data)] = []
    for _ in 0..<options.iterations {
        sqlite3_bind_int64(keys, 1, Int64.random(in: Int64.min...Int64.max))
        if sqlite3_step(keys) == SQLITE_ROW {
            sampleKeys.append(
                (
                    sqlite3_column_int64(keys, 0),
                    Data(bytes: sqlite3_column_blob(keys, 1), count: Int(sqlite3_column_bytes(keys, 1))),
                    Data(bytes: sqlite3_column_blob(keys, 2), count: Int(sqlite3_column_bytes(keys, 2)))
                ))
        }
        sqlite3_reset(keys)
    }
    for (ph, pk, sk) in sampleKeys {
        let before = now()
        sqlite3_bind_int64(point, 1, ph)
        _ = pk.withUnsafeBytes { sqlite3_bind_blob(point, 2, $0.baseAddress, Int32($0.count), nil) }
        _ = sk.withUnsafeBytes { sqlite3_bind_blob(point, 3, $0.baseAddress, Int32($0.count), nil) }
        _ = sqlite3_step(point)
        _ = sqlite3_column_bytes(point, 0)
        sqlite3_reset(point)
        baselineSample.nanoseconds.append(now() - before)
    }
    sqlite3_finalize(keys)
    sqlite3_finalize(point)
    sqlite3_close(db)
}

print("")
print(
    "Access patterns on \(path) (\(tenantCount) tenants; durability full, so audited reads include a durable write), \(options.iterations) calls each:"
)
print(
    "pattern".padding(toLength: 74, withPad: " ", startingAt: 0)
        + "     p50 µs     p99 µs   RCU/call   WCU/call   p50 vs raw read")
let baselineP50 = baselineSample.percentile(0.5)
for pattern in patterns {
    // Warm up, then measure.
    for i in 0..<min(20, options.iterations) { try await pattern.body(i) }
    metered.reset()
    var sample = Sample()
    for i in 0..<options.iterations {
        let before = now()
        try await pattern.body(i)
        sample.nanoseconds.append(now() - before)
    }
    let usage = metered.usage
    let calls = Double(options.iterations)
    print(
        pattern.name.padding(toLength: 74, withPad: " ", startingAt: 0)
            + String(
                format: " %10.1f %10.1f %10.2f %10.2f %12.1fx", sample.percentile(0.5), sample.percentile(0.99),
                usage.readUnits / calls, usage.writeUnits / calls, sample.percentile(0.5) / max(baselineP50, 0.001)))
}
print(
    "raw SQLite point read by primary key (baseline)".padding(toLength: 74, withPad: " ", startingAt: 0)
        + String(format: " %10.1f %10.1f", baselineSample.percentile(0.5), baselineSample.percentile(0.99)))
