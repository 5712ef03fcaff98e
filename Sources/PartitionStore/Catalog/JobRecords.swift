import Foundation

/// The records of exports and imports: one JSON document per ARN in a table of the store file
/// (`vd_exports`, `vd_imports`), so every process that opens the file can describe and list them.
struct JobRecords<Record: Codable> {
    let table: String
    let arn: (Record) -> String
    let createdAt: (Record) -> Double
    let tableArn: (Record) -> String?

    func save(_ record: Record, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO \(table)(arn, created_ms, description) VALUES (?1, ?2, ?3)")
        statement.bind(1, arn(record))
        statement.bind(2, Int64(createdAt(record) * 1000))
        statement.bind(3, Array(try JSONEncoder().encode(record)))
        try statement.run()
    }

    func find(_ arn: String, _ connection: SQLiteConnection) throws -> Record? {
        let statement = try connection.statement("SELECT description FROM \(table) WHERE arn = ?1")
        defer { statement.reset() }
        statement.bind(1, arn)
        guard try statement.step() else { return nil }
        return try JSONDecoder().decode(Record.self, from: Data(statement.blob(0)))
    }

    /// Every record, oldest first.
    func all(_ connection: SQLiteConnection) throws -> [Record] {
        let statement = try connection.statement("SELECT description FROM \(table) ORDER BY created_ms, arn")
        defer { statement.reset() }
        var records: [Record] = []
        let decoder = JSONDecoder()
        while try statement.step() { records.append(try decoder.decode(Record.self, from: Data(statement.blob(0)))) }
        return records
    }

    /// A page of `records`, those after the one whose ARN is `start` (from the first when nil),
    /// and the ARN of its last record when more remain. An unknown `start` is a ValidationException
    /// naming `token`, the NextToken as the client sent it.
    func page(
        _ records: [Record], after start: String?, token: String?, limit: Int
    ) throws(StoreError) -> (
        records: [Record], lastArn: String?
    ) {
        var rest = records[...]
        if let start {
            guard let index = rest.firstIndex(where: { arn($0) == start }) else {
                throw .validation("Invalid NextToken: \(token ?? start)")
            }
            rest = rest[(index + 1)...]
        }
        let page = Array(rest.prefix(limit))
        return (page, rest.count > limit ? page.last.map(arn) : nil)
    }
}

extension JobRecords where Record == ExportDescription {
    static var exports: Self {
        JobRecords(table: "vd_exports", arn: \.exportArn, createdAt: \.startTime, tableArn: \.tableArn)
    }
}

extension JobRecords where Record == ImportDescription {
    static var imports: Self {
        JobRecords(table: "vd_imports", arn: \.importArn, createdAt: \.startTime, tableArn: \.tableArn)
    }
}

extension PartitionStore {
    /// Keeps a finished export or import.
    func save<Record>(_ record: Record, in records: JobRecords<Record>) throws(StoreError) {
        try exclusiveWrite { connection, _ throws(StoreError) in
            try sql(connection) { try records.save(record, connection) }
        }
    }

    func find<Record>(_ arn: String, in records: JobRecords<Record>) throws(StoreError) -> Record? {
        try read { connection, _ throws(StoreError) in try sql(connection) { try records.find(arn, connection) } }
    }

    /// Every export or import, oldest first; only those of one table when `tableArn` names it.
    func all<Record>(in records: JobRecords<Record>, tableArn: String? = nil) throws(StoreError) -> [Record] {
        let all = try read { connection, _ throws(StoreError) in try sql(connection) { try records.all(connection) } }
        guard let tableArn else { return all }
        return all.filter { records.tableArn($0) == tableArn }
    }
}
