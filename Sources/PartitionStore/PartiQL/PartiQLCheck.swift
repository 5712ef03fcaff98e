import Foundation

/// Questions about a PartiQL statement that need no table: whether it parses, and where it
/// does not; whether it is a SELECT. For editors that check a statement as it is typed.
public enum PartiQLCheck {
    /// Why the statement does not parse and the 1-based position of the offending token; nil
    /// when it parses.
    public static func problem(in statement: String) -> (message: String, position: Int?)? {
        do {
            _ = try ExpressionCache.shared.statement(statement)
            return nil
        } catch {
            // The position is told by where the caret goes; the words need not repeat it.
            var message = error.message
            let prefix = "Statement wasn't well formed, can't be processed: "
            if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
            let marker = " at position "
            guard let range = message.range(of: marker, options: .backwards),
                let position = Int(message[range.upperBound...])
            else { return (message, nil) }
            return (String(message[..<range.lowerBound]), position)
        }
    }

    /// Whether the statement's first word (after blanks and `--` comments) is SELECT.
    public static func isSelect(_ statement: String) -> Bool {
        var rest = Substring(statement)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("--") else { break }
            rest = rest.drop { $0 != "\n" }
        }
        return rest.prefix(6).uppercased() == "SELECT" && (rest.dropFirst(6).first.map { !$0.isLetter } ?? true)
    }
}

extension PartiQLCheck {
    /// A key of the table or of one of its indexes, as a statement planner needs it.
    public struct Key: Sendable, Hashable {
        public var partition: String
        public var sort: String?

        public init(partition: String, sort: String?) {
            self.partition = partition
            self.sort = sort
        }
    }

    /// How a SELECT would run, given its table's key and its indexes' by name: "GetItem",
    /// "Query" or "Scan"; nil when it is no SELECT or does not parse. The same rules as the
    /// planner, without the store: for an editor to warn before a scan.
    public static func plannedAs(_ statement: String, table: Key, indexes: [String: Key]) -> String? {
        guard let parsed = try? ExpressionCache.shared.statement(statement),
            case .select(let select) = parsed.statement
        else { return nil }
        let key: Key
        if let index = select.index {
            guard let found = indexes[index] else { return nil }
            key = found
        } else {
            key = table
        }
        // The planner's own tests of a condition, so the answer cannot drift from what runs.
        let conjuncts = select.condition?.conjuncts ?? []
        guard
            let partition = conjuncts.firstIndex(where: {
                PartiQLPlanner.equality(of: key.partition, in: $0) != nil
            })
        else { return "Scan" }
        var rest = conjuncts
        rest.remove(at: partition)
        if select.index == nil, select.orderBy == nil {
            if let sort = key.sort, rest.count == 1, PartiQLPlanner.equality(of: sort, in: rest[0]) != nil {
                return "GetItem"
            }
            if key.sort == nil, rest.isEmpty { return "GetItem" }
        }
        if let sort = key.sort, let bound = rest.firstIndex(where: { PartiQLPlanner.isSortCondition($0, on: sort) }) {
            rest.remove(at: bound)
        }
        let keyNames = Set([key.partition] + (key.sort.map { [$0] } ?? []))
        return rest.contains { !$0.attributes.isDisjoint(with: keyNames) } ? "Scan" : "Query"
    }
}
