/// Counts the capacity units an operation would consume on DynamoDB, by its published rules:
/// a read unit per 4 KB read (half for an eventually consistent read), a write unit per 1 KB
/// written, index writes counted per index, and transactional work at twice the cost.
///
/// A value: when the caller asked for nothing (`NONE`), every method returns at once and nothing
/// is allocated, so metering costs nothing on the hot path.
struct CapacityMeter {
    private struct Units {
        var read: Double = 0
        var write: Double = 0
        var table: Double = 0
        var globalIndexes: [String: Double] = [:]
        var localIndexes: [String: Double] = [:]
    }

    let mode: ReturnConsumedCapacity
    /// Transactions cost twice as much as the same work outside one.
    var multiplier: Double = 1
    private var tables: [String: Units] = [:]
    private var order: [String] = []

    init(_ mode: ReturnConsumedCapacity) { self.mode = mode }

    var isActive: Bool { mode != .none }

    /// One item read by key (GetItem, BatchGetItem, TransactGetItems, a transaction's condition
    /// check). A missing item still costs the minimum.
    mutating func read(_ schema: TableSchema, bytes: Int, consistent: Bool) {
        guard isActive else { return }
        let units = Self.readUnits(bytes, consistent: consistent) * multiplier
        add(schema.name) {
            $0.read += units
            $0.table += units
        }
    }

    /// A Query or Scan page: the bytes of every item read, rounded up once for the page.
    mutating func readPage(_ schema: TableSchema, index: IndexSchema?, bytes: Int, consistent: Bool) {
        guard isActive else { return }
        let units = Self.readUnits(bytes, consistent: consistent) * multiplier
        add(schema.name) { total in
            total.read += units
            if let index {
                if index.isGlobal {
                    total.globalIndexes[index.name, default: 0] += units
                } else {
                    total.localIndexes[index.name, default: 0] += units
                }
            } else {
                total.table += units
            }
        }
    }

    /// A put, update or delete: the larger of the old and new item, then each index the change
    /// touches (a changed index key is a delete and a put).
    mutating func write(_ schema: TableSchema, old: Item?, new: Item?) {
        guard isActive else { return }
        let base = Self.writeUnits(max(old.map(ItemSize.of) ?? 0, new.map(ItemSize.of) ?? 0)) * multiplier
        var indexUnits: [(IndexSchema, Double)] = []
        for index in schema.indexes {
            let oldKey = old.flatMap { try? index.encodedKey(ofItem: $0) }
            let newKey = new.flatMap { try? index.encodedKey(ofItem: $0) }
            let oldSize = oldKey == nil ? 0 : old.map { ItemSize.of(index.project($0, tableKey: schema.key)) } ?? 0
            let newSize = newKey == nil ? 0 : new.map { ItemSize.of(index.project($0, tableKey: schema.key)) } ?? 0
            var units: Double = 0
            switch (oldKey, newKey) {
            case (nil, nil): units = 0
            case (_?, nil): units = Self.writeUnits(oldSize)
            case (nil, _?): units = Self.writeUnits(newSize)
            case (let a?, let b?) where a == b: units = Self.writeUnits(max(oldSize, newSize))
            default: units = Self.writeUnits(oldSize) + Self.writeUnits(newSize)
            }
            if units > 0 { indexUnits.append((index, units * multiplier)) }
        }
        add(schema.name) { total in
            total.write += base
            total.table += base
            for (index, units) in indexUnits {
                total.write += units
                if index.isGlobal {
                    total.globalIndexes[index.name, default: 0] += units
                } else {
                    total.localIndexes[index.name, default: 0] += units
                }
            }
        }
    }

    /// What ReturnConsumedCapacity asked for; nil for NONE.
    func report() -> [ConsumedCapacity]? {
        guard isActive else { return nil }
        return order.compactMap { name in
            guard let units = tables[name] else { return nil }
            var consumed = ConsumedCapacity(
                tableName: name, capacityUnits: units.read + units.write,
                readCapacityUnits: units.read > 0 ? units.read : nil,
                writeCapacityUnits: units.write > 0 ? units.write : nil)
            if mode == .indexes {
                consumed.table = Capacity(capacityUnits: units.table)
                if !units.globalIndexes.isEmpty {
                    consumed.globalSecondaryIndexes = units.globalIndexes.mapValues { Capacity(capacityUnits: $0) }
                }
                if !units.localIndexes.isEmpty {
                    consumed.localSecondaryIndexes = units.localIndexes.mapValues { Capacity(capacityUnits: $0) }
                }
            }
            return consumed
        }
    }

    /// The report for an operation on one table.
    func single() -> ConsumedCapacity? { report()?.first }

    private mutating func add(_ table: String, _ change: (inout Units) -> Void) {
        if tables[table] == nil { order.append(table) }
        change(&tables[table, default: Units()])
    }

    static func readUnits(_ bytes: Int, consistent: Bool) -> Double {
        let units = Double(max(1, (bytes + 4095) / 4096))
        return consistent ? units : units / 2
    }

    static func writeUnits(_ bytes: Int) -> Double {
        Double(max(1, (bytes + 1023) / 1024))
    }
}

extension Capacity {
    init(capacityUnits: Double) {
        self.init(readCapacityUnits: nil, writeCapacityUnits: nil, capacityUnits: capacityUnits)
    }
}
