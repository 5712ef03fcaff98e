import Foundation
import Testing

@testable import PartitionStore

@Suite("Time to live")
struct TimeToLiveTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }
    let now = Date().timeIntervalSince1970

    init() throws {
        temp = try TemporaryStore()
        try temp.store.createTable(
            CreateTableInput(
                tableName: "sessions", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)],
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .oldImage)))
    }

    func put(_ pk: String, _ expires: AttributeValue?) throws {
        var item: Item = ["pk": .s(pk)]
        item["expiresAt"] = expires
        try store.putItem(PutItemInput(tableName: "sessions", item: item))
    }

    func exists(_ pk: String) throws -> Bool {
        try store.getItem(GetItemInput(tableName: "sessions", key: ["pk": .s(pk)])).item != nil
    }

    @Test("another process's change of TTL and streams shows in DescribeTimeToLive and DescribeTable at once")
    func describedAsTheFileHasIt() throws {
        let other = try temp.reopen()
        #expect(try other.describeTimeToLive(tableName: "sessions").timeToLiveStatus == .disabled)
        #expect(try other.describeTable("sessions").streamSpecification?.streamEnabled == true)
        try store.updateTimeToLive(
            tableName: "sessions", specification: TimeToLiveSpecification(enabled: true, attributeName: "expiresAt"))
        try store.updateTable(
            UpdateTableInput(tableName: "sessions", streamSpecification: StreamSpecification(streamEnabled: false)))
        #expect(try other.describeTimeToLive(tableName: "sessions").timeToLiveStatus == .enabled)
        #expect(try other.describeTable("sessions").streamSpecification == nil)
    }

    @Test("UpdateTimeToLive and DescribeTimeToLive, with DynamoDB's errors")
    func settings() throws {
        #expect(
            try store.describeTimeToLive(tableName: "sessions")
                == TimeToLiveDescription(timeToLiveStatus: .disabled, attributeName: nil))
        try store.updateTimeToLive(
            tableName: "sessions", specification: TimeToLiveSpecification(enabled: true, attributeName: "expiresAt"))
        #expect(
            try store.describeTimeToLive(tableName: "sessions")
                == TimeToLiveDescription(timeToLiveStatus: .enabled, attributeName: "expiresAt"))
        for (specification, fragment) in [
            (TimeToLiveSpecification(enabled: true, attributeName: "other"), "TimeToLive is already enabled"),
            (TimeToLiveSpecification(enabled: false, attributeName: "other"), "different AttributeName"),
            (TimeToLiveSpecification(enabled: true, attributeName: ""), "Member must have length between 1 and 255"),
        ] {
            do {
                try store.updateTimeToLive(tableName: "sessions", specification: specification)
                Issue.record("expected \(fragment)")
            } catch {
                #expect(error.code == .validation && error.message.contains(fragment), "\(error.message)")
            }
        }
        try store.updateTimeToLive(
            tableName: "sessions", specification: TimeToLiveSpecification(enabled: false, attributeName: "expiresAt"))
        #expect(throws: StoreError.self) {
            try store.updateTimeToLive(
                tableName: "sessions",
                specification: TimeToLiveSpecification(enabled: false, attributeName: "expiresAt"))
        }
        #expect(throws: StoreError.self) { try store.describeTimeToLive(tableName: "missing") }
    }

    @Test("the sweep deletes what has expired, by DynamoDB's rules, with service REMOVE records")
    func sweep() throws {
        try put("past", .n(DecimalNumber(Int(now) - 60)))
        try put("future", .n(DecimalNumber(Int(now) + 3_600)))
        try put("text", .s("\(Int(now) - 60)"))
        try put("none", nil)
        try put("ancient", .n(DecimalNumber(Int(now) - 6 * 365 * 24 * 3_600)))
        try store.updateTimeToLive(
            tableName: "sessions", specification: TimeToLiveSpecification(enabled: true, attributeName: "expiresAt"))
        try put("later-expired", .n(DecimalNumber(Int(now) - 1)))

        // Expired but not yet swept: still there, as in DynamoDB.
        #expect(try exists("past"))
        #expect(try store.sweepExpiredItems(now: now, batch: 1) == 2)
        #expect(try !exists("past") && !exists("later-expired"))
        #expect(try exists("future") && exists("text") && exists("none") && exists("ancient"))
        #expect(try store.sweepExpiredItems(now: now) == 0)

        let arn = try #require(try store.describeTable("sessions").latestStreamArn)
        let shard = try store.describeStream(arn).shards[0].shardId
        let records = try store.getRecords(
            shardIterator: try store.getShardIterator(streamArn: arn, shardId: shard, type: .trimHorizon)
        ).records
        let removals = records.filter { $0.eventName == .remove }
        #expect(removals.count == 2)
        #expect(
            removals.allSatisfy {
                $0.userIdentity == StreamUserIdentity(type: "Service", principalId: "dynamodb.amazonaws.com")
                    && $0.oldImage != nil
            })
        #expect(records.filter { $0.eventName == .insert }.allSatisfy { $0.userIdentity == nil })

        // Moving the expiry moves the item in the sweep; removing it keeps the item for good.
        try store.updateItem(
            UpdateItemInput(
                tableName: "sessions", key: ["pk": .s("future")], updateExpression: "SET expiresAt = :t",
                options: WriteOptions(expressionAttributeValues: [":t": .n(DecimalNumber(Int(now) - 5))])))
        try store.updateItem(
            UpdateItemInput(
                tableName: "sessions", key: ["pk": .s("none")], updateExpression: "SET expiresAt = :t",
                options: WriteOptions(expressionAttributeValues: [":t": .n(DecimalNumber(Int(now) - 5))])))
        try store.updateItem(
            UpdateItemInput(tableName: "sessions", key: ["pk": .s("none")], updateExpression: "REMOVE expiresAt"))
        #expect(try store.sweepExpiredItems(now: now) == 1)
        #expect(try !exists("future") && exists("none"))
    }

    @Test("the background sweeper removes an expired item within seconds")
    func backgroundSweeper() async throws {
        let store = try PartitionStore(
            path: temp.folder.appendingPathComponent("swept.db").path,
            configuration: StoreConfiguration(durability: .normal, sweepInterval: 0.1))
        try await store.createTable(
            CreateTableInput(
                tableName: "queue", keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)]))
        try await store.updateTimeToLive(
            tableName: "queue", specification: TimeToLiveSpecification(enabled: true, attributeName: "ttl"))
        try await store.putItem(
            PutItemInput(
                tableName: "queue",
                item: ["pk": .s("job"), "ttl": .n(DecimalNumber(Int(Date().timeIntervalSince1970) - 1))]))
        var gone = false
        for _ in 0..<50 where !gone {
            try await Task.sleep(for: .milliseconds(100))
            gone = try await store.getItem(GetItemInput(tableName: "queue", key: ["pk": .s("job")])).item == nil
        }
        #expect(gone)
    }
}
