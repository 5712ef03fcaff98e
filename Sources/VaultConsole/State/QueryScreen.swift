import VaultRepository

/// An admin's ad-hoc PartiQL SELECT: one input line with history, checked as it is typed, and
/// its results a page at a time.
public struct QueryScreen: Hashable, Sendable {
    /// Where keys go: the input line, or the rows of the results.
    public enum Focus: Hashable, Sendable { case editing, results }

    public var field = TextField()
    public var focus = Focus.editing
    /// The operator's earlier statements, oldest first.
    public var history: [String] = []
    /// Which history entry the field shows while walking it with ↑ ↓; nil while typing.
    public var historyIndex: Int?
    /// What is wrong with the text as typed, and where.
    public var problem: StatementProblem?
    /// The page shown, and the statement and token it was read with.
    public var page: QueryResultPage?
    public var pageToken: String?
    /// The tokens of the pages before the one shown, for PgUp; nil stands for the first page.
    public var earlierTokens: [String?] = []
    public var selection = 0
    public var top = 0
    /// Names Tab completes: the table and its indexes, key attributes, keywords and functions;
    /// the attributes of the results are added to them.
    public var vocabulary: [String] = []
    /// A statement that scans a large table, run once Enter is pressed a second time.
    public var confirmingScan: String?
    /// The table's size, read before the first scan: a scan of a small one runs straight away.
    public var tableSize: TableSize?

    public init(text: String = "") {
        field = TextField(text)
    }

    /// The columns the results show and how wide each one's widest value is: worked out once
    /// when a page arrives, not at every frame.
    public private(set) var columns: [String] = []
    public private(set) var columnWidths: [Int] = []

    mutating func layOut() {
        columns = Self.columns(of: page)
        columnWidths = columns.map { name in
            (page?.rows ?? []).reduce(CellWidth.of(name)) { max($0, CellWidth.of($1.cells[name] ?? "")) }
        }
    }

    /// The key attributes first, then the others by how many rows have them, then by name.
    static func columns(of page: QueryResultPage?) -> [String] {
        guard let page else { return [] }
        var counts: [String: Int] = [:]
        for row in page.rows {
            for name in row.cells.keys { counts[name, default: 0] += 1 }
        }
        let keys = ["pk", "sk"].filter { counts[$0] != nil }
        let others = counts.keys.filter { !keys.contains($0) }.sorted {
            (counts[$0] ?? 0, $1) > (counts[$1] ?? 0, $0)
        }
        return keys + others
    }

    /// The number of the page shown, from 1.
    public var pageNumber: Int { earlierTokens.count + 1 }
}

/// Which page of a query's results to read.
public enum QueryMove: Hashable, Sendable {
    case first, next, previous
}
