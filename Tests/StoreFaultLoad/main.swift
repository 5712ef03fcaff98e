// A writer for the crash-safety and multi-process tests: it writes items and prints
// "ack N" only after each write has returned (committed), until it finishes or is killed.
// With the prefix "tx", each step is one TransactWriteItems of four puts (sort keys 4N…4N+3).
//
// usage: store-fault-load PATH PREFIX COUNT [full|normal]
import Foundation
import PartitionStore

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: store-fault-load PATH PREFIX COUNT [full|normal]\n".utf8))
    exit(2)
}
let durability = StoreConfiguration.Durability(rawValue: arguments.count > 4 ? arguments[4] : "full") ?? .full
do {
    let store = try PartitionStore(
        path: arguments[1], configuration: StoreConfiguration(durability: durability, lockWaitMilliseconds: 10_000))
    do {
        try store.createTable(
            CreateTableInput(
                tableName: "load", keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                attributeDefinitions: [
                    AttributeDefinition("pk", .s), AttributeDefinition("sk", .n), AttributeDefinition("g", .s),
                ],
                globalSecondaryIndexes: [
                    SecondaryIndex(indexName: "byG", keySchema: [KeySchemaElement("g", .hash)], projection: .all)
                ]))
    } catch  where error.code == .resourceInUse {
        // Another writer created it first.
    }
    let padding = String(repeating: "x", count: 200)
    for index in 0..<count where arguments[2] == "tx" {
        let puts: [TransactWriteItem] = (0..<4).map { part in
            .put(
                PutItemInput(
                    tableName: "load",
                    item: [
                        "pk": .s("tx-\(index)"), "sk": .number(index * 4 + part), "g": .s("g\(part)"),
                        "body": .s(padding),
                    ]))
        }
        try store.transactWriteItems(TransactWriteItemsInput(transactItems: puts))
        FileHandle.standardOutput.write(Data("ack \(index)\n".utf8))
    }
    for index in 0..<count where arguments[2] != "tx" {
        let item: Item = [
            "pk": .s("\(arguments[2])-\(index % 17)"), "sk": .number(index), "g": .s("g\(index % 5)"),
            "body": .s(padding),
        ]
        try store.putItem(PutItemInput(tableName: "load", item: item))
        // Unbuffered: the acknowledgement leaves the process as soon as the write has returned.
        FileHandle.standardOutput.write(Data("ack \(index)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("store-fault-load: \(error)\n".utf8))
    exit(1)
}
