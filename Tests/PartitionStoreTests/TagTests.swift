import Foundation
import Testing

@testable import PartitionStore

/// Tags on tables, as the DynamoDB API Reference (TagResource, UntagResource, ListTagsOfResource,
/// Tag) and the Developer Guide's "Tagging restrictions" state them.
@Suite("Tags")
struct TagTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }
    let arn = "arn:aws:dynamodb:local:000000000000:table/statements"

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(Self.table("statements"))
    }

    static func table(_ name: String, tags: [ResourceTag] = []) -> CreateTableInput {
        CreateTableInput(
            tableName: name, keySchema: [KeySchemaElement("pk", .hash)],
            attributeDefinitions: [AttributeDefinition("pk", .s)],
            globalSecondaryIndexes: [
                SecondaryIndex(indexName: "byRef", keySchema: [KeySchemaElement("pk", .hash)], projection: .keysOnly)
            ], tags: tags)
    }

    static func tags(_ pairs: KeyValuePairs<String, String>) -> [ResourceTag] {
        pairs.map { ResourceTag(key: $0.key, value: $0.value) }
    }

    /// The error a call throws, or nil.
    func failure(_ body: () throws -> Void) -> StoreError? {
        do {
            try body()
            return nil
        } catch {
            return error as? StoreError
        }
    }

    @Test("tags are added, listed in key order, changed by key, and removed; removing keys a table lacks is fine")
    func lifecycle() throws {
        #expect(try store.listTags(of: arn).isEmpty)
        try store.tagResource(arn, tags: Self.tags(["team": "billing", "env": "prod", " ": "9", "7": " "]))
        #expect(try store.listTags(of: arn) == Self.tags([" ": "9", "7": " ", "env": "prod", "team": "billing"]))
        try store.tagResource(arn, tags: Self.tags(["team": "payments"]))
        #expect(try store.listTags(of: arn).first { $0.key == "team" }?.value == "payments")
        try store.untagResource(arn, keys: ["env", "never-there", "zzz"])
        #expect(try store.listTags(of: arn).map(\.key) == [" ", "7", "team"])
        #expect(try store.listTags(of: arn, after: "7").map(\.key) == ["team"], "a token continues after its key")
    }

    @Test("an empty value is a value; letters and digits of any script count, by characters not bytes")
    func valuesAndUnicode() throws {
        let longKey = String(repeating: "א", count: 128)
        let longValue = String(repeating: "ж", count: 256)
        try store.tagResource(
            arn,
            tags: [
                ResourceTag(key: "empty", value: ""), ResourceTag(key: longKey, value: longValue),
                ResourceTag(key: "環境", value: "本番 1"),
            ])
        let listed = try store.listTags(of: arn)
        #expect(listed.contains(ResourceTag(key: "empty", value: "")))
        #expect(listed.contains(ResourceTag(key: longKey, value: longValue)))
        #expect(listed.contains(ResourceTag(key: "環境", value: "本番 1")))
    }

    @Test(
        "keys and values outside DynamoDB's rules are refused with a validation error naming the member",
        arguments: [
            (ResourceTag(key: "", value: "dog"), "tags.1.member.key"),
            (
                ResourceTag(key: String(repeating: "x", count: 129), value: "dog"),
                "Member must have length between 1 and 128"
            ),
            (ResourceTag(key: "dog", value: String(repeating: "x", count: 257)), "less than or equal to 256"),
            (ResourceTag(key: "hi!", value: "dog"), "regular expression"),
            (ResourceTag(key: "dog", value: "d%g"), "tags.1.member.value"),
            (ResourceTag(key: "\"hello\"", value: "dog"), "regular expression"),
            (ResourceTag(key: "aws:cost", value: "x"), "reserved"),
            (ResourceTag(key: "AWS:cost", value: "x"), "reserved"),
        ])
    func refusedTags(tag: ResourceTag, fragment: String) throws {
        let error = failure { try store.tagResource(arn, tags: [tag]) }
        #expect(error?.code == .validation, "\(String(describing: error))")
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
        #expect(try store.listTags(of: arn).isEmpty, "nothing was written")
    }

    @Test("at most 50 tags: 30 and then 20 overlapping make 40; 20 more are refused and change nothing")
    func limit() throws {
        try store.tagResource(arn, tags: (0..<30).map { ResourceTag(key: "\($0)", value: "\($0)") })
        try store.tagResource(arn, tags: (20..<40).map { ResourceTag(key: "\($0)", value: "v\($0)") })
        #expect(try store.listTags(of: arn).count == 40)
        let error = failure {
            try store.tagResource(arn, tags: (40..<60).map { ResourceTag(key: "\($0)", value: "\($0)") })
        }
        #expect(error?.code == .validation && error?.message.contains("50") == true)
        #expect(try store.listTags(of: arn).count == 40)
        #expect(failure { try store.tagResource(arn, tags: []) }?.code == .validation, "no tags at all is refused")
    }

    @Test(
        "a resource that is not a table's ARN is a validation error; a table that does not exist is not found",
        arguments: [
            ("I_do_not_exist", StoreError.Code.validation),
            ("arn:not/a/good/format", .validation),
            ("arn:aws:dynamodb:local:000000000000:table/statements/index/byRef", .validation),
            ("arn:aws:dynamodb:local:000000000000:table/statements/stream/2026-11-29T00:00:00.000", .validation),
            ("arn:aws:s3:::bucket", .validation),
            ("arn:aws:dynamodb:local:000000000000:table/statementsx", .resourceNotFound),
        ])
    func resources(arn: String, code: StoreError.Code) {
        #expect(failure { try store.tagResource(arn, tags: Self.tags(["x": "y"])) }?.code == code)
        #expect(failure { try store.untagResource(arn, keys: ["x"]) }?.code == code)
        #expect(failure { _ = try store.listTags(of: arn) }?.code == code)
    }

    @Test("CreateTable takes tags; more than 50, or a bad one, refuses the table, which then does not exist")
    func atCreation() throws {
        try store.createTable(Self.table("tagged", tags: Self.tags(["team": "billing", "tier": "gold"])))
        #expect(
            try store.listTags(of: "arn:aws:dynamodb:local:000000000000:table/tagged")
                == Self.tags(["team": "billing", "tier": "gold"]))
        let tooMany = (0..<51).map { ResourceTag(key: "\($0)", value: "\($0)") }
        #expect(failure { _ = try store.createTable(Self.table("crowded", tags: tooMany)) }?.code == .validation)
        #expect(
            failure { _ = try store.createTable(Self.table("bad", tags: Self.tags(["a#b": "c"]))) }?.code == .validation
        )
        #expect(failure { _ = try store.describeTable("crowded") }?.code == .resourceNotFound)
        #expect(failure { _ = try store.describeTable("bad") }?.code == .resourceNotFound)
    }

    @Test("tags are kept in the store file: another process sees them, and a table made again starts without")
    func durable() throws {
        try store.tagResource(arn, tags: Self.tags(["team": "billing"]))
        let other = try temp.reopen()
        #expect(try other.listTags(of: arn) == Self.tags(["team": "billing"]))
        try other.untagResource(arn, keys: ["team"])
        #expect(try store.listTags(of: arn).isEmpty, "the first store sees the other's change")
        try store.tagResource(arn, tags: Self.tags(["team": "billing"]))
        _ = try store.deleteTable("statements")
        try store.createTable(Self.table("statements"))
        #expect(try other.listTags(of: arn).isEmpty)
    }
}
