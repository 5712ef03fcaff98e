import ArgumentParser
import PartitionStore

struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the tables of a store with their keys, indexes and item counts.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try Self.printTables(of: store.open())
    }

    static func printTables(of store: PartitionStore) throws {
        var names: [String] = []
        var start: String?
        repeat {
            let page = try store.listTables(exclusiveStartTableName: start)
            names += page.tableNames
            start = page.lastEvaluatedTableName
        } while start != nil
        guard !names.isEmpty else {
            Output.say("No tables yet.")
            return
        }
        Output.say("TABLE".padding(24) + "KEY".padding(32) + "INDEXES".padding(10) + "ITEMS".leftPadding(12))
        for name in names {
            let table = try store.describeTable(name)
            let key = table.keySchema.map { element in
                let type =
                    table.attributeDefinitions.first { $0.attributeName == element.attributeName }?.attributeType
                    .rawValue ?? "?"
                return "\(element.attributeName) (\(type))"
            }.joined(separator: ", ")
            let indexes = table.globalSecondaryIndexes.count + table.localSecondaryIndexes.count
            Output.say(
                name.padding(24) + key.padding(32) + "\(indexes)".padding(10) + "\(table.itemCount)".leftPadding(12))
        }
    }
}

struct DescribeTable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one table's key schema, indexes and counts.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The table's name.") var table: String

    func run() throws {
        let description = try store.open().describeTable(table)
        Output.say("Table      \(description.tableName) (\(description.tableStatus))")
        Output.say(
            "Key        \(description.keySchema.map { "\($0.attributeName) \($0.keyType.rawValue)" }.joined(separator: ", "))"
        )
        Output.say("Items      \(description.itemCount)")
        Output.say("Bytes      \(description.tableSizeBytes)")
        Output.say("Billing    \(description.billingMode.rawValue)")
        for index in description.globalSecondaryIndexes + description.localSecondaryIndexes {
            let kind = description.globalSecondaryIndexes.contains(index) ? "GSI" : "LSI"
            Output.say(
                "\(kind)        \(index.indexName): \(index.keySchema.map { "\($0.attributeName) \($0.keyType.rawValue)" }.joined(separator: ", ")); projection \(index.projection.projectionType.rawValue); \(index.itemCount) items"
            )
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? String(prefix(width - 1)) + " " : self + String(repeating: " ", count: width - count)
    }
    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
