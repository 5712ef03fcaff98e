import Foundation
import PartitionStore
import Testing
@testable import DynamoWire

/// What the endpoint answers, read back by the client: outputs and errors survive the trip.
@Suite("Remote client: response decoding")
struct ResponseDecoderTests {
    let item: Item = ["pk": .s("TENANT#acme"), "sk": .s("STATEMENT"), "n": .n(DecimalNumber(42)), "b": .b([9, 8]), "ss": .ss(["a", "b"])]
    let capacity = ConsumedCapacity(tableName: "vaultdesk", capacityUnits: 1.5, readCapacityUnits: 0.5, writeCapacityUnits: 1,
                                    table: Capacity(capacityUnits: 1), localSecondaryIndexes: nil, globalSecondaryIndexes: ["gsi1": Capacity(capacityUnits: 0.5)])

    func wire(_ value: JSONValue) throws -> JSONValue {
        try JSONParser.parse(JSONWriter.encode(value))
    }

    @Test("item outputs, pages, batches and transactions")
    func outputs() throws {
        let get = GetItemOutput(item: item, consumedCapacity: capacity)
        #expect(try ResponseDecoder.getItem(wire(ItemOperationCodec.encode(get))) == get)
        #expect(try ResponseDecoder.getItem(wire(ItemOperationCodec.encode(GetItemOutput()))) == GetItemOutput())
        let write = WriteItemOutput(attributes: item, consumedCapacity: capacity)
        #expect(try ResponseDecoder.writeItem(wire(ItemOperationCodec.encode(write))) == write)

        let page = ItemPage(items: [item, item], count: 2, scannedCount: 5, lastEvaluatedKey: ["pk": .s("x"), "sk": .s("y")], consumedCapacity: capacity)
        #expect(try ResponseDecoder.page(wire(QueryScanCodec.encode(page, select: nil))) == page)
        let counted = ItemPage(items: [], count: 7, scannedCount: 9, lastEvaluatedKey: nil, consumedCapacity: nil)
        #expect(try ResponseDecoder.page(wire(QueryScanCodec.encode(counted, select: .count))) == counted)

        let batchGet = BatchGetItemOutput(responses: ["vaultdesk": [item]], unprocessedKeys: ["vaultdesk": KeysAndAttributes(keys: [["pk": .s("k"), "sk": .s("s")]])],
                                          consumedCapacity: [capacity])
        #expect(try ResponseDecoder.batchGetItem(wire(BatchTransactionCodec.encode(batchGet))) == batchGet)
        let batchWrite = BatchWriteItemOutput(unprocessedItems: ["vaultdesk": [.put(item), .delete(key: ["pk": .s("k"), "sk": .s("s")])]], consumedCapacity: [capacity])
        #expect(try ResponseDecoder.batchWriteItem(wire(BatchTransactionCodec.encode(batchWrite))) == batchWrite)
        let transactWrite = TransactWriteItemsOutput(consumedCapacity: [capacity])
        #expect(try ResponseDecoder.transactWriteItems(wire(BatchTransactionCodec.encode(transactWrite))) == transactWrite)
        let transactGet = TransactGetItemsOutput(responses: [item, nil], consumedCapacity: nil)
        #expect(try ResponseDecoder.transactGetItems(wire(BatchTransactionCodec.encode(transactGet))) == transactGet)
    }

    @Test("errors: the store's own by type with their item and reasons; throttling and 5xx as retryable")
    func errors() throws {
        var failed = StoreError(.conditionalCheckFailed, "The conditional request failed")
        failed.item = item
        let wireFailed = WireError(failed)
        let decoded = ResponseDecoder.error(status: wireFailed.status, body: try wire(wireFailed.body))
        #expect((decoded as? StoreError) == failed)
        #expect((decoded as? StoreError)?.item == item)

        var canceled = StoreError(.transactionCanceled, "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]")
        canceled.cancellationReasons = [CancellationReason(code: "ConditionalCheckFailed", message: "The conditional request failed", item: item), .none]
        let wireCanceled = WireError(canceled)
        let decodedCanceled = ResponseDecoder.error(status: wireCanceled.status, body: try wire(wireCanceled.body)) as? StoreError
        #expect(decodedCanceled?.code == .transactionCanceled)
        #expect(decodedCanceled?.cancellationReasons?.map(\.code) == ["ConditionalCheckFailed", "None"])
        #expect(decodedCanceled?.cancellationReasons?.first?.item == item)

        let throttled = WireError("ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded")
        #expect(ResponseDecoder.error(status: 400, body: try wire(throttled.body)) as? RemoteCallError
                == .service(type: "ProvisionedThroughputExceededException", message: throttled.message, status: 400))
        let server = ResponseDecoder.error(status: 503, body: nil) as? RemoteCallError
        #expect(server.map(RetryPolicy.isRetryable) == true)
        let denied = ResponseDecoder.error(status: 400, body: try wire(WireError("AccessDeniedException", "not allowed").body)) as? StoreError
        #expect(denied == StoreError(.accessDenied, "not allowed"))
        let unknown = ResponseDecoder.error(status: 400, body: try wire(WireError("UnknownOperationException", "no such thing").body)) as? RemoteCallError
        #expect(unknown == .service(type: "UnknownOperationException", message: "no such thing", status: 400))
    }
}
