// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "VaultDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vaultdesk", targets: ["vaultdesk"]),
        .library(name: "PartitionStore", targets: ["PartitionStore"]),
        .library(name: "VaultRepository", targets: ["VaultRepository"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Thin system-library module over the SQLite C API (libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // The QR encoder libqrencode (libqrencode-dev), for the codes printed on statements.
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode"),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // zlib (zlib1g-dev), for the gzip data files of table exports and imports.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Zstandard (libzstd-dev), for imports of ZSTD-compressed files.
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        // Restores the terminal from a fatal-signal handler: C, so it uses only async-signal-safe calls.
        .target(name: "CTerminalGuard", path: "Sources/CTerminalGuard"),
        // The embedded engine: DynamoDB's data model on SQLite. Knows nothing of tenants.
        .target(
            name: "PartitionStore",
            dependencies: ["CSQLite", "CZlib", "CZstd", .product(name: "Crypto", package: "swift-crypto")]),
        // The DynamoDB JSON 1.0 protocol: codec, the HTTP endpoint behind `vaultdesk serve`, and the
        // remote client (SigV4, retries, Streams) that runs the store protocol against DynamoDB.
        .target(
            name: "DynamoWire",
            dependencies: [
                "PartitionStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The domain and its access patterns over the ItemStore protocol, with tenant scope and audit.
        .target(
            name: "VaultRepository",
            dependencies: [
                "PartitionStore",
                "CQRencode",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The console: state, actions, a pure update, views drawn on a Canvas. Uses only the repository.
        // ncurses is one of its canvases, through the CNcurses shim.
        .target(
            name: "VaultConsole",
            dependencies: [
                "VaultRepository", "CNcurses", "CTerminalGuard", .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .executableTarget(
            name: "vaultdesk",
            dependencies: [
                "PartitionStore",
                "DynamoWire",
                "VaultRepository",
                "VaultConsole",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Child process for the crash-safety tests: writes and acknowledges, until killed.
        .executableTarget(name: "store-fault-load", dependencies: ["PartitionStore"], path: "Tests/StoreFaultLoad"),
        .executableTarget(
            name: "store-benchmark", dependencies: ["PartitionStore", "CSQLite"], path: "Benchmarks/StoreBenchmark"),
        .executableTarget(
            name: "wire-benchmark", dependencies: ["DynamoWire", "PartitionStore"], path: "Benchmarks/WireBenchmark"),
        .executableTarget(
            name: "console-benchmark", dependencies: ["VaultConsole", "VaultRepository", "PartitionStore"],
            path: "Benchmarks/ConsoleBenchmark"),
        // The repository's access patterns, shared by the repository and remote benchmarks.
        .target(
            name: "AccessPatternSet", dependencies: ["VaultRepository", "PartitionStore"],
            path: "Benchmarks/AccessPatternSet"),
        .executableTarget(
            name: "repository-benchmark",
            dependencies: ["AccessPatternSet", "VaultRepository", "PartitionStore", "CSQLite"],
            path: "Benchmarks/RepositoryBenchmark"),
        .executableTarget(
            name: "remote-benchmark",
            dependencies: ["AccessPatternSet", "VaultRepository", "PartitionStore", "DynamoWire"],
            path: "Benchmarks/RemoteBenchmark"),
        // What the test targets share: the seeded generator of the property tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "DynamoWireTests",
            dependencies: [
                "DynamoWire", "PartitionStore", "TestSupport", "vaultdesk",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "VaultConsoleTests",
            dependencies: ["VaultConsole", "VaultRepository", "PartitionStore", "TestSupport", "vaultdesk"]),
        .testTarget(name: "VaultRepositoryTests", dependencies: ["VaultRepository", "PartitionStore", "TestSupport"]),
        .testTarget(
            name: "PartitionStoreTests", dependencies: ["PartitionStore", "CSQLite", "store-fault-load", "TestSupport"]),
        // `vaultdesk` as a program: its commands, help, exit statuses and output.
        .testTarget(name: "CommandLineTests", dependencies: ["PartitionStore", "TestSupport", "vaultdesk"]),
    ],
    swiftLanguageModes: [.v6]
)
