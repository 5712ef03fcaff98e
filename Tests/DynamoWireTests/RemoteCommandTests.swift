import DynamoWire
import Foundation
import PartitionStore
import TestSupport
import Testing

/// The `vaultdesk` commands pointed at an endpoint (`vaultdesk serve`) instead of a store file.
@Suite("Commands on an endpoint", .serialized)
struct RemoteCommandTests {
    static var binary: String { ServedEndpoint.sibling("vaultdesk").path }

    /// A clean environment: credentials by variable, no shared files, no region unless given.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin",
            "HOME": FileManager.default.temporaryDirectory.appendingPathComponent("no-home").path, "LANG": "C.UTF-8",
            "AWS_ACCESS_KEY_ID": "AKIDCOMMANDS", "AWS_SECRET_ACCESS_KEY": "command-secret-value",
        ].merging(extra) { _, new in new }
    }

    static func run(
        _ arguments: [String], _ environment: [String: String] = environment()
    ) async throws -> (status: Int32, output: String) {
        try await ChildProcess.capture([binary] + arguments, environment: environment)
    }

    @Test("provision creates, then leaves a correct table alone, and reports a mismatched one with status 1")
    func provision() async throws {
        let url = try await TestEndpoints.shared.serve().absoluteString
        let table = uniqueTable("provisioned")
        let first = try await Self.run(["provision", "--endpoint", url, "--region", "eu-west-1", "--table", table])
        #expect(first.status == 0)
        #expect(first.output.contains("Created table \(table) (indexes gsi1, gsi2, gsi3; stream NEW_AND_OLD_IMAGES)"))
        let second = try await Self.run(["provision", "--endpoint", url, "--region", "eu-west-1", "--table", table])
        #expect(second.status == 0)
        #expect(second.output.contains("is ready: nothing to change"))

        let other = uniqueTable("other")
        let store = RemoteItemStore(endpoint: try TestEndpoints.endpoint(URL(string: url)!))
        _ = try await store.createTable(StoreConformanceTests.definition(other))
        let mismatched = try await Self.run(["provision", "--endpoint", url, "--region", "eu-west-1", "--table", other])
        #expect(mismatched.status == 1)
        #expect(mismatched.output.contains("is not as VaultDesk needs it; nothing was changed"))
        #expect(mismatched.output.contains("global index gsi1 is missing"))
        #expect(!first.output.contains("command-secret-value") && !mismatched.output.contains("command-secret-value"))
    }

    @Test("seed, lookup and the overview work through the endpoint exactly as on a file")
    func seedAndRead() async throws {
        let url = try await TestEndpoints.shared.serve().absoluteString
        let table = uniqueTable("seeded")
        let remote = ["--endpoint", url, "--table", table]
        let region = Self.environment(["AWS_REGION": "eu-west-1"])
        let seeded = try await Self.run(["seed"] + remote + ["--as-of", "2026-11-01"], region)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains("8 tenants, 1,752 statements, 12,000 payments"))

        let found = try await Self.run(["lookup"] + remote + ["nore-202610-000001", "--json"], region)
        #expect(found.status == 0, "\(found.output)")
        #expect(found.output.contains(#""reference" : "NORE-202610-000001""#))
        let missing = try await Self.run(["lookup"] + remote + ["NORE-209901-000001"], region)
        #expect(missing.status == 1)

        let overview = try await Self.run(remote, region)
        #expect(overview.status == 0)
        #expect(overview.output.contains("Northwind Energy"))
        #expect(overview.output.contains("127.0.0.1 · \(table)"))
        // The commands it suggests name the same table on the same endpoint; `qr` reads files only.
        #expect(overview.output.contains(" --endpoint \(url) --table \(table)\n"))
        #expect(!overview.output.contains("vaultdesk qr"))

        let again = try await Self.run(["seed"] + remote + ["--as-of", "2026-11-01"], region)
        #expect(again.status != 0)
        #expect(again.output.contains("already holds tenants"))
    }

    @Test("operators list, add and remove work through the endpoint as on a file; the seeding account is the admin")
    func operatorsOnEndpoint() async throws {
        let url = try await TestEndpoints.shared.serve().absoluteString
        let table = uniqueTable("operators")
        let remote = ["--endpoint", url, "--table", table]
        let region = Self.environment(["AWS_REGION": "eu-west-1"])
        let login = String(cString: getpwuid(getuid()).pointee.pw_name)
        #expect(try await Self.run(["seed"] + remote + ["--as-of", "2026-11-01"], region).status == 0)
        let listed = try await Self.run(["operators", "list"] + remote, region)
        #expect(
            listed.status == 0 && listed.output.contains(login) && listed.output.contains("admin@vaultdesk.example"),
            "\(listed.output)")
        let added = try await Self.run(
            [
                "operators", "add", "--login", "alice", "--role", "support", "--tenants", "northwind-energy",
                "--email", "alice@ops.example",
            ] + remote, region)
        #expect(added.status == 0, "\(added.output)")
        #expect(try await Self.run(["operators", "list"] + remote, region).output.contains("alice@ops.example"))
        // Looking through alice's eyes narrows the view to her one tenant.
        let narrowed = try await Self.run(
            ["lookup", "SUMI-202610-000001", "--operator", "alice@ops.example"] + remote, region)
        #expect(narrowed.status == 1, "\(narrowed.output)")
        #expect(
            try await Self.run(["lookup", "NORE-202610-000001", "--operator", "alice@ops.example"] + remote, region)
                .status == 0)
        #expect(try await Self.run(["operators", "remove", "--login", "alice"] + remote, region).status == 0)
        #expect(!(try await Self.run(["operators", "list"] + remote, region).output.contains("alice ")))
    }

    @Test("missing region, missing credentials, a missing table and an unreachable endpoint are one clear line each")
    func errors() async throws {
        let url = try await TestEndpoints.shared.serve().absoluteString
        let noRegion = try await Self.run(["lookup", "X", "--endpoint", url])
        #expect(noRegion.status != 0)
        #expect(noRegion.output.contains("No region: give --region, set AWS_REGION"))

        var bare = Self.environment(["AWS_REGION": "eu-west-1"])
        bare["AWS_ACCESS_KEY_ID"] = nil
        bare["AWS_SECRET_ACCESS_KEY"] = nil
        let noCredentials = try await Self.run(["lookup", "X", "--endpoint", url], bare)
        #expect(noCredentials.status != 0)
        #expect(noCredentials.output.contains("No AWS credentials"))

        let noTable = try await Self.run([
            "lookup", "X", "--endpoint", url, "--region", "eu-west-1", "--table", uniqueTable("absent"),
        ])
        #expect(noTable.status != 0)
        #expect(noTable.output.contains("`vaultdesk provision` creates it"))

        let port = try TestEndpoints.freePort()
        let unreachable = try await Self.run(
            ["lookup", "X", "--endpoint", "http://127.0.0.1:\(port)", "--region", "eu-west-1"],
            Self.environment(["AWS_MAX_ATTEMPTS": "2"]))
        #expect(unreachable.status != 0)
        #expect(unreachable.output.contains("ServiceUnavailable: Gave up after 2 attempts"))
        #expect(!unreachable.output.contains("command-secret-value"))

        let badURL = try await Self.run(["lookup", "X", "--endpoint", "localhost:8000", "--region", "eu-west-1"])
        #expect(badURL.status != 0)
        #expect(badURL.output.contains("is not an http:// or https:// URL"))
    }

    @Test("profiles: --profile picks credentials and region from the shared files")
    func profiles() async throws {
        let url = try await TestEndpoints.shared.serve().absoluteString
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try "[ops]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n".write(
            to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try "[profile ops]\nregion = ap-southeast-2\n".write(
            to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        var environment = Self.environment(["HOME": home.path])
        environment["AWS_ACCESS_KEY_ID"] = nil
        environment["AWS_SECRET_ACCESS_KEY"] = nil
        let table = uniqueTable("profiled")
        let result = try await Self.run(
            ["provision", "--endpoint", url, "--profile", "ops", "--table", table], environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Created table \(table)"))
        #expect(!result.output.contains("profile-secret"))
    }
}
