import Foundation
import TestSupport
import Testing

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
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound else { throw SSHFailure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("ssh -t runs the console through sshd's ForceCommand; quitting closes the connection and restores the terminal")
    func overSSH() async throws {
        let sshd = "/usr/sbin/sshd"
        #expect(FileManager.default.isExecutableFile(atPath: sshd), "scripts/install-deps installs openssh-server")
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try await ChildProcess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path("host_key")])
        try await ChildProcess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path("client_key")])
        try FileManager.default.copyItem(atPath: path("client_key.pub"), toPath: path("authorized_keys"))
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
            AuthorizedKeysFile \(path("authorized_keys"))
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            SetEnv LANG=C.UTF-8
            ForceCommand \(ConsoleTmuxTests.binary.path) --store \(path("demo.db"))
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
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(probe)
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(listening, "sshd listens on \(port)")

        let terminal = try ConsoleTmuxTests.Terminal(columns: 100, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        try terminal.run("ssh -t -i client_key -p \(port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \(user)@127.0.0.1")
        try await terminal.waitFor("Tenants (8)", seconds: 20)
        try await terminal.waitFor("? help")
        #expect(terminal.screen.contains("┌ Tenants"), "UTF-8 borders over SSH")
        try terminal.keys("Enter")
        try await terminal.waitFor("Statements")
        try terminal.keys("g")
        try await terminal.waitFor("Reference or QR:")
        try terminal.keys("Escape")
        try await terminal.waitFor("Statements")
        try terminal.keys("q")
        try await terminal.waitFor("Tenants (8)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()
        try await terminal.expectRestored("after-ssh")
    }
}
