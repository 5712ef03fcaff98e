import Foundation

/// Child processes for the end-to-end tests, with `posix_spawn` and `waitpid`: Foundation's
/// `Process` can miss a child's exit when many children come and go at once, and its waits
/// block the threads Swift concurrency runs on. Waits here happen on a dispatch thread.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `arguments[0]` (looked up in PATH) with stdin from /dev/null (or the descriptor
    /// `input`) and both outputs to `output` (a file path; /dev/null when nil), or standard
    /// error to `errors` when that is given.
    public static func spawn(
        _ arguments: [String], output: String? = nil, errors: String? = nil, environment: [String: String]? = nil,
        input: Int32? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let errors {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Only these three: a child must not keep another test's pipe open (its reader would wait
        // for an end of file that never comes).
        GNU.closeFrom(&actions, 3)
        // The test process may block or ignore signals; a child starts with none blocked and every
        // one at its default, or a tmux server would outlive kill-server and a shell ignore SIGHUP.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pointers = arguments.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let environment {
            var variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in variables { free(pointer) } }
            spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &pointers, &variables)
        } else {
            spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &pointers, environ)
        }
        guard spawned == 0 else {
            throw Failure(description: "could not start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for a child to exit, off the concurrency threads; answers its exit status.
    public static func wait(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: waitSynchronously(pid))
            }
        }
    }

    public static func waitSynchronously(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, spelled out.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs a command to its end with the given environment; answers its exit status and output.
    public static func capture(
        _ arguments: [String], environment: [String: String]
    ) async throws -> (status: Int32, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)").path
        defer { unlink(path) }
        let status = await wait(try spawn(arguments, output: path, environment: environment))
        return (status, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// Runs a command to its end; answers its exit status, standard output and standard error apart.
    public static func captureApart(
        _ arguments: [String], environment: [String: String]
    ) async throws -> (status: Int32, output: String, error: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)").path
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let status = await wait(
            try spawn(arguments, output: base + ".out", errors: base + ".err", environment: environment))
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return (status, read(base + ".out"), read(base + ".err"))
    }

    /// Runs a command to its end; throws when it fails.
    public static func run(_ arguments: [String]) async throws {
        let status = await wait(try spawn(arguments))
        guard status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(status)")
        }
    }

    /// Starts a long-lived helper (an endpoint) that stops when this process ends, however it
    /// ends: a shell runs it in the background and kills it once its own standard input, a pipe
    /// this process holds open, reaches end of file. It is not meant to be stopped earlier:
    /// signalling the answered shell would orphan the helper.
    public static func spawnTiedToLife(_ arguments: [String], output: String) throws -> pid_t {
        var fds: [Int32] = [0, 0]
        // Close-on-exec from the start: a child another test spawns meanwhile must not inherit the
        // write end, or this helper would never see its end of file.
        guard GNU.pipe2(&fds, O_CLOEXEC) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        // The write end stays open, unused, for the rest of this process's life.
        defer { close(fds[0]) }
        let script = "\"$@\" </dev/null & child=$!; cat >/dev/null; kill $child 2>/dev/null; wait"
        return try spawn(["sh", "-c", script, "sh"] + arguments, output: output, input: fds[0])
    }
}

/// Two GNU C library calls the Glibc module does not declare (they need `_GNU_SOURCE`), found
/// at run time.
enum GNU {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    private nonisolated(unsafe) static let library = dlopen(nil, RTLD_NOW)
    private nonisolated(unsafe) static let closeFromFunction = dlsym(
        library, "posix_spawn_file_actions_addclosefrom_np"
    )
    .map { unsafeBitCast($0, to: CloseFrom.self) }
    private nonisolated(unsafe) static let pipe2Function = dlsym(library, "pipe2").map {
        unsafeBitCast($0, to: Pipe2.self)
    }

    /// A spawn action closing every descriptor from `lowest` up (glibc 2.34 and later).
    static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) {
        _ = closeFromFunction?(actions, lowest)
    }

    /// `pipe2`: a pipe with its flags set atomically.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        guard let pipe2Function else { return -1 }
        return pipe2Function(fds, flags)
    }
}
