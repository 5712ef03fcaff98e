import Foundation
import Testing

@testable import PartitionStore

@Suite("Change streams")
struct StreamTests {
    let temp: TemporaryStore
    var store: PartitionStore { temp.store }

    init() throws {
        temp = try TemporaryStore()
    }

    func makeTable(_ name: String = "events", view: StreamViewType? = .newAndOldImages) throws {
        try store.createTable(
            CreateTableInput(
                tableName: name, keySchema: [KeySchemaElement("pk", .hash)],
                attributeDefinitions: [AttributeDefinition("pk", .s)],
                streamSpecification: view.map { StreamSpecification(streamEnabled: true, streamViewType: $0) }))
    }

    func arn(_ table: String = "events") throws -> String {
        guard let arn = try store.describeTable(table).latestStreamArn else {
            throw StoreError(.validation, "no stream")
        }
        return arn
    }

    func allRecords(_ table: String = "events", from type: ShardIteratorType = .trimHorizon) throws -> [StreamRecord] {
        try records(of: arn(table), from: type)
    }

    @Test("one record per effective change, with keys, images, sizes and increasing sequence numbers")
    func recordsPerChange() throws {
        try makeTable()
        let key: Item = ["pk": .s("a")]
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a"), "v": .number(1)]))
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a"), "v": .number(1)]))  // no change
        try store.updateItem(
            UpdateItemInput(
                tableName: "events", key: key, updateExpression: "SET v = :v",
                options: WriteOptions(expressionAttributeValues: [":v": .num("1.0")])))  // no change
        try store.updateItem(
            UpdateItemInput(
                tableName: "events", key: key, updateExpression: "SET v = v + :one",
                options: WriteOptions(expressionAttributeValues: [":one": .number(1)])))
        try store.deleteItem(DeleteItemInput(tableName: "events", key: key))
        try store.deleteItem(DeleteItemInput(tableName: "events", key: key))  // nothing to delete
        do {
            try store.putItem(
                PutItemInput(
                    tableName: "events", item: ["pk": .s("a")],
                    options: WriteOptions(conditionExpression: "attribute_exists(pk)")))
        } catch {}  // failed: no record

        let records = try allRecords()
        #expect(records.map(\.eventName) == [.insert, .modify, .remove])
        #expect(
            records.allSatisfy { $0.keys == key && $0.streamViewType == .newAndOldImages && $0.tableName == "events" })
        #expect(records[0].oldImage == nil && records[0].newImage == ["pk": .s("a"), "v": .number(1)])
        #expect(
            records[1].oldImage == ["pk": .s("a"), "v": .number(1)]
                && records[1].newImage == ["pk": .s("a"), "v": .number(2)])
        #expect(records[2].oldImage == ["pk": .s("a"), "v": .number(2)] && records[2].newImage == nil)
        #expect(
            zip(records, records.dropFirst()).allSatisfy {
                $0.sequence < $1.sequence && $0.sequenceNumber < $1.sequenceNumber
            })
        #expect(
            records[1].sizeBytes == ItemSize.of(key) + ItemSize.of(records[1].oldImage ?? [:])
                + ItemSize.of(records[1].newImage ?? [:]))
        let now = Date().timeIntervalSince1970
        #expect(records.allSatisfy { abs($0.approximateCreationDateTime - now) < 60 && $0.userIdentity == nil })
    }

    @Test("each view type keeps the images it names", arguments: StreamViewType.allCases)
    func viewTypes(view: StreamViewType) throws {
        try makeTable(view: view)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a"), "v": .number(1)]))
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a"), "v": .number(2)]))
        let modify = try allRecords()[1]
        #expect((modify.oldImage != nil) == (view == .oldImage || view == .newAndOldImages))
        #expect((modify.newImage != nil) == (view == .newImage || view == .newAndOldImages))
        #expect(modify.keys == ["pk": .s("a")])
    }

    @Test("streams are enabled and disabled by UpdateTable; a table without one writes no records")
    func enableAndDisable() throws {
        try makeTable(view: nil)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("before")]))
        #expect(try store.describeTable("events").latestStreamArn == nil)
        #expect(try store.listStreams().streams.isEmpty)
        try store.updateTable(
            UpdateTableInput(
                tableName: "events",
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .keysOnly)))
        let description = try store.describeTable("events")
        #expect(description.streamSpecification == StreamSpecification(streamEnabled: true, streamViewType: .keysOnly))
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("after")]))
        #expect(try allRecords().map(\.keys) == [["pk": .s("after")]])
        #expect(try store.listStreams(tableName: "events").streams.map(\.streamArn) == [try arn()])

        #expect(throws: StoreError.self) {
            try store.updateTable(
                UpdateTableInput(
                    tableName: "events",
                    streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .keysOnly)))
        }
        try store.updateTable(
            UpdateTableInput(tableName: "events", streamSpecification: StreamSpecification(streamEnabled: false)))
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("while disabled")]))
        let disabled = try store.describeStream(try arn())
        #expect(
            disabled.streamStatus == .disabled && disabled.shards[0].sequenceNumberRange.endingSequenceNumber != nil)
        #expect(try allRecords().count == 1)
        #expect(try store.describeTable("events").streamSpecification == nil)

        try store.updateTable(
            UpdateTableInput(
                tableName: "events",
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
        #expect(try store.describeStream(try arn()).streamLabel != disabled.streamLabel)
    }

    @Test(
        "DescribeStream pages its shards: after the last there are none, Limit is 1 to 100, and a shard always starts somewhere"
    )
    func describeStreamPaging() throws {
        try makeTable()
        let streamArn = try arn()
        // A stream with no records yet: its shard still has a starting sequence number.
        let empty = try store.describeStream(streamArn)
        let shard = try #require(empty.shards.first)
        #expect(shard.sequenceNumberRange.startingSequenceNumber != nil && empty.lastEvaluatedShardId == nil)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("a")]))
        let first = try #require(try allRecords().first?.sequenceNumber)
        #expect(try store.describeStream(streamArn).shards.first?.sequenceNumberRange.startingSequenceNumber == first)
        // Asking for the shards after the last one returns none, so a client paging shards stops.
        #expect(try store.describeStream(streamArn, exclusiveStartShardId: shard.shardId).shards.isEmpty)
        #expect(try store.describeStream(streamArn, limit: 1).shards.map(\.shardId) == [shard.shardId])
        for limit in [0, 101] {
            #expect {
                try store.describeStream(streamArn, limit: limit)
            } throws: { error in
                (error as? StoreError)?.message.contains("Value '\(limit)' at 'limit' failed to satisfy constraint")
                    == true
            }
        }
        // Once disabled, the shard is closed: it has an ending sequence number.
        try store.updateTable(
            UpdateTableInput(tableName: "events", streamSpecification: StreamSpecification(streamEnabled: false)))
        #expect(try store.describeStream(streamArn).shards.first?.sequenceNumberRange.endingSequenceNumber == first)
    }

    /// Every record of a stream by its ARN from an iterator of `type`, read a few at a time until
    /// a read comes back empty.
    func records(of streamArn: String, from type: ShardIteratorType = .trimHorizon) throws -> [StreamRecord] {
        let shard = try store.describeStream(streamArn).shards[0].shardId
        var iterator: String? = try store.getShardIterator(streamArn: streamArn, shardId: shard, type: type)
        var records: [StreamRecord] = []
        while let current = iterator {
            let output = try store.getRecords(shardIterator: current, limit: 3)
            records += output.records
            // An open shard always gives a next iterator; a closed one stops giving them at its end.
            iterator = output.records.isEmpty ? nil : output.nextShardIterator
        }
        return records
    }

    /// Whether a closed shard, read to its end, gives no next iterator.
    func endsWhenRead(_ streamArn: String) throws -> Bool {
        let shard = try store.describeStream(streamArn).shards[0].shardId
        var iterator: String? = try store.getShardIterator(streamArn: streamArn, shardId: shard, type: .trimHorizon)
        for _ in 0..<100 {
            guard let current = iterator else { return true }
            iterator = try store.getRecords(shardIterator: current, limit: 2).nextShardIterator
        }
        return false
    }

    @Test(
        "a stream replaced by a new one stays readable, disabled, and listed, until the retention trims it (DynamoDB Streams API Reference, DescribeStream and ListStreams)"
    )
    func replacedStreamsStayReadable() throws {
        try makeTable(view: .keysOnly)
        let first = try arn()
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("one")]))
        try store.updateTable(
            UpdateTableInput(tableName: "events", streamSpecification: StreamSpecification(streamEnabled: false)))
        try store.updateTable(
            UpdateTableInput(
                tableName: "events",
                streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newImage)))
        let second = try arn()
        #expect(second != first)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("two")]))

        let old = try store.describeStream(first)
        #expect(old.streamStatus == .disabled && old.streamViewType == .keysOnly)
        #expect(old.shards[0].sequenceNumberRange.endingSequenceNumber != nil, "its shard is closed")
        #expect(try records(of: first).map(\.keys) == [["pk": .s("one")]])
        #expect(try endsWhenRead(first), "a closed shard read to its end gives no next iterator")
        #expect(try records(of: second).map(\.keys) == [["pk": .s("two")]])
        #expect(Set(try store.listStreams(tableName: "events").streams.map(\.streamArn)) == [first, second])
        #expect(try temp.reopen().describeStream(first).streamStatus == .disabled, "another process sees it too")

        try store.trimStreams(olderThan: -1)
        #expect(throws: StoreError.self) { try store.describeStream(first) }
        #expect(try store.listStreams(tableName: "events").streams.map(\.streamArn) == [second])
    }

    @Test("a deleted table's stream stays readable, disabled, with every record written before the delete")
    func deletedTablesStreamStaysReadable() throws {
        try makeTable()
        let streamArn = try arn()
        let iterator = try store.getShardIterator(
            streamArn: streamArn, shardId: try store.describeStream(streamArn).shards[0].shardId, type: .trimHorizon)
        for key in ["a", "b", "c"] { try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s(key)])) }
        _ = try store.deleteTable("events")

        #expect(try store.describeStream(streamArn).streamStatus == .disabled)
        #expect(try records(of: streamArn).map(\.keys) == [["pk": .s("a")], ["pk": .s("b")], ["pk": .s("c")]])
        #expect(
            try store.getRecords(shardIterator: iterator).records.count == 3, "an iterator taken before still reads")
        #expect(try store.listStreams(tableName: "events").streams.map(\.streamArn) == [streamArn])
        #expect(throws: StoreError.self) { try store.describeTable("events") }

        // A table made again under the name has a stream of its own; the old one is still listed.
        try makeTable()
        let fresh = try arn()
        #expect(fresh != streamArn)
        #expect(Set(try store.listStreams(tableName: "events").streams.map(\.streamArn)) == [streamArn, fresh])
        #expect(try records(of: fresh).isEmpty)
    }

    @Test("iterator types, limits, and the errors of the streams API")
    func iterators() throws {
        try makeTable()
        for index in 0..<5 { try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("k\(index)")])) }
        let streamArn = try arn()
        let shard = try store.describeStream(streamArn).shards[0].shardId
        let all = try allRecords()
        #expect(all.count == 5)

        let at = try store.getShardIterator(
            streamArn: streamArn, shardId: shard, type: .atSequenceNumber, sequenceNumber: all[2].sequenceNumber)
        #expect(try store.getRecords(shardIterator: at).records.map(\.sequence) == all[2...].map(\.sequence))
        let after = try store.getShardIterator(
            streamArn: streamArn, shardId: shard, type: .afterSequenceNumber, sequenceNumber: all[2].sequenceNumber)
        #expect(try store.getRecords(shardIterator: after).records.map(\.sequence) == all[3...].map(\.sequence))

        let latest = try store.getShardIterator(streamArn: streamArn, shardId: shard, type: .latest)
        let empty = try store.getRecords(shardIterator: latest)
        #expect(empty.records.isEmpty && empty.nextShardIterator != nil)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("new")]))
        #expect(
            try store.getRecords(shardIterator: empty.nextShardIterator ?? "").records.map(\.keys) == [
                ["pk": .s("new")]
            ])

        func code(_ body: () throws -> Void) -> StoreError.Code? {
            do {
                try body()
                return nil
            } catch let error as StoreError { return error.code } catch { return nil }
        }
        #expect(code { _ = try store.getRecords(shardIterator: "not an iterator") } == .validation)
        #expect(code { _ = try store.getRecords(shardIterator: latest, limit: 0) } == .validation)
        #expect(
            code { _ = try store.getShardIterator(streamArn: streamArn, shardId: "shardId-nope", type: .latest) }
                == .resourceNotFound)
        #expect(code { _ = try store.describeStream(streamArn + "x") } == .resourceNotFound)
        #expect(
            code { _ = try store.getShardIterator(streamArn: streamArn, shardId: shard, type: .atSequenceNumber) }
                == .validation)
        let stale = ShardIterator(
            tableId: try store.describeTable("events").tableId, label: try store.describeStream(streamArn).streamLabel,
            after: 0, issued: Date().timeIntervalSince1970 - 16 * 60
        ).encoded
        #expect(code { _ = try store.getRecords(shardIterator: stale) } == .expiredIterator)
    }

    @Test("trimmed records are gone: old iterators get TrimmedDataAccess, TRIM_HORIZON starts after them")
    func trimming() throws {
        try makeTable()
        for index in 0..<3 { try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("k\(index)")])) }
        let streamArn = try arn()
        let shard = try store.describeStream(streamArn).shards[0].shardId
        let old = try store.getShardIterator(streamArn: streamArn, shardId: shard, type: .trimHorizon)
        let first = try allRecords()[0]
        #expect(try store.trimStreams(olderThan: -1) == 3)
        try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("later")]))
        do {
            _ = try store.getRecords(shardIterator: old)
            Issue.record("expected TrimmedDataAccessException")
        } catch {
            #expect(error.code == .trimmedDataAccess)
        }
        do {
            _ = try store.getShardIterator(
                streamArn: streamArn, shardId: shard, type: .atSequenceNumber, sequenceNumber: first.sequenceNumber)
            Issue.record("expected TrimmedDataAccessException")
        } catch {
            #expect(error.code == .trimmedDataAccess)
        }
        #expect(try allRecords().map(\.keys) == [["pk": .s("later")]])
        #expect(try store.trimStreams() == 0)
    }

    @Test("LATEST starts where changes() is called, not where its task happens to start")
    func latestIsPinnedAtTheCall() async throws {
        try makeTable()
        let records = store.changes(of: "events", from: .latest)
        // Written at once, without a suspension point in which the tail's task could start.
        func writeNow() throws {
            try store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("written before iterating")]))
        }
        try writeNow()
        let first = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                for try await record in records { return record.keys["pk"]?.stringValue }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return "nothing within 10 s"
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(first == "written before iterating")
    }

    @Test("an in-process tail delivers every committed record once, in order")
    func tail() async throws {
        try makeTable()
        try await store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("before the tail")]))
        let records = store.changes(of: "events", from: .latest)
        let writer = Task.detached { [store] in
            for index in 0..<300 {
                try await store.putItem(PutItemInput(tableName: "events", item: ["pk": .s("k\(index)")]))
            }
        }
        var seen: [String] = []
        for try await record in records {
            seen.append(record.keys["pk"]?.stringValue ?? "")
            if seen.count == 300 { break }
        }
        try await writer.value
        #expect(seen == (0..<300).map { "k\($0)" })

        var fromStart: [String] = []
        for try await record in store.changes(of: "events", from: .trimHorizon) {
            fromStart.append(record.keys["pk"]?.stringValue ?? "")
            if fromStart.count == 301 { break }
        }
        #expect(fromStart.first == "before the tail" && fromStart.count == 301)
    }
}
