// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "VaultDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vaultdesk", targets: ["vaultdesk"]),
        .library(name: "PartitionStore", targets: ["PartitionStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Thin system-library module over the SQLite C API (libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // The embedded engine: DynamoDB's data model on SQLite. Knows nothing of tenants.
        .target(name: "PartitionStore", dependencies: ["CSQLite"]),
        .executableTarget(
            name: "vaultdesk",
            dependencies: [
                "PartitionStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Child process for the crash-safety tests: writes and acknowledges, until killed.
        .executableTarget(name: "store-fault-load", dependencies: ["PartitionStore"], path: "Tests/StoreFaultLoad"),
        .executableTarget(name: "store-benchmark", dependencies: ["PartitionStore", "CSQLite"], path: "Benchmarks/StoreBenchmark"),
        .testTarget(name: "PartitionStoreTests", dependencies: ["PartitionStore", "CSQLite", "store-fault-load", "vaultdesk"]),
    ],
    swiftLanguageModes: [.v6]
)
