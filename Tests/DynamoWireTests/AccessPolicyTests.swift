import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import DynamoWire

/// `serve --policies`: what a request touches as the engine resolves it, IAM's condition
/// operators, the policy file's errors, and a property over random principals and requests.
/// Semantics from the IAM User Guide ("Condition operators", "Conditions with multiple context
/// keys or values", "Policy evaluation logic") and the DynamoDB Developer Guide ("Using IAM
/// policy conditions for fine-grained access control").
@Suite("Access policies")
struct AccessPolicyTests {
    /// A store with table `tab` (pk, sk) and a global index `byRef` on `ref`, in a temporary folder.
    final class Fixture {
        let folder: URL
        let store: PartitionStore

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try PartitionStore(path: folder.appendingPathComponent("store.db").path)
            _ = try store.createTable(
                CreateTableInput(
                    tableName: "tab",
                    keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                    attributeDefinitions: [
                        AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("ref", .s),
                    ],
                    globalSecondaryIndexes: [
                        SecondaryIndex(
                            indexName: "byRef", keySchema: [KeySchemaElement("ref", .hash)], projection: .all)
                    ],
                    streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages)))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    static let key: Item = ["pk": .s("TENANT#acme"), "sk": .s("STATEMENT#1")]

    // MARK: What a request touches

    @Test("the engine resolves partition keys and the attributes every expression names")
    func resolution() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let get = try store.resolve(
            GetItemInput(
                tableName: "tab", key: Self.key, projectionExpression: "#s, amount.net, payer_list[0]",
                expressionAttributeNames: ["#s": "status"]
            ).access)
        #expect(get.targets.first?.leadingKeys == ["TENANT#acme"])
        #expect(get.targets.first?.attributes == ["status", "amount", "payer_list"])
        #expect(get.targets.first?.select == .specificAttributes)

        let whole = try store.resolve(GetItemInput(tableName: "tab", key: Self.key).access)
        #expect(whole.targets.first?.attributes == nil && whole.targets.first?.select == .allAttributes)

        let onIndex = try store.resolve(
            QueryInput(
                tableName: "tab", indexName: "byRef", keyConditionExpression: "#r = :r",
                filterExpression: "size(b) > :n",
                expressionAttributeNames: ["#r": "ref"], expressionAttributeValues: [":r": .s("ACME-1"), ":n": .s("2")]
            ).access)
        #expect(onIndex.targets.first?.leadingKeys == ["ACME-1"])
        #expect(onIndex.targets.first?.attributes == ["b"] && onIndex.targets.first?.select == .allProjectedAttributes)

        let legacy = try store.resolve(
            QueryInput(tableName: "tab", keyConditions: ["pk": Condition(.eq, [.s("TENANT#globex")])]).access)
        #expect(legacy.targets.first?.leadingKeys == ["TENANT#globex"])

        let update = try store.resolve(
            UpdateItemInput(
                tableName: "tab", key: Self.key, updateExpression: "SET a = b + :one REMOVE c",
                options: WriteOptions(
                    conditionExpression: "attribute_exists(d)", expressionAttributeValues: [":one": .num("1")],
                    returnValues: .allNew)
            ).access)
        #expect(update.targets.first?.attributes == ["a", "b", "c", "d"] && update.returnValues == .allNew)

        let batch = try store.resolve(
            BatchWriteItemInput(requestItems: [
                "tab": [
                    .put(Self.key.merging(["x": .s("1")]) { a, _ in a }),
                    .delete(key: ["pk": .s("TENANT#b"), "sk": .s("S")]),
                ]
            ]).access)
        #expect(batch.targets.first?.leadingKeys == ["TENANT#acme", "TENANT#b"])

        let transaction = try store.resolve(
            TransactWriteItemsInput(transactItems: [
                .put(PutItemInput(tableName: "tab", item: Self.key)),
                .conditionCheck(
                    ConditionCheck(tableName: "tab", key: Self.key, conditionExpression: "attribute_exists(z)")),
            ]).access)
        #expect(transaction.targets.map(\.action) == [.putItem, .conditionCheckItem])
        #expect(transaction.targets.last?.attributes == ["z"])

        let stream = try #require(try store.describeTable("tab").latestStreamArn)
        let shard = try #require(try store.describeStream(stream).shards.first?.shardId)
        let iterator = try store.getShardIterator(streamArn: stream, shardId: shard, type: .trimHorizon)
        let records = try GetRecordsInput(shardIterator: iterator).resolvedAccess(on: store)
        #expect(records.targets.first?.stream == stream)

        // A malformed expression is the ValidationException the operation would answer.
        #expect(throws: StoreError.self) {
            try store.resolve(GetItemInput(tableName: "tab", key: Self.key, projectionExpression: "a,,b").access)
        }
        // A missing table resolves to no leading keys; the operation answers ResourceNotFoundException.
        #expect(
            try store.resolve(GetItemInput(tableName: "nope", key: Self.key).access).targets.first?.leadingKeys == nil)
    }

    // MARK: Condition operators

    static func holds(_ text: String, _ context: [String: [String]]) throws -> Bool {
        let json =
            #"{"k": {"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*", "Condition": \#(text)}}}"#
        let set = try PolicySet(json: Array(json.utf8))
        let statement = try #require(set.policies["k"]?.first?.statements.first)
        return statement.conditions.allSatisfy { $0.holds(in: RequestContext(context)) }
    }

    @Test(
        "operators evaluate as IAM documents them",
        arguments: [
            // Several policy values are OR'ed.
            (
                #"{"StringEquals": {"dynamodb:Select": ["COUNT", "SPECIFIC_ATTRIBUTES"]}}"#,
                ["dynamodb:Select": ["COUNT"]], true
            ),
            // An absent key fails a positive operator, passes a negated one and IfExists.
            (#"{"StringEquals": {"dynamodb:Select": "COUNT"}}"#, [:], false),
            (#"{"StringNotEquals": {"dynamodb:Select": "COUNT"}}"#, [:], true),
            (#"{"StringEqualsIfExists": {"dynamodb:Select": "COUNT"}}"#, [:], true),
            (
                #"{"StringEqualsIfExists": {"dynamodb:Select": "COUNT"}}"#, ["dynamodb:Select": ["ALL_ATTRIBUTES"]],
                false
            ),
            // Negated operators NOR their values.
            (
                #"{"StringNotEquals": {"dynamodb:ReturnValues": ["ALL_OLD", "ALL_NEW"]}}"#,
                ["dynamodb:ReturnValues": ["ALL_NEW"]], false
            ),
            (
                #"{"StringNotEquals": {"dynamodb:ReturnValues": ["ALL_OLD", "ALL_NEW"]}}"#,
                ["dynamodb:ReturnValues": ["NONE"]], true
            ),
            (#"{"StringEqualsIgnoreCase": {"dynamodb:Select": "count"}}"#, ["dynamodb:Select": ["COUNT"]], true),
            // ForAllValues: every request value must match; none at all passes.
            (
                #"{"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["TENANT#a*"]}}"#,
                ["dynamodb:LeadingKeys": ["TENANT#acme", "TENANT#ab"]], true
            ),
            (
                #"{"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["TENANT#a*"]}}"#,
                ["dynamodb:LeadingKeys": ["TENANT#acme", "TENANT#globex"]], false
            ),
            (#"{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["a"]}}"#, [:], true),
            // ForAnyValue: one is enough; none fails.
            (
                #"{"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["qr_secret"]}}"#,
                ["dynamodb:Attributes": ["name", "qr_secret"]], true
            ),
            (#"{"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["qr_secret"]}}"#, [:], false),
            (
                #"{"ForAllValues:StringNotLike": {"dynamodb:Attributes": ["qr_*"]}}"#,
                ["dynamodb:Attributes": ["name", "qr_secret"]], false
            ),
            // StringLike: ? is one character, * any run; matching is case-sensitive.
            (
                #"{"ForAllValues:StringLike": {"dynamodb:LeadingKeys": "T?NANT#*"}}"#,
                ["dynamodb:LeadingKeys": ["TENANT#x"]], true
            ),
            (
                #"{"ForAllValues:StringLike": {"dynamodb:LeadingKeys": "tenant#*"}}"#,
                ["dynamodb:LeadingKeys": ["TENANT#x"]], false
            ),
            // Null tests presence itself.
            (#"{"Null": {"dynamodb:Attributes": "true"}}"#, [:], true),
            (#"{"Null": {"dynamodb:Attributes": "false"}}"#, [:], false),
            (#"{"Null": {"dynamodb:Attributes": false}}"#, ["dynamodb:Attributes": ["a"]], true),
            // Condition key names compare without case.
            (#"{"StringEquals": {"DynamoDB:SELECT": "COUNT"}}"#, ["dynamodb:Select": ["COUNT"]], true),
        ] as [(String, [String: [String]], Bool)])
    func operators(condition: String, context: [String: [String]], expected: Bool) throws {
        #expect(try Self.holds(condition, context) == expected)
    }

    @Test(
        "a malformed policy file names where and what",
        arguments: [
            (#"[1]"#, "must be a JSON object"),
            (#"{"k": 3}"#, "k: must be a policy document"),
            (#"{"k": {"Statement": {"Action": "dynamodb:*", "Resource": "*"}}}"#, "k[0].Statement[0].Effect"),
            (
                #"{"k": {"Statement": {"Effect": "Permit", "Action": "dynamodb:*", "Resource": "*"}}}"#,
                "\"Allow\" or \"Deny\""
            ),
            (#"{"k": {"Statement": {"Effect": "Allow", "Resource": "*"}}}"#, "needs Action or NotAction"),
            (
                #"{"k": {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}"#,
                "not a dynamodb: action"
            ),
            (
                #"{"k": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"dynamodb:Select": "1"}}}}}"#,
                "Condition.NumericLessThan: unsupported condition operator"
            ),
            (
                #"{"k": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "x"}}}}}"#,
                "StringEquals.aws:username: unknown condition key"
            ),
            (
                #"{"k": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"dynamodb:LeadingKeys": "x"}}}}}"#,
                "qualify the operator with ForAllValues:"
            ),
            (
                #"{"k": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Principal": "*"}]}}"#,
                "k[0].Statement[1].Principal"
            ),
            (#"{"k": {"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}}"#, "at least one value"),
            (#"{"k": {"Version": "2019-01-01", "Statement": []}}"#, "k[0].Version"),
            (#"{"k": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}"#, "is not valid JSON"),
        ])
    func malformed(document: String, fragment: String) {
        #expect {
            _ = try PolicySet(json: Array(document.utf8))
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    // MARK: Decisions

    static let tenantRole = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Items", "Effect": "Allow",
           "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                      "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"],
           "Resource": ["arn:aws:dynamodb:*:*:table/tab", "arn:aws:dynamodb:*:*:table/tab/index/*"],
           "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["TENANT#acme"]}}},
          {"Sid": "NoSecrets", "Effect": "Deny", "Action": "dynamodb:*", "Resource": "*",
           "Condition": {"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["qr_secret"]}}}
        ]}
        """

    @Test("an explicit deny wins, an allow needs every target, and the messages are DynamoDB's")
    func decisions() throws {
        let fixture = try Fixture()
        let set = try PolicySet(json: Array(#"{"AKIDACME": [\#(Self.tenantRole)]}"#.utf8), region: "eu-west-1")
        func decide<Operation: StoreOperation>(_ operation: Operation, as key: String = "AKIDACME") throws -> String? {
            set.authorize(
                principal: key, operation: Operation.name, access: try operation.resolvedAccess(on: fixture.store)
            )?.message
        }
        #expect(try decide(GetItemInput(tableName: "tab", key: Self.key)) == nil)
        #expect(
            try decide(GetItemInput(tableName: "tab", key: ["pk": .s("TENANT#globex"), "sk": .s("S")]))
                == "User: arn:aws:iam::000000000000:user/AKIDACME is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:eu-west-1:000000000000:table/tab because no identity-based policy allows the dynamodb:GetItem action"
        )
        #expect(
            try decide(GetItemInput(tableName: "tab", key: Self.key, projectionExpression: "qr_secret"))?.hasSuffix(
                "with an explicit deny in an identity-based policy") == true)
        // One element for another tenant denies the whole batch.
        #expect(
            try decide(
                BatchWriteItemInput(requestItems: [
                    "tab": [.put(Self.key), .put(["pk": .s("TENANT#globex"), "sk": .s("S")])]
                ])) != nil)
        // Index queries are judged on the index's ARN.
        #expect(
            try decide(
                QueryInput(
                    tableName: "tab", indexName: "byRef", keyConditions: ["ref": Condition(.eq, [.s("TENANT#acme")])]))
                == nil)
        #expect(try decide(ScanInput(tableName: "tab"))?.contains("dynamodb:Scan on resource") == true)
        #expect(try decide(DeleteTableInput(tableName: "tab"))?.contains("dynamodb:DeleteTable") == true)
        #expect(try decide(ListTablesInput())?.contains("on resource: *") == true)
        let stream = try #require(try fixture.store.describeTable("tab").latestStreamArn)
        #expect(
            try decide(DescribeStreamInput(streamArn: stream))?.contains(
                "dynamodb:DescribeStream on resource: arn:aws:dynamodb:eu-west-1:000000000000:table/tab/stream/")
                == true)
        // A key with no policies may do nothing.
        #expect(try decide(GetItemInput(tableName: "tab", key: Self.key), as: "AKIDOTHER") != nil)
    }
}

extension AttributeValue {
    /// A number from test text known to be good.
    fileprivate static func num(_ text: String) -> AttributeValue { (try? AttributeValue.number(text)) ?? .null }
}
