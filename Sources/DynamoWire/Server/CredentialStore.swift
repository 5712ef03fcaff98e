import Foundation

/// Access keys the endpoint accepts when it verifies signatures, read from a file in the AWS
/// shared-credentials format:
///
///     [default]
///     aws_access_key_id = AKIDEXAMPLE
///     aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
///
/// Every section with both keys adds one access key; section names do not matter.
public struct CredentialStore: Sendable {
    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case malformed(path: String, line: Int, reason: String)
        case empty(path: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "Cannot read credentials file \(path): \(reason)"
            case .malformed(let path, let line, let reason): "\(path):\(line): \(reason)"
            case .empty(let path):
                "\(path) lists no access keys (each section needs aws_access_key_id and aws_secret_access_key)"
            }
        }
    }

    /// Access key id to secret access key.
    public let secrets: [String: String]

    public init(secrets: [String: String]) {
        self.secrets = secrets
    }

    public init(contentsOf path: String) throws(LoadError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var secrets: [String: String] = [:]
        var keyId: String?
        var secret: String?
        func closeSection() {
            if let keyId, let secret { secrets[keyId] = secret }
            keyId = nil
            secret = nil
        }
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw .malformed(path: path, line: number + 1, reason: "a section header must end with ']'")
                }
                closeSection()
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformed(path: path, line: number + 1, reason: "expected 'name = value'")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "aws_access_key_id": keyId = value
            case "aws_secret_access_key": secret = value
            default: continue
            }
        }
        closeSection()
        guard !secrets.isEmpty else { throw .empty(path: path) }
        self.secrets = secrets
    }
}
