import Foundation

/// One page of a list and the cursor of the next, if there is one. Cursors are opaque strings:
/// keep them in a stack to page back.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    public var next: Cursor?

    public init(items: [Element], next: Cursor?) {
        self.items = items
        self.next = next
    }
}

/// Where a list continues: for each partition it reads, the key of the last item returned.
/// Encoded as URL-safe base64 of JSON so it can travel through a command line or a URL.
public struct Cursor: Sendable, Hashable, Codable {
    /// Which list it belongs to, so a cursor cannot be replayed against another query.
    var list: String
    /// Partition key → the last returned item's key attributes; absent once a partition is done.
    var positions: [String: [String: String]]

    public var token: String {
        Base64URL.encode(Array((try? JSONEncoder().encode(self)) ?? Data()))
    }

    public init(token: String) throws(RepositoryError) {
        guard let bytes = Base64URL.decode(token),
            let cursor = try? JSONDecoder().decode(Cursor.self, from: Data(bytes))
        else {
            throw .invalidCursor
        }
        self = cursor
    }

    init(list: String, positions: [String: [String: String]]) {
        self.list = list
        self.positions = positions
    }
}
