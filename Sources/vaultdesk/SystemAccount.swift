import Foundation

/// The operating-system account running this process: who the operator is. It comes from the
/// real user id (not `$USER`, which anyone can set), as sshd, sudo and PostgreSQL's peer
/// authentication decide it; over SSH it is the account sshd authenticated.
struct SystemAccount: Sendable, Equatable {
    let userID: uid_t
    let login: String

    static func current() throws -> SystemAccount {
        let uid = getuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else {
            throw CommandFailure(
                "The user id \(uid) running vaultdesk has no account name in the system's user database; operators are bound to account names"
            )
        }
        return SystemAccount(userID: uid, login: String(cString: name))
    }

    /// This machine's name, for a new operator's default name (`login@host`).
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Whether this account owns the file (or is the superuser, who can read it anyway).
    func owns(file path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return userID == 0 || info.st_uid == userID
    }
}
