import Foundation

/// A tag on a table: a key and a value, both case-sensitive.
public struct ResourceTag: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// DynamoDB's rules for tags (Tagging restrictions in the DynamoDB Developer Guide): at most 50
/// on a table; a key of 1 to 128 and a value of 0 to 256 Unicode characters, each of letters,
/// numbers, white space and `+ - = . _ : /`; keys beginning `aws:` are DynamoDB's own.
enum TagRules {
    static let maximumPerTable = 50

    /// Checks tags as they arrive in a request, `path` naming them in messages (`tags`).
    static func check(_ tags: [ResourceTag], path: String) throws(StoreError) {
        for (index, tag) in tags.enumerated() {
            let at = "\(path).\(index + 1).member"
            let keyLength = tag.key.unicodeScalars.count
            guard (1...128).contains(keyLength) else {
                throw .constraint(.value(tag.key), at: "\(at).key", "Member must have length between 1 and 128")
            }
            guard tag.value.unicodeScalars.count <= 256 else {
                throw .constraint(
                    .value(tag.value), at: "\(at).value", "Member must have length less than or equal to 256")
            }
            for (text, field) in [(tag.key, "key"), (tag.value, "value")] where !allowed(text) {
                throw .constraint(
                    .value(text), at: "\(at).\(field)",
                    "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*")
            }
            guard !tag.key.lowercased().hasPrefix("aws:") else {
                throw .validation("Tag keys beginning with 'aws:' are reserved for AWS: \(tag.key)")
            }
        }
    }

    /// Letters, numbers and white space of any script, and `+ - = . _ : /`.
    static func allowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil || properties.isWhitespace
                || "+-=._:/".unicodeScalars.contains(scalar)
        }
    }

    /// `tags` laid over `current`: a key given again takes its new value. Refused when the
    /// result would hold more than 50.
    static func merged(_ current: [String: String], with tags: [ResourceTag]) throws(StoreError) -> [String: String] {
        var merged = current
        for tag in tags { merged[tag.key] = tag.value }
        guard merged.count <= maximumPerTable else {
            throw .validation(
                "One or more parameter values were invalid: A resource can have at most \(maximumPerTable) tags; this request would leave \(merged.count)"
            )
        }
        return merged
    }

    /// The table an access policy judges a tagging request on: the one its ARN names, or the
    /// ARN itself when it names none (the request is then refused after the policy).
    static func tableForAccess(_ arn: String) -> String {
        (try? table(ofArn: arn)) ?? arn
    }

    /// The table a tagging request names by ARN: `arn:<partition>:dynamodb:<region>:<account>:table/<name>`.
    /// Index and stream ARNs cannot be tagged, as in DynamoDB.
    static func table(ofArn arn: String) throws(StoreError) -> String {
        guard arn.hasPrefix("arn:") else {
            throw .validation("Invalid ResourceArn: ARNs must start with 'arn:': \(arn)")
        }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "dynamodb", parts[5].hasPrefix("table/") else {
            throw .validation("Invalid ResourceArn: \(arn) is not the ARN of a DynamoDB table")
        }
        let name = parts[5].dropFirst("table/".count)
        guard !name.isEmpty, !name.contains("/") else {
            throw .validation(
                "One or more parameter values were invalid: Invalid resource arn provided, only a table is accepted. Provided resource arn: \(arn)"
            )
        }
        return String(name)
    }
}

extension PartitionStore {
    /// Adds tags to a table or changes their values (TagResource).
    public func tagResource(_ arn: String, tags: [ResourceTag]) throws(StoreError) {
        guard !tags.isEmpty else {
            throw .constraint(.value("[]"), at: "tags", "Member must have length greater than or equal to 1")
        }
        try TagRules.check(tags, path: "tags")
        let name = try TagRules.table(ofArn: arn)
        try changeTags(of: name, arn: arn) { current throws(StoreError) in try TagRules.merged(current, with: tags) }
    }

    /// Removes tags from a table by key; keys it does not carry are ignored (UntagResource).
    public func untagResource(_ arn: String, keys: [String]) throws(StoreError) {
        let name = try TagRules.table(ofArn: arn)
        try changeTags(of: name, arn: arn) { current throws(StoreError) in
            current.filter { !keys.contains($0.key) }
        }
    }

    /// A table's tags, in key order (ListTagsOfResource). Every tag fits one page (a table has at
    /// most 50); `after`, a key, starts the list after it.
    public func listTags(of arn: String, after key: String? = nil) throws(StoreError) -> [ResourceTag] {
        let name = try TagRules.table(ofArn: arn)
        return try read { connection, _ throws(StoreError) in
            // As another process left them: tags change seldom, and a stale list would mislead.
            guard let schema = try refreshedCatalog(connection).tables[name] else {
                throw Self.taggedTableNotFound(arn)
            }
            return (schema.tags ?? [:]).sorted { $0.key < $1.key }.filter { key == nil || $0.key > key ?? "" }
                .map { ResourceTag(key: $0.key, value: $0.value) }
        }
    }

    private func changeTags(
        of name: String, arn: String, _ change: ([String: String]) throws(StoreError) -> [String: String]
    ) throws(StoreError) {
        try exclusiveWrite { connection, catalog throws(StoreError) in
            guard var schema = catalog.tables[name] else { throw Self.taggedTableNotFound(arn) }
            let changed = try change(schema.tags ?? [:])
            schema.tags = changed.isEmpty ? nil : changed
            let updated = schema
            try sql(connection) {
                try Catalog.save(updated, connection)
                try reloadCatalog(connection)
            }
        }
    }

    static func taggedTableNotFound(_ arn: String) -> StoreError {
        StoreError(.resourceNotFound, "Requested resource not found: ResourceArn: \(arn) not found")
    }
}
