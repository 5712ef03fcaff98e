import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import DynamoWire

/// Every operation's one codec, used by both sides: what the client writes the endpoint reads
/// back as the same request, and what the endpoint answers the client reads back as the same
/// output, through bytes.
@Suite("Wire codecs: one per operation, both directions")
struct WireCodecTests {
    static let key: Item = ["pk": .s("TENANT#acme"), "sk": .s("STATEMENT")]
    static let item: Item = [
        "pk": .s("TENANT#acme"), "sk": .s("STATEMENT"), "n": .n(DecimalNumber(42)), "b": .b([9, 8]),
        "ss": .ss(["a", "b"]),
    ]
    static let capacity = ConsumedCapacity(
        tableName: "vaultdesk", capacityUnits: 1.5, readCapacityUnits: 0.5, writeCapacityUnits: 1,
        table: Capacity(capacityUnits: 1), localSecondaryIndexes: nil,
        globalSecondaryIndexes: ["gsi1": Capacity(capacityUnits: 0.5)])
    static let values: [String: AttributeValue] = [
        ":v": .n(DecimalNumber(3)), ":s": .s("PAID"), ":b": .b([1, 2, 3]), ":l": .l([.bool(true), .null]),
    ]
    static let names = ["#s": "status", "#v": "version"]

    /// Through bytes, as a peer reads it.
    static func wire(_ value: JSONValue) throws -> WireObject {
        try WireObject(JSONParser.parse(JSONWriter.encode(value)))
    }

    /// The client's request read by the endpoint.
    static func request<Operation: WireCodable>(_ operation: Operation) throws -> Operation {
        try Operation(wire: wire(operation.wireRequest()))
    }

    /// The endpoint's answer read by the client.
    static func response<Operation: WireCodable>(
        _ operation: Operation, _ output: Operation.Output
    ) throws -> Operation.Output {
        try Operation.output(wire: wire(operation.wireResponse(output)))
    }

    /// The law for one operation: its request and its response each survive the trip, compared
    /// by what they encode to.
    static func roundTrips<Operation: WireCodable>(_ operation: Operation, _ output: Operation.Output) throws {
        let back = try request(operation)
        #expect(try back.wireRequest() == operation.wireRequest(), "\(Operation.name) request")
        let answered = try response(operation, output)
        #expect(operation.wireResponse(answered) == operation.wireResponse(output), "\(Operation.name) response")
    }

    struct Sample: Sendable {
        let name: OperationName
        let check: @Sendable () throws -> Void
        init<Operation: WireCodable>(_ operation: Operation, _ output: Operation.Output) {
            name = Operation.name
            check = { try WireCodecTests.roundTrips(operation, output) }
        }
    }

    static let table = TableDescription(
        tableName: "vaultdesk", tableStatus: "ACTIVE",
        keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
        attributeDefinitions: [
            AttributeDefinition("pk", .s), AttributeDefinition("sk", .s), AttributeDefinition("g", .n),
        ],
        creationDateTime: 1_700_000_000.5, itemCount: 12, tableSizeBytes: 3456,
        tableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk",
        tableId: "id-1", billingMode: .payPerRequest, provisionedThroughput: nil,
        globalSecondaryIndexes: [
            IndexDescription(
                indexName: "gsi1", keySchema: [KeySchemaElement("g", .hash)],
                projection: Projection(.include, nonKeyAttributes: ["x"]),
                indexStatus: "ACTIVE", itemCount: 3, indexSizeBytes: 30, indexArn: "arn:index",
                provisionedThroughput: nil)
        ],
        localSecondaryIndexes: [],
        streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages),
        latestStreamArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk/stream/2026-11-29T00:00:00.000",
        latestStreamLabel: "2026-11-29T00:00:00.000")
    static let stream = StreamDescription(
        streamArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk/stream/L", streamLabel: "L",
        streamStatus: .enabled, streamViewType: .newAndOldImages,
        creationRequestDateTime: 1_700_000_000, tableName: "vaultdesk", keySchema: [KeySchemaElement("pk", .hash)],
        shards: [
            Shard(
                shardId: "shard-1", parentShardId: nil,
                sequenceNumberRange: SequenceNumberRange(startingSequenceNumber: "1", endingSequenceNumber: "9")),
            Shard(
                shardId: "shard-2", parentShardId: "shard-1",
                sequenceNumberRange: SequenceNumberRange(startingSequenceNumber: "10", endingSequenceNumber: nil)),
        ],
        lastEvaluatedShardId: "shard-2")
    static let record = StreamRecord(
        eventID: "e1", eventName: .modify, tableName: "", approximateCreationDateTime: 1_700_000_000, keys: key,
        newImage: item, oldImage: key, sequenceNumber: "00000000000000000042", sizeBytes: 120,
        streamViewType: .newAndOldImages,
        userIdentity: StreamUserIdentity(type: "Service", principalId: "dynamodb.amazonaws.com"))

    /// A sample of every operation with a realistic output, so no operation's codec goes untested.
    static let samples: [Sample] = [
        Sample(
            CreateTableInput(
                tableName: "t", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("g", .n)],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "gsi1", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ],
                billingMode: .provisioned,
                provisionedThroughput: ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 6),
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .keysOnly),
                tags: [ResourceTag(key: "team", value: "billing")]), table),
        Sample(DescribeTableInput(tableName: "vaultdesk"), table),
        Sample(
            UpdateTableInput(
                tableName: "vaultdesk", attributeDefinitions: [AttributeDefinition("h", .s)],
                globalSecondaryIndexUpdates: [
                    .create(
                        SecondaryIndex(
                            indexName: "gsi2", keySchema: [KeySchemaElement("h", .hash)], projection: .keysOnly)),
                    .delete(indexName: "gsi1"),
                ],
                billingMode: .payPerRequest, streamSpecification: StreamSpecification(streamEnabled: false)), table),
        Sample(DeleteTableInput(tableName: "vaultdesk"), table),
        Sample(
            ListTablesInput(exclusiveStartTableName: "a", limit: 3),
            ListTablesOutput(tableNames: ["b", "c"], lastEvaluatedTableName: "c")),
        Sample(
            PutItemInput(
                tableName: "vaultdesk", item: item,
                options: WriteOptions(
                    conditionExpression: "attribute_not_exists(pk) OR #v < :v",
                    expressionAttributeNames: ["#v": "version"],
                    expressionAttributeValues: [":v": .n(DecimalNumber(3))], returnValues: .allOld,
                    returnValuesOnConditionCheckFailure: .allOld, returnConsumedCapacity: .total)),
            WriteItemOutput(attributes: item, consumedCapacity: capacity)),
        Sample(
            GetItemInput(
                tableName: "vaultdesk", key: key, consistentRead: true, projectionExpression: "#s, amount",
                expressionAttributeNames: ["#s": "status"],
                returnConsumedCapacity: .indexes), GetItemOutput(item: item, consumedCapacity: capacity)),
        Sample(GetItemInput(tableName: "vaultdesk", key: key), GetItemOutput()),
        Sample(
            UpdateItemInput(
                tableName: "vaultdesk", key: key, updateExpression: "SET #s = :s ADD #v :v REMOVE gone",
                options: WriteOptions(
                    conditionExpression: "#v = :v", expressionAttributeNames: names, expressionAttributeValues: values,
                    returnValues: .updatedNew)),
            WriteItemOutput(attributes: ["status": .s("PAID")], consumedCapacity: nil)),
        Sample(
            DeleteItemInput(
                tableName: "vaultdesk", key: key,
                options: WriteOptions(conditionExpression: "attribute_exists(pk)", returnValues: .allOld)),
            WriteItemOutput(attributes: item)),
        Sample(
            QueryInput(
                tableName: "vaultdesk", indexName: "gsi1",
                keyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :s)", filterExpression: "#s = :s",
                projectionExpression: "pk, sk", expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":p": .s("TENANT#acme#PAYMENTS#3"), ":s": .s("2026")],
                scanIndexForward: false, limit: 25,
                exclusiveStartKey: key, select: .specificAttributes, consistentRead: false,
                returnConsumedCapacity: .total),
            ItemPage(items: [item, item], count: 2, scannedCount: 5, lastEvaluatedKey: key, consumedCapacity: capacity)),
        Sample(
            QueryInput(
                tableName: "vaultdesk", keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": .s("x")],
                select: .count),
            ItemPage(items: [], count: 7, scannedCount: 9, lastEvaluatedKey: nil, consumedCapacity: nil)),
        Sample(
            ScanInput(
                tableName: "vaultdesk", filterExpression: "attribute_exists(#s)",
                expressionAttributeNames: ["#s": "status"], limit: 10,
                exclusiveStartKey: key, segment: 1, totalSegments: 4, select: .allAttributes),
            ItemPage(items: [item], count: 1, scannedCount: 1, lastEvaluatedKey: nil, consumedCapacity: nil)),
        Sample(
            BatchWriteItemInput(
                requestItems: ["vaultdesk": [.put(item), .delete(key: ["pk": .s("x"), "sk": .s("y")])]],
                returnConsumedCapacity: .total),
            BatchWriteItemOutput(
                unprocessedItems: ["vaultdesk": [.put(item), .delete(key: key)]], consumedCapacity: [capacity])),
        Sample(
            BatchGetItemInput(requestItems: [
                "vaultdesk": KeysAndAttributes(
                    keys: [key], consistentRead: true, projectionExpression: "#p",
                    expressionAttributeNames: ["#p": "pk"])
            ]),
            BatchGetItemOutput(
                responses: ["vaultdesk": [item]], unprocessedKeys: ["vaultdesk": KeysAndAttributes(keys: [key])],
                consumedCapacity: [capacity])),
        Sample(
            TransactWriteItemsInput(
                transactItems: [
                    .put(
                        PutItemInput(
                            tableName: "vaultdesk", item: key,
                            options: WriteOptions(conditionExpression: "attribute_not_exists(pk)"))
                    ),
                    .update(
                        UpdateItemInput(
                            tableName: "vaultdesk", key: key, updateExpression: "ADD #v :v",
                            options: WriteOptions(
                                expressionAttributeNames: ["#v": "version"],
                                expressionAttributeValues: [":v": .n(DecimalNumber(1))]))),
                    .delete(DeleteItemInput(tableName: "vaultdesk", key: key)),
                    .conditionCheck(
                        ConditionCheck(
                            tableName: "vaultdesk", key: key, conditionExpression: "attribute_exists(pk)",
                            returnValuesOnConditionCheckFailure: .allOld)),
                ], clientRequestToken: "token-1", returnConsumedCapacity: .total),
            TransactWriteItemsOutput(consumedCapacity: [capacity])),
        Sample(
            TransactGetItemsInput(transactItems: [
                TransactGetItem(tableName: "vaultdesk", key: key, projectionExpression: "sk")
            ]),
            TransactGetItemsOutput(responses: [item, nil], consumedCapacity: nil)),
        Sample(
            UpdateTimeToLiveInput(
                tableName: "vaultdesk",
                timeToLiveSpecification: TimeToLiveSpecification(enabled: true, attributeName: "expires_at")),
            TimeToLiveSpecification(enabled: true, attributeName: "expires_at")),
        Sample(
            DescribeTimeToLiveInput(tableName: "vaultdesk"),
            TimeToLiveDescription(timeToLiveStatus: .enabled, attributeName: "expires_at")),
        Sample(DescribeLimitsInput(), DescribeLimitsOutput()),
        Sample(
            ListStreamsInput(tableName: "vaultdesk", limit: 2, exclusiveStartStreamArn: "arn:1"),
            ListStreamsOutput(
                streams: [StreamSummary(streamArn: "arn:2", tableName: "vaultdesk", streamLabel: "L")],
                lastEvaluatedStreamArn: "arn:2")),
        Sample(DescribeStreamInput(streamArn: stream.streamArn, limit: 1, exclusiveStartShardId: "shard-1"), stream),
        Sample(
            GetShardIteratorInput(
                streamArn: stream.streamArn, shardId: "shard-1", shardIteratorType: .afterSequenceNumber,
                sequenceNumber: "5"),
            GetShardIteratorOutput(shardIterator: "iterator-1")),
        Sample(
            GetRecordsInput(shardIterator: "iterator-1", limit: 100),
            GetRecordsOutput(records: [record], nextShardIterator: "iterator-2")),
        Sample(
            TagResourceInput(
                resourceArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk",
                tags: [ResourceTag(key: "team", value: "billing"), ResourceTag(key: "cost centre", value: "")]),
            NoContent()),
        Sample(
            UntagResourceInput(resourceArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", tagKeys: ["team"]),
            NoContent()),
        Sample(
            ListTagsOfResourceInput(
                resourceArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", nextToken: "team"),
            ListTagsOfResourceOutput(tags: [ResourceTag(key: "環境", value: "本番")], nextToken: "x")),
        Sample(
            ExecuteStatementInput(
                statement: "SELECT * FROM \"vaultdesk\" WHERE pk = ? AND begins_with(sk, 'STATEMENT')",
                parameters: [.s("TENANT#acme")], consistentRead: true, nextToken: "token", limit: 10,
                returnConsumedCapacity: .indexes, returnValuesOnConditionCheckFailure: .allOld),
            ExecuteStatementOutput(items: [item], nextToken: "next", lastEvaluatedKey: key, consumedCapacity: capacity)),
        Sample(
            BatchExecuteStatementInput(
                statements: [
                    BatchStatementRequest(
                        statement: "UPDATE vaultdesk SET n = n + ? WHERE pk = ? AND sk = ?",
                        parameters: [.n(DecimalNumber(1)), .s("TENANT#acme"), .s("STATEMENT")],
                        returnValuesOnConditionCheckFailure: .allOld),
                    BatchStatementRequest(statement: "DELETE FROM vaultdesk WHERE pk = 'a' AND sk = 'b'"),
                ], returnConsumedCapacity: .total),
            BatchExecuteStatementOutput(
                responses: [
                    BatchStatementResponse(tableName: "vaultdesk", item: item),
                    BatchStatementResponse(
                        error: BatchStatementResponse.Failure(
                            code: "ConditionalCheckFailed", message: "The conditional request failed", item: key)),
                ], consumedCapacity: [capacity])),
        Sample(
            ExecuteTransactionInput(
                transactStatements: [
                    ParameterizedStatement(
                        statement: "INSERT INTO vaultdesk VALUE {'pk': ?, 'sk': 'x'}", parameters: [.s("é")],
                        returnValuesOnConditionCheckFailure: .allOld),
                    ParameterizedStatement(
                        statement: "EXISTS(SELECT * FROM vaultdesk WHERE pk = 'a' AND sk = 'b' AND n > 1)"),
                ], clientRequestToken: "token-1", returnConsumedCapacity: .total),
            ExecuteTransactionOutput(responses: [item, nil], consumedCapacity: [capacity])),
        Sample(CreateBackupInput(tableName: "vaultdesk", backupName: "before-2026-12"), backup(withSource: false)),
        Sample(DescribeBackupInput(backupArn: backupArn), backup(withSource: true)),
        Sample(DeleteBackupInput(backupArn: backupArn), backup(withSource: true)),
        Sample(
            ListBackupsInput(
                tableName: "vaultdesk", createdAfter: 1_795_000_000, createdBefore: 1_796_000_000.5, backupType: "USER",
                limit: 10, exclusiveStartBackupArn: backupArn),
            ListBackupsOutput(backups: [backup(withSource: false)], lastEvaluatedBackupArn: backupArn)),
        Sample(
            RestoreTableFromBackupInput(
                targetTableName: "restored", backupArn: backupArn, billingModeOverride: .provisioned,
                provisionedThroughputOverride: ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 6),
                globalSecondaryIndexOverride: [
                    SecondaryIndex(indexName: "gsi1", keySchema: [KeySchemaElement("gsi1pk", .hash)], projection: .all)
                ], localSecondaryIndexOverride: []),
            TableDescription(
                tableName: "restored", tableStatus: "ACTIVE", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)])),
        Sample(
            UpdateContinuousBackupsInput(
                tableName: "vaultdesk", pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7),
            ContinuousBackupsDescription(
                pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7,
                earliestRestorableDateTime: 1_795_953_899.904, latestRestorableDateTime: 1_796_000_000.5)),
        Sample(
            DescribeContinuousBackupsInput(tableName: "vaultdesk"),
            ContinuousBackupsDescription(pointInTimeRecoveryEnabled: false)),
        Sample(
            RestoreTableToPointInTimeInput(
                sourceTableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", targetTableName: "then",
                restoreDateTime: 1_795_953_900, billingModeOverride: .payPerRequest, globalSecondaryIndexOverride: []),
            TableDescription(
                tableName: "then", tableStatus: "ACTIVE", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)])),
        Sample(
            ExportTableToPointInTimeInput(
                tableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", clientToken: "token-1",
                s3Bucket: "lake", s3Prefix: "tenants/daily", exportFormat: .ion, exportType: "INCREMENTAL_EXPORT",
                exportFromTime: 1_795_950_000, exportToTime: 1_795_953_600.5, exportViewType: .newImage),
            exportDescription(incremental: true)),
        Sample(DescribeExportInput(exportArn: exportArn), exportDescription(incremental: false)),
        Sample(
            ListExportsInput(
                tableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", maxResults: 5, nextToken: exportArn),
            ListExportsOutput(
                exports: [
                    ExportDescription(
                        exportArn: exportArn, status: .completed, startTime: 0, tableArn: "", tableId: "",
                        s3Bucket: "", exportFormat: .dynamodbJSON, exportType: "FULL_EXPORT")
                ], nextToken: exportArn)),
        Sample(
            ImportTableInput(
                clientToken: "import-1", s3Bucket: "inbox", s3BucketOwner: "000000000000", s3KeyPrefix: "payments/",
                source: ImportSource(format: .csv, compression: .zstd, csvDelimiter: ";", csvHeaderList: ["pk", "sk"]),
                tableCreation: importedTable),
            importDescription),
        Sample(DescribeImportInput(importArn: importDescription.importArn), importDescription),
        Sample(
            ListImportsInput(
                tableArn: importDescription.tableArn, pageSize: 3, nextToken: String(repeating: "a", count: 112)),
            ListImportsOutput(
                imports: [
                    ImportDescription(
                        importArn: importDescription.importArn, status: .completed,
                        tableArn: importDescription.tableArn,
                        s3Bucket: "inbox", s3KeyPrefix: "payments/", source: ImportSource(format: .dynamodbJSON),
                        tableCreation: TableCreationParameters(tableName: "", keySchema: [], attributeDefinitions: []),
                        startTime: 1_795_953_899.904, endTime: 1_795_953_901)
                ], nextToken: String(repeating: "b", count: 112))),
    ]

    static let importedTable = TableCreationParameters(
        tableName: "imported", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
        attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .n)],
        globalSecondaryIndexes: [
            SecondaryIndex(indexName: "gsi1", keySchema: [KeySchemaElement("gsi1pk", .hash)], projection: .keysOnly)
        ], billingMode: .payPerRequest)

    static var importDescription: ImportDescription {
        var result = ImportResult()
        result.processedItemCount = 52
        result.importedItemCount = 50
        result.errorCount = 2
        result.processedSizeBytes = 4_096
        return ImportDescription(
            importArn: "arn:aws:dynamodb:local:000000000000:table/imported/import/01795953899904-0a1b2c3d",
            status: .completed, tableArn: "arn:aws:dynamodb:local:000000000000:table/imported", tableId: "93c71c50",
            clientToken: "import-1", s3Bucket: "inbox", s3BucketOwner: "000000000000", s3KeyPrefix: "payments/",
            source: ImportSource(format: .csv, compression: .zstd, csvDelimiter: ";", csvHeaderList: ["pk", "sk"]),
            tableCreation: importedTable, startTime: 1_795_953_899.904, endTime: 1_795_953_901.25, result: result)
    }

    static let exportArn = "arn:aws:dynamodb:local:000000000000:table/vaultdesk/export/01795953899904-0a1b2c3d"

    static func exportDescription(incremental: Bool) -> ExportDescription {
        ExportDescription(
            exportArn: exportArn, status: .completed, startTime: 1_795_953_899.904, endTime: 1_795_953_901.25,
            exportManifest: "tenants/daily/AWSDynamoDB/01795953899904-0a1b2c3d/manifest-summary.json",
            tableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk", tableId: "93c71c50",
            exportTime: incremental ? nil : 1_795_953_899.904, clientToken: "token-1", s3Bucket: "lake",
            s3Prefix: "tenants/daily", exportFormat: incremental ? .ion : .dynamodbJSON, billedSizeBytes: 4_096,
            itemCount: 30, exportType: incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT",
            exportFromTime: incremental ? 1_795_950_000 : nil, exportToTime: incremental ? 1_795_953_600.5 : nil,
            exportViewType: incremental ? .newImage : nil)
    }

    static let backupArn = "arn:aws:dynamodb:local:000000000000:table/vaultdesk/backup/01795953899904-d6200d4b"

    static func backup(withSource: Bool) -> BackupDetails {
        BackupDetails(
            backupArn: backupArn, backupName: "before-2026-12", sizeBytes: 16_384, status: .available,
            createdAt: 1_795_953_899.904, itemCount: withSource ? 30 : 0,
            source: TableDescription(
                tableName: "vaultdesk", tableStatus: "ACTIVE", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [], creationDateTime: withSource ? 1_795_000_000 : 0,
                itemCount: withSource ? 30 : 0,
                tableSizeBytes: withSource ? 4_096 : 0, tableArn: "arn:aws:dynamodb:local:000000000000:table/vaultdesk",
                tableId: "93c71c50", billingMode: .payPerRequest,
                globalSecondaryIndexes: withSource
                    ? [
                        IndexDescription(
                            indexName: "gsi1", keySchema: [KeySchemaElement("gsi1pk", .hash)], projection: .all)
                    ]
                    : []))
    }

    @Test("every operation the endpoint serves has a codec, and a sample here")
    func everyOperationCovered() {
        let served = Set(WireOperations.all.map { $0.name.rawValue })
        let expected: Set<String> = [
            "CreateTable", "DescribeTable", "UpdateTable", "DeleteTable", "ListTables", "PutItem", "GetItem",
            "UpdateItem",
            "DeleteItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem", "TransactWriteItems", "TransactGetItems",
            "UpdateTimeToLive", "DescribeTimeToLive", "DescribeLimits", "ListStreams", "DescribeStream",
            "GetShardIterator",
            "GetRecords", "TagResource", "UntagResource", "ListTagsOfResource", "ExecuteStatement",
            "BatchExecuteStatement", "ExecuteTransaction", "CreateBackup", "DescribeBackup", "ListBackups",
            "DeleteBackup", "RestoreTableFromBackup", "UpdateContinuousBackups", "DescribeContinuousBackups",
            "RestoreTableToPointInTime", "ExportTableToPointInTime", "DescribeExport", "ListExports",
            "ImportTable", "DescribeImport", "ListImports",
        ]
        #expect(served == expected)
        #expect(
            Set(WireOperations.served.keys) == expected.union(["DescribeEndpoints"]),
            "DescribeEndpoints is the endpoint's own answer")
        #expect(Set(Self.samples.map(\.name.rawValue)) == served)
    }

    @Test("every operation's request and response survive the trip through bytes", arguments: samples.indices)
    func roundTrip(index: Int) throws {
        try Self.samples[index].check()
    }

    @Test("random items in puts, gets and batches survive both directions (200 random cases)")
    func randomItems() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var item: Item = ["pk": .s(RandomJSON.string(&rng)), "sk": .s("s")]
            for index in 0..<Int.random(in: 0...5, using: &rng) { item["a\(index)"] = CodecTests.randomValue(&rng) }
            try Self.roundTrips(PutItemInput(tableName: "t", item: item), WriteItemOutput(attributes: item))
            try Self.roundTrips(
                GetItemInput(tableName: "t", key: ["pk": item["pk"] ?? .null]), GetItemOutput(item: item))
            try Self.roundTrips(
                BatchWriteItemInput(requestItems: ["t": [.put(item)]]),
                BatchWriteItemOutput(unprocessedItems: ["t": [.put(item)]]))
        }
    }

    @Test(
        "an item written straight from its attribute values reads back as the same JSON as its tree of JSON values, and as the same item (300 random cases)"
    )
    func itemsWrittenStraight() throws {
        var rng = SeededGenerator(seed: 0x17E5)
        for _ in 0..<300 {
            var item: Item = [RandomJSON.string(&rng): .s(RandomJSON.string(&rng))]
            for index in 0..<Int.random(in: 0...6, using: &rng) { item["a\(index)"] = CodecTests.randomValue(&rng) }
            let straight = try JSONParser.parse(JSONWriter.encode(.item(item)))
            let tree = try JSONParser.parse(JSONWriter.encode(.object(AttributeJSON.members(of: item))))
            #expect(straight == tree)
            #expect(try AttributeJSON.decodeItem(straight) == item)
            #expect(JSONValue.item(item) == tree, "an item equals the structure it stands for")
            #expect(JSONValue.item(item).hashValue == tree.hashValue)
        }
    }

    @Test("decoded outputs equal the originals, not only their encodings")
    func outputsEqual() throws {
        let get = GetItemOutput(item: Self.item, consumedCapacity: Self.capacity)
        #expect(try Self.response(GetItemInput(tableName: "t", key: Self.key), get) == get)
        let page = ItemPage(
            items: [Self.item, Self.item], count: 2, scannedCount: 5, lastEvaluatedKey: Self.key,
            consumedCapacity: Self.capacity)
        #expect(try Self.response(ScanInput(tableName: "t"), page) == page)
        let counted = ItemPage(items: [], count: 7, scannedCount: 9, lastEvaluatedKey: nil, consumedCapacity: nil)
        let countQuery = QueryInput(tableName: "t", select: .count)
        #expect(try Self.response(countQuery, counted) == counted)
        #expect(countQuery.wireResponse(counted)["Items"] == nil, "Select COUNT answers no Items member")
        #expect(try Self.response(DescribeTableInput(tableName: "vaultdesk"), Self.table) == Self.table)
        #expect(try Self.response(DescribeStreamInput(streamArn: "x"), Self.stream) == Self.stream)
        #expect(
            try Self.response(
                GetRecordsInput(shardIterator: "i"), GetRecordsOutput(records: [Self.record], nextShardIterator: nil)
            ).records == [Self.record])
        let batchGet = BatchGetItemOutput(
            responses: ["vaultdesk": [Self.item]], unprocessedKeys: ["vaultdesk": KeysAndAttributes(keys: [Self.key])],
            consumedCapacity: [Self.capacity])
        #expect(try Self.response(BatchGetItemInput(requestItems: [:]), batchGet) == batchGet)
        let transactGet = TransactGetItemsOutput(responses: [Self.item, nil], consumedCapacity: nil)
        #expect(try Self.response(TransactGetItemsInput(transactItems: []), transactGet) == transactGet)
    }

    @Test("the client refuses legacy parameters rather than send them half-encoded")
    func legacyRefused() {
        let put = PutItemInput(
            tableName: "vaultdesk", item: Self.key,
            options: WriteOptions(expected: ["pk": ExpectedAttributeValue(exists: false)]))
        #expect(throws: WireError.self) { _ = try put.wireRequest() }
        let query = QueryInput(tableName: "vaultdesk", keyConditions: ["pk": Condition(.eq, [.s("x")])])
        #expect(throws: WireError.self) { _ = try query.wireRequest() }
        let update = UpdateItemInput(
            tableName: "vaultdesk", key: Self.key, attributeUpdates: ["a": AttributeValueUpdate(.put, .s("x"))])
        #expect(throws: WireError.self) { _ = try update.wireRequest() }
        let get = GetItemInput(tableName: "vaultdesk", key: Self.key, attributesToGet: ["a"])
        #expect(throws: WireError.self) { _ = try get.wireRequest() }
    }

    @Test("errors: the store's own by type with their item and reasons; throttling and 5xx as retryable")
    func errors() throws {
        func wire(_ value: JSONValue) throws -> JSONValue { try JSONParser.parse(JSONWriter.encode(value)) }
        var failed = StoreError(.conditionalCheckFailed, "The conditional request failed")
        failed.item = Self.item
        let wireFailed = WireError(failed)
        let decoded = RemoteErrors.error(status: wireFailed.status, body: try wire(wireFailed.body))
        #expect((decoded as? StoreError) == failed)
        #expect((decoded as? StoreError)?.item == Self.item)

        var canceled = StoreError(
            .transactionCanceled,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]"
        )
        canceled.cancellationReasons = [
            CancellationReason(
                code: "ConditionalCheckFailed", message: "The conditional request failed", item: Self.item), .none,
        ]
        let wireCanceled = WireError(canceled)
        let decodedCanceled =
            RemoteErrors.error(status: wireCanceled.status, body: try wire(wireCanceled.body)) as? StoreError
        #expect(decodedCanceled?.code == .transactionCanceled)
        #expect(decodedCanceled?.cancellationReasons?.map(\.code) == ["ConditionalCheckFailed", "None"])
        #expect(decodedCanceled?.cancellationReasons?.first?.item == Self.item)

        let throttled = WireError(
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded")
        #expect(
            RemoteErrors.error(status: 400, body: try wire(throttled.body)) as? RemoteCallError
                == .service(type: "ProvisionedThroughputExceededException", message: throttled.message, status: 400))
        let server = RemoteErrors.error(status: 503, body: nil) as? RemoteCallError
        #expect(server.map(RetryPolicy.isRetryable) == true)
        let denied =
            RemoteErrors.error(status: 400, body: try wire(WireError("AccessDeniedException", "not allowed").body))
            as? StoreError
        #expect(denied == StoreError(.accessDenied, "not allowed"))
        let unknown =
            RemoteErrors.error(
                status: 400, body: try wire(WireError("UnknownOperationException", "no such thing").body))
            as? RemoteCallError
        #expect(unknown == .service(type: "UnknownOperationException", message: "no such thing", status: 400))
    }

    @Test("every operation says what it touches")
    func access() {
        let get = GetItemInput(tableName: "t", key: Self.key, projectionExpression: "a")
        #expect(
            get.access.targets.map(\.keys) == [[Self.key]] && get.access.targets.map(\.select) == [.specificAttributes])
        let put = PutItemInput(tableName: "t", item: Self.item)
        #expect(put.access.targets.first?.kind == .write && put.access.targets.first?.attributes == Set(Self.item.keys))
        let transaction = TransactWriteItemsInput(transactItems: [
            .put(put), .conditionCheck(ConditionCheck(tableName: "u", key: Self.key, conditionExpression: "x")),
        ])
        #expect(
            transaction.access.targets.map(\.table) == ["t", "u"]
                && transaction.access.targets.map(\.kind) == [.write, .read])
        #expect(QueryInput(tableName: "t", indexName: "gsi1").access.targets.first?.index == "gsi1")
        #expect(DescribeStreamInput(streamArn: Self.stream.streamArn).access.targets.first?.table == "vaultdesk")
        #expect(ListTablesInput().access.targets.isEmpty)
        #expect(
            CreateTableInput(tableName: "n", keySchema: [], attributeDefinitions: []).access.targets.first?.kind
                == .manage)
    }
}
