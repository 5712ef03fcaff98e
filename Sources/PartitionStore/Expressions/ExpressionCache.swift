import Synchronization

/// Parsed expressions by their text, so a request that repeats an expression (the common case:
/// an application sends the same few expressions with different values) is parsed once.
///
/// A parsed tree depends only on its text, so one cache serves every store in the process. It is
/// bounded: when full, the least recently used half is dropped. Failed parses are not kept.
final class ExpressionCache: Sendable {
    static let shared = ExpressionCache(capacity: 1024)

    private enum Parsed: Sendable {
        case condition(SyntaxCondition)
        case update(SyntaxUpdate)
        case projection(SyntaxProjection)
        case statement(ParsedStatement)
    }

    private struct Key: Hashable {
        var kind: ExpressionKind
        var text: String
    }

    private struct Entry {
        var parsed: Parsed
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 2)
    }

    var count: Int { state.withLock { $0.entries.count } }

    func condition(_ text: String, kind: ExpressionKind) throws(StoreError) -> SyntaxCondition {
        if case .condition(let tree)? = lookup(Key(kind: kind, text: text)) { return tree }
        let tree = try ExpressionParser.condition(text, kind: kind)
        store(.condition(tree), for: Key(kind: kind, text: text))
        return tree
    }

    func update(_ text: String) throws(StoreError) -> SyntaxUpdate {
        if case .update(let tree)? = lookup(Key(kind: .update, text: text)) { return tree }
        let tree = try ExpressionParser.update(text)
        store(.update(tree), for: Key(kind: .update, text: text))
        return tree
    }

    func statement(_ text: String) throws(StoreError) -> ParsedStatement {
        if case .statement(let parsed)? = lookup(Key(kind: .statement, text: text)) { return parsed }
        let parsed = try PartiQLParser.parse(text)
        store(.statement(parsed), for: Key(kind: .statement, text: text))
        return parsed
    }

    func projection(_ text: String) throws(StoreError) -> SyntaxProjection {
        if case .projection(let tree)? = lookup(Key(kind: .projection, text: text)) { return tree }
        let tree = try ExpressionParser.projection(text)
        store(.projection(tree), for: Key(kind: .projection, text: text))
        return tree
    }

    private func lookup(_ key: Key) -> Parsed? {
        state.withLock { state in
            // One hash of the text: the entry is found once and its use marked in place.
            guard let index = state.entries.index(forKey: key) else { return nil }
            state.clock += 1
            state.entries.values[index].lastUse = state.clock
            return state.entries.values[index].parsed
        }
    }

    private func store(_ parsed: Parsed, for key: Key) {
        state.withLock { state in
            if state.entries.count >= capacity {
                let keep = state.entries.sorted { $0.value.lastUse > $1.value.lastUse }.prefix(capacity / 2)
                state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
            state.clock += 1
            state.entries[key] = Entry(parsed: parsed, lastUse: state.clock)
        }
    }
}
