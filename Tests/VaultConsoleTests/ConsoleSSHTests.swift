import Foundation
import PartitionStore
import TestSupport
import Testing
import VaultRepository

/// The console over SSH, as demos and remote support use it: a real sshd on a loopback port
/// whose ForceCommand is the console, reached with `ssh -t` from a shell in tmux.
@Suite("Console over SSH", .serialized)
struct ConsoleSSHTests {
    struct SSHFailure: Error { let message: String }

    /// A free loopback port, found by binding port 0.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw SSHFailure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The accounts the test logs in as: one Unix account per person, in the store's service group.
    static let group = "vaultdesk-test"
    static let accounts = ["vd-test-alice", "vd-test-bob"]

    /// Creates the group and the accounts (a password field of `*`: no password, not locked, so
    /// sshd accepts their keys), or finds them from an earlier run.
    static func createAccounts() async throws {
        _ = try? await ChildProcess.capture(
            ["groupadd", "-f", group], environment: ["PATH": "/usr/sbin:/usr/bin:/bin"])
        for account in accounts where getpwnam(account) == nil {
            let made = try await ChildProcess.capture(
                ["useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", "-p", "*", account],
                environment: ["PATH": "/usr/sbin:/usr/bin:/bin"])
            guard made.status == 0 else { throw SSHFailure(message: "useradd \(account): \(made.output)") }
        }
    }

    static func removeAccounts() async {
        for account in accounts {
            _ = try? await ChildProcess.capture(["userdel", account], environment: ["PATH": "/usr/sbin:/usr/bin:/bin"])
        }
        _ = try? await ChildProcess.capture(["groupdel", group], environment: ["PATH": "/usr/sbin:/usr/bin:/bin"])
    }

    @Test(
        "two people log in over ssh as their own accounts and each sees their own scope; ForceCommand names no operator",
        .enabled(if: getuid() == 0, "creating system accounts needs root, as CI has"))
    func overSSH() async throws {
        let sshd = "/usr/sbin/sshd"
        #expect(FileManager.default.isExecutableFile(atPath: sshd), "scripts/install-deps installs openssh-server")
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.createAccounts()
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        // The store is owned by a service group: the folder and the file group-writable, nothing for others.
        let store = path("demo.db")
        let binary = ConsoleTmuxTests.binary.path
        #expect(
            try await ChildProcess.capture(
                [binary, "operators", "add", "--login", Self.accounts[0], "--email", "support", "--store", store],
                environment: ["PATH": "/usr/bin:/bin"]
            ).status == 0)
        #expect(
            try await ChildProcess.capture(
                [
                    binary, "operators", "add", "--login", Self.accounts[1], "--role", "support", "--tenants",
                    "northwind-energy",
                    "--email", "bob@ops.example", "--store", store,
                ], environment: ["PATH": "/usr/bin:/bin"]
            ).status == 0)
        let gid = try #require(getgrnam(Self.group)).pointee.gr_gid
        chown(directory.path, 0, gid)
        chmod(directory.path, 0o2770)
        // A write-ahead log left by the commands above is part of the store, and the group's too.
        for file in [store, store + "-wal", store + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chown(file, 0, gid)
            chmod(file, 0o660)
        }
        let keys = path("keys")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try await ChildProcess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path("host_key")])
        try await ChildProcess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path("client_key")])
        for account in Self.accounts {
            try FileManager.default.copyItem(atPath: path("client_key.pub"), toPath: "\(keys)/\(account)")
        }
        chmod(keys, 0o755)
        // sshd refuses keys that others can read.
        chmod(path("client_key"), 0o600)
        chmod(path("host_key"), 0o600)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let port = try Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(path("host_key"))
            PidFile \(path("sshd.pid"))
            AuthorizedKeysFile \(keys)/%u
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin no
            StrictModes no
            UsePAM no
            SetEnv LANG=C.UTF-8
            ForceCommand \(binary) --store \(store)
            """
        try config.write(toFile: path("sshd_config"), atomically: true, encoding: .utf8)
        let server = try ChildProcess.spawn([sshd, "-D", "-e", "-f", path("sshd_config")], output: path("sshd.log"))
        defer {
            kill(server, SIGTERM)
            _ = ChildProcess.waitSynchronously(server)
        }
        // Wait for sshd to listen.
        var listening = false
        for _ in 0..<100 where !listening {
            let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            listening = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(probe)
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(listening, "sshd listens on \(port)")

        let terminal = try ConsoleTmuxTests.Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        let ssh =
            "ssh -t -i client_key -p \(port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
        // Alice is bound to the demo support operator: three tenants.
        try terminal.run("\(ssh) \(Self.accounts[0])@127.0.0.1")
        try await terminal.waitFor("Tenants (3)", seconds: 20)
        try await terminal.waitFor("? help")
        #expect(terminal.screen.contains("support@vaultdesk.example · support"), "\(terminal.screen)")
        #expect(terminal.screen.contains("┌ Tenants"), "UTF-8 borders over SSH")
        try terminal.keys("Enter")
        try await terminal.waitFor("Statements")
        try terminal.keys("g")
        try await terminal.waitFor("Reference or QR:")
        try terminal.type("NOPE-\(port)")
        try terminal.keys("Enter")
        try await terminal.waitFor("Not found")
        try terminal.keys("Escape")
        try await terminal.waitFor("Statements")
        try terminal.keys("q")
        try await terminal.waitFor("Tenants (3)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("after-alice")
        // Bob, another account, sees his one tenant.
        try terminal.run("clear; \(ssh) \(Self.accounts[1])@127.0.0.1")
        try await terminal.waitFor("Tenants (1)", seconds: 20)
        try await terminal.waitFor("Northwind Energy")
        #expect(terminal.screen.contains("bob@ops.example · support"))
        try terminal.keys("C-c")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("after-bob")
        // The lookup names the account that made it in the audit log, not the operator alone.
        let repository = VaultRepository(store: try PartitionStore(path: store))
        let admin = try await repository.signIn(account: String(cString: getpwuid(getuid()).pointee.pw_name))
        let audited = try await repository.platformAuditEvents(scope: admin, limit: 200).items
        #expect(
            audited.contains {
                $0.entityId == "NOPE-\(port)" && $0.account == Self.accounts[0]
                    && $0.actor == DemoOperators.supportEmail
            })
        await Self.removeAccounts()
    }
}
