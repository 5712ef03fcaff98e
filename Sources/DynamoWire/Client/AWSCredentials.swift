import Foundation

/// An AWS access key, with its session token when it is temporary. Its description never shows
/// the secret or the token.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where they came from, for messages: "environment", "shared credentials file (profile x)".
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given") {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    public var description: String {
        "access key \(accessKeyId.prefix(4))…\(accessKeyId.suffix(4)) from \(source)\(sessionToken == nil ? "" : " (temporary)")"
    }
}

/// Why credentials or a region could not be found.
public struct AWSConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

/// Credentials and region from the standard places, in the SDKs' order: the environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then the shared
/// credentials file and the config file for the profile (`AWS_PROFILE`, else `default`). The
/// region comes from `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile in the config file.
public struct AWSConfiguration: Sendable {
    public var environment: [String: String]
    public var home: String

    /// `home` defaults to `$HOME`, as the AWS CLI and SDKs read it, else the account's home.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil) {
        self.environment = environment
        self.home =
            home ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// `AWS_MAX_ATTEMPTS`, the SDKs' setting for how many times a call is tried in all.
    public func maxAttempts() throws(AWSConfigurationError) -> Int? {
        guard let text = nonEmpty("AWS_MAX_ATTEMPTS") else { return nil }
        guard let attempts = Int(text), attempts >= 1 else {
            throw AWSConfigurationError(
                description: "AWS_MAX_ATTEMPTS must be a whole number of at least 1; got \(text)")
        }
        return attempts
    }

    public var profile: String { nonEmpty("AWS_PROFILE") ?? nonEmpty("AWS_DEFAULT_PROFILE") ?? "default" }
    var credentialsFile: String { nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials" }
    var configFile: String { nonEmpty("AWS_CONFIG_FILE") ?? "\(home)/.aws/config" }

    private func nonEmpty(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func credentials() throws(AWSConfigurationError) -> AWSCredentials {
        if let key = nonEmpty("AWS_ACCESS_KEY_ID") {
            guard let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") else {
                throw AWSConfigurationError(description: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            return AWSCredentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"),
                source: "environment")
        }
        // The credentials file names sections by the bare profile; the config file as `profile NAME`
        // (except `default`).
        let sources: [(file: String, section: String, label: String)] = [
            (credentialsFile, profile, "shared credentials file"),
            (configFile, profile == "default" ? "default" : "profile \(profile)", "config file"),
        ]
        for source in sources {
            guard let sections = try IniFile.read(source.file), let values = sections[source.section] else { continue }
            guard let key = values["aws_access_key_id"] else { continue }
            guard let secret = values["aws_secret_access_key"] else {
                throw AWSConfigurationError(
                    description:
                        "Profile \(profile) in \(source.file) has aws_access_key_id but no aws_secret_access_key")
            }
            return AWSCredentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: values["aws_session_token"],
                source: "\(source.label) (profile \(profile))")
        }
        throw AWSConfigurationError(
            description:
                "No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile \(profile) to \(credentialsFile)"
        )
    }

    public func region() throws(AWSConfigurationError) -> String? {
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let section = profile == "default" ? "default" : "profile \(profile)"
        return try IniFile.read(configFile)?[section]?["region"]
    }
}

/// The INI dialect of the AWS shared files: `[section]`, `key = value`, `#` and `;` comments.
enum IniFile {
    /// The sections of a file; nil when it does not exist.
    static func read(_ path: String) throws(AWSConfigurationError) -> [String: [String: String]]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AWSConfigurationError(description: "\(path) cannot be read")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(AWSConfigurationError) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw AWSConfigurationError(
                        description: "\(path):\(number + 1): a section header needs a closing ]")
                }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            guard let section = current else {
                throw AWSConfigurationError(description: "\(path):\(number + 1): a setting before any [section]")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
        return sections
    }
}
