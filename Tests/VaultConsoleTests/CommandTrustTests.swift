import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import VaultRepository

/// The commands on a shared host: who the operator is comes from the system account, stored
/// data cannot drive the terminal, and store files are private to their owner.
@Suite("Commands on a shared host", .serialized)
struct CommandTrustTests {
    static var binary: String { ServedEndpoint.sibling("vaultdesk").path }
    static var login: String { String(cString: getpwuid(getuid()).pointee.pw_name) }

    static func run(
        _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String) {
        let base = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path, "LANG": "C.UTF-8"]
        return try await ChildProcess.capture([binary] + arguments, environment: base.merging(environment) { $1 })
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test("stored text with terminal control sequences is printed inert by lookup, in text and in JSON")
    func controlSequencesInert() async throws {
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.db").path
        let hostile = "Evil\u{1B}]0;pwned\u{07}Corp\u{1B}[2J\u{9B}31m\u{7F}"
        do {
            let store = try PartitionStore(path: path)
            let repository = VaultRepository(store: store)
            let admin = AccessScope.admin(DemoOperators.adminEmail)
            var statement = try #require(
                try await repository.statementItem(reference: "NORE-202611-000001", scope: admin))
            statement.customerName = hostile
            try await repository.save(statement)
            var tenant = try #require(try await repository.tenant(id: statement.tenantId, scope: admin))
            tenant.displayName = hostile
            tenant.name = hostile
            try await repository.save(tenant)
        }
        let text = try await Self.run(["lookup", "NORE-202611-000001", "--store", path])
        #expect(text.status == 0, "\(text.output)")
        for control in ["\u{1B}", "\u{07}", "\u{9B}", "\u{7F}"] {
            #expect(!text.output.contains(control), "a raw control reached the output")
        }
        #expect(text.output.contains("Evil^[]0;pwned^GCorp^[[2J<U+009B>31m^?"))
        let json = try await Self.run(["lookup", "NORE-202611-000001", "--store", path, "--json"])
        #expect(json.status == 0)
        for control in ["\u{1B}", "\u{07}", "\u{9B}", "\u{7F}"] { #expect(!json.output.contains(control)) }
        // The JSON still carries the stored text exactly, escaped.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["customer"] as? String == hostile && object["tenant"] as? String == hostile)
        // The overview lists tenant names the same way.
        let overview = try await Self.run(["--store", path])
        #expect(!overview.output.contains("\u{1B}"))
    }

    @Test("new store files and their -wal and -shm are 0600 under a 022 umask; an existing file keeps its mode")
    func privateFiles() async throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vaultdesk-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = directory.appendingPathComponent("seeded.db").path
        #expect(try await Self.run(["seed", "--store", seeded, "--as-of", "2026-11-21"]).status == 0)
        let provisioned = directory.appendingPathComponent("provisioned.db").path
        #expect(try await Self.run(["provision", "--store", provisioned]).status == 0)
        let firstRun = directory.appendingPathComponent("first.db").path
        let opened = try await Self.run(["--store", firstRun])
        #expect(opened.output.contains("readable by your account only"))
        for path in [seeded, provisioned, firstRun] {
            #expect(Self.mode(path) == 0o600, "\(path) is \(String(Self.mode(path), radix: 8))")
            // SQLite makes the journal files while the store is open: they take the file's mode.
            let store = try PartitionStore(path: path)
            _ = try await store.putItem(PutItemInput(tableName: "vaultdesk", item: ["pk": .s("x"), "sk": .s("y")]))
            for suffix in ["-wal", "-shm"] {
                #expect(FileManager.default.fileExists(atPath: path + suffix))
                #expect(Self.mode(path + suffix) == 0o600, "\(suffix) is \(String(Self.mode(path + suffix), radix: 8))")
            }
            _ = store
        }
        // A store shared with a group on purpose stays shared.
        let shared = directory.appendingPathComponent("shared.db").path
        _ = try PartitionStore(path: shared)
        chmod(shared, 0o660)
        _ = try PartitionStore(path: shared)
        #expect(Self.mode(shared) == 0o660)
    }

    @Test(
        "the operator is the one bound to the account; --operator and VAULTDESK_OPERATOR only narrow; an unbound account is told how to get in"
    )
    func identityFromAccount() async throws {
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.db").path
        let login = Self.login

        let overview = try await Self.run(["--store", path])
        #expect(
            overview.output.contains("account \(login), operator \(DemoOperators.adminEmail) (admin, every tenant)"),
            "\(overview.output)")
        let narrowed = try await Self.run(["--store", path, "--operator", "support"])
        #expect(
            narrowed.output.contains(
                "operator \(DemoOperators.supportEmail), viewed by \(DemoOperators.adminEmail) (support, 3 tenant(s))"))
        let byEnvironment = try await Self.run(
            ["lookup", "SUMI-202611-000001", "--store", path], environment: ["VAULTDESK_OPERATOR": "support"])
        #expect(byEnvironment.status == 1, "the support operator's view does not include that tenant")

        // Bind this account to the support operator instead: now admin is out of reach.
        #expect(
            try await Self.run([
                "operators", "add", "--login", "spare-admin", "--role", "admin", "--email", "spare@ops.example",
                "--store", path,
            ]).status == 0)
        let removed = try await Self.run(
            ["operators", "remove", "--login", login, "--store", path], environment: ["VAULTDESK_OPERATOR": ""])
        #expect(removed.status == 0, "\(removed.output)")
        let refused = try await Self.run(["--store", path])
        #expect(refused.status != 0)
        #expect(
            refused.output.contains(
                "The account \(login) is not an operator of this store. An admin can add it: vaultdesk operators add --login \(login)"
            ))
        let repository = VaultRepository(store: try PartitionStore(path: path))
        try await repository.bind(
            OperatorBindingRequest(login: login, operatorName: DemoOperators.supportEmail),
            scope: try await repository.signIn(account: "spare-admin"))
        let support = try await Self.run(["--store", path])
        #expect(support.output.contains("operator \(DemoOperators.supportEmail) (support, 3 tenant(s))"))
        for widen in [["--operator", "admin"], ["--operator", "spare@ops.example"]] {
            let attempt = try await Self.run(["--store", path] + widen)
            #expect(attempt.status != 0 && attempt.output.contains("can only narrow"), "\(attempt.output)")
        }
        let widenByEnvironment = try await Self.run(["--store", path], environment: ["VAULTDESK_OPERATOR": "admin"])
        #expect(widenByEnvironment.status != 0 && widenByEnvironment.output.contains("can only narrow"))
        let notAdmin = try await Self.run(["operators", "list", "--store", path])
        #expect(notAdmin.status != 0 && notAdmin.output.contains("Only admins manage operators"))
        // A tenant's member is never an operator, whatever --operator says.
        let member = try #require(
            try await repository.users(tenantId: "northwind-energy", scope: .admin("test"), limit: 1).items.first)
        let asMember = try await Self.run(["--store", path, "--operator", member.email])
        #expect(asMember.status != 0 && asMember.output.contains("No operator \(member.email)"))

        // Every lookup names the real account in the audit log, found or not.
        _ = try await Self.run(["lookup", "NOPE-1", "--store", path])
        let platform = try await repository.platformAuditEvents(scope: .admin("test")).items
        #expect(platform.contains { $0.entityId == "NOPE-1" && $0.account == login && $0.outcome == .notFound })
    }

    @Test(
        "operators list, add and remove: clear errors, the last admin kept, and a store without bindings gets its first admin from the file's owner"
    )
    func operatorsCommand() async throws {
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.db").path
        let login = Self.login
        let listed = try await Self.run(["operators", "list", "--store", path])
        #expect(listed.status == 0)
        #expect(
            listed.output.contains(login) && listed.output.contains(DemoOperators.adminEmail)
                && listed.output.contains("every tenant"))
        let add = try await Self.run([
            "operators", "add", "--login", "alice", "--role", "support", "--tenants", "northwind-energy", "--email",
            "alice@ops.example", "--store", path,
        ])
        #expect(
            add.status == 0
                && add.output.contains("Bound login alice to alice@ops.example (support, tenants northwind-energy)"),
            "\(add.output)")
        let badTenant = try await Self.run([
            "operators", "add", "--login", "bob", "--role", "support", "--tenants", "nowhere", "--store", path,
        ])
        #expect(badTenant.status != 0 && badTenant.output.contains("No tenant nowhere"))
        let noRole = try await Self.run([
            "operators", "add", "--login", "bob", "--email", "bob@ops.example", "--store", path,
        ])
        #expect(noRole.status != 0 && noRole.output.contains("--role"))
        let badLogin = try await Self.run(["operators", "add", "--login", "a b", "--role", "admin", "--store", path])
        #expect(badLogin.status != 0 && badLogin.output.contains("is not a login name"))
        let last = try await Self.run(["operators", "remove", "--login", login, "--store", path])
        #expect(last.status != 0 && last.output.contains("last one bound to an admin"))
        // The demo support operator bound to another account.
        let bound = try await Self.run(["operators", "add", "--login", "sam", "--email", "support", "--store", path])
        #expect(bound.status == 0 && bound.output.contains("Bound login sam to \(DemoOperators.supportEmail) (support"))

        // A store made before bindings existed: only the file's owner binds the first admin.
        let old = directory.appendingPathComponent("old.db").path
        do {
            let repository = VaultRepository(store: try PartitionStore(path: old))
            _ = try await repository.seedDemo(scale: .small, seed: 1, asOf: "2026-11-21")
        }
        let locked = try await Self.run(["--store", old])
        #expect(locked.status != 0 && locked.output.contains("binds no system account to an operator yet"))
        let support = try await Self.run([
            "operators", "add", "--login", login, "--role", "support", "--tenants", "northwind-energy", "--store", old,
        ])
        #expect(support.status != 0 && support.output.contains("bind an admin first"))
        let first = try await Self.run([
            "operators", "add", "--login", login, "--role", "admin", "--email", "admin", "--store", old,
        ])
        #expect(first.status == 0, "\(first.output)")
        #expect(try await Self.run(["--store", old]).output.contains("operator \(DemoOperators.adminEmail) (admin"))
    }
}
