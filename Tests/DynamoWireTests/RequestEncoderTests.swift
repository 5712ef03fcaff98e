import Foundation
import PartitionStore
import Testing
@testable import DynamoWire

/// The client's request bodies read back by the endpoint's own decoders give the same request:
/// encoding, writing, parsing and decoding lose nothing.
@Suite("Remote client: request encoding")
struct RequestEncoderTests {
    let key: Item = ["pk": .s("TENANT#acme"), "sk": .s("STATEMENT")]
    let values: [String: AttributeValue] = [":v": .n(DecimalNumber(3)), ":s": .s("PAID"), ":b": .b([1, 2, 3]), ":l": .l([.bool(true), .null])]
    let names = ["#s": "status", "#v": "version"]

    /// Through bytes and back into the endpoint's decoder.
    func decoded(_ value: JSONValue) throws -> WireObject {
        let bytes = JSONWriter.encode(value)
        return try WireObject(try JSONParser.parse(bytes))
    }

    @Test("item operations with every expression parameter")
    func itemOperations() throws {
        let put = PutItemInput(tableName: "vaultdesk", item: key.merging(["n": .n(DecimalNumber(7))]) { a, _ in a },
                               conditionExpression: "attribute_not_exists(pk) OR #v < :v", expressionAttributeNames: ["#v": "version"],
                               expressionAttributeValues: [":v": .n(DecimalNumber(3))], returnValues: .allOld,
                               returnValuesOnConditionCheckFailure: .allOld, returnConsumedCapacity: .total)
        let putBack = try ItemOperationCodec.putItem(decoded(try RequestEncoder.putItem(put)))
        #expect(putBack.item == put.item && putBack.conditionExpression == put.conditionExpression)
        #expect(putBack.expressionAttributeNames == put.expressionAttributeNames && putBack.expressionAttributeValues == put.expressionAttributeValues)
        #expect(putBack.returnValues == .allOld && putBack.returnValuesOnConditionCheckFailure == .allOld && putBack.returnConsumedCapacity == .total)

        let get = GetItemInput(tableName: "vaultdesk", key: key, consistentRead: true, projectionExpression: "#s, amount",
                               expressionAttributeNames: ["#s": "status"], returnConsumedCapacity: .indexes)
        let getBack = try ItemOperationCodec.getItem(decoded(try RequestEncoder.getItem(get)))
        #expect(getBack.key == key && getBack.consistentRead && getBack.projectionExpression == "#s, amount" && getBack.returnConsumedCapacity == .indexes)

        let update = UpdateItemInput(tableName: "vaultdesk", key: key, updateExpression: "SET #s = :s ADD #v :v REMOVE gone",
                                     conditionExpression: "#v = :v", expressionAttributeNames: names, expressionAttributeValues: values,
                                     returnValues: .updatedNew)
        let updateBack = try ItemOperationCodec.updateItem(decoded(try RequestEncoder.updateItem(update)))
        #expect(updateBack.updateExpression == update.updateExpression && updateBack.conditionExpression == update.conditionExpression)
        #expect(updateBack.expressionAttributeValues == values && updateBack.returnValues == .updatedNew)

        let delete = DeleteItemInput(tableName: "vaultdesk", key: key, conditionExpression: "attribute_exists(pk)", returnValues: .allOld)
        let deleteBack = try ItemOperationCodec.deleteItem(decoded(try RequestEncoder.deleteItem(delete)))
        #expect(deleteBack.key == key && deleteBack.conditionExpression == "attribute_exists(pk)" && deleteBack.returnValues == .allOld)
    }

    @Test("query and scan with paging, indexes, filters and direction")
    func queryAndScan() throws {
        let query = QueryInput(tableName: "vaultdesk", indexName: "gsi1", keyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :s)",
                               filterExpression: "#s = :s", projectionExpression: "pk, sk", expressionAttributeNames: ["#s": "status"],
                               expressionAttributeValues: [":p": .s("TENANT#acme#PAYMENTS#3"), ":s": .s("2026")], scanIndexForward: false,
                               limit: 25, exclusiveStartKey: key, select: .specificAttributes, consistentRead: false, returnConsumedCapacity: .total)
        let back = try QueryScanCodec.query(decoded(try RequestEncoder.query(query)))
        #expect(back.indexName == "gsi1" && back.keyConditionExpression == query.keyConditionExpression && back.filterExpression == query.filterExpression)
        #expect(back.scanIndexForward == false && back.limit == 25 && back.exclusiveStartKey == key && back.select == .specificAttributes)
        #expect(back.expressionAttributeValues == query.expressionAttributeValues && back.returnConsumedCapacity == .total)

        let scan = ScanInput(tableName: "vaultdesk", filterExpression: "attribute_exists(#s)", expressionAttributeNames: ["#s": "status"],
                             limit: 10, exclusiveStartKey: key, segment: 1, totalSegments: 4, select: .count)
        let scanBack = try QueryScanCodec.scan(decoded(try RequestEncoder.scan(scan)))
        #expect(scanBack.segment == 1 && scanBack.totalSegments == 4 && scanBack.select == .count && scanBack.limit == 10 && scanBack.exclusiveStartKey == key)
    }

    @Test("batches and transactions")
    func batchesAndTransactions() throws {
        let write = BatchWriteItemInput(requestItems: ["vaultdesk": [.put(key), .delete(key: ["pk": .s("x"), "sk": .s("y")])]], returnConsumedCapacity: .total)
        let writeBack = try BatchTransactionCodec.batchWriteItem(decoded(RequestEncoder.batchWriteItem(write)))
        #expect(writeBack.requestItems["vaultdesk"]?.count == 2)
        let get = BatchGetItemInput(requestItems: ["vaultdesk": KeysAndAttributes(keys: [key], consistentRead: true, projectionExpression: "pk")])
        let getBack = try BatchTransactionCodec.batchGetItem(decoded(try RequestEncoder.batchGetItem(get)))
        #expect(getBack.requestItems["vaultdesk"]?.keys == [key] && getBack.requestItems["vaultdesk"]?.consistentRead == true)

        let transaction = TransactWriteItemsInput(transactItems: [
            .put(PutItemInput(tableName: "vaultdesk", item: key, conditionExpression: "attribute_not_exists(pk)")),
            .update(UpdateItemInput(tableName: "vaultdesk", key: key, updateExpression: "ADD #v :v", expressionAttributeNames: ["#v": "version"],
                                    expressionAttributeValues: [":v": .n(DecimalNumber(1))])),
            .delete(DeleteItemInput(tableName: "vaultdesk", key: key)),
            .conditionCheck(ConditionCheck(tableName: "vaultdesk", key: key, conditionExpression: "attribute_exists(pk)")),
        ], clientRequestToken: "token-1", returnConsumedCapacity: .total)
        let transactionBack = try BatchTransactionCodec.transactWriteItems(decoded(try RequestEncoder.transactWriteItems(transaction)))
        #expect(transactionBack.transactItems.count == 4 && transactionBack.clientRequestToken == "token-1")
        guard case .update(let update) = transactionBack.transactItems[1] else {
            Issue.record("the second action is not an update")
            return
        }
        #expect(update.updateExpression == "ADD #v :v" && update.expressionAttributeValues == [":v": .n(DecimalNumber(1))])
        let gets = TransactGetItemsInput(transactItems: [TransactGetItem(tableName: "vaultdesk", key: key, projectionExpression: "sk")])
        let getsBack = try BatchTransactionCodec.transactGetItems(decoded(RequestEncoder.transactGetItems(gets)))
        #expect(getsBack.transactItems.first?.projectionExpression == "sk")
    }

    @Test("legacy parameters are refused, not sent half-encoded")
    func legacyRefused() {
        let legacy = PutItemInput(tableName: "vaultdesk", item: key, expected: ["pk": ExpectedAttributeValue(exists: false)])
        #expect(throws: WireError.self) { _ = try RequestEncoder.putItem(legacy) }
        let query = QueryInput(tableName: "vaultdesk", keyConditions: ["pk": Condition(.eq, [.s("x")])])
        #expect(throws: WireError.self) { _ = try RequestEncoder.query(query) }
    }
}
