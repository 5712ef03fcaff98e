import VaultRepository

/// Which change events the live view shows.
public struct StreamFilter: Hashable, Sendable {
    public var tenant: String?
    public var entity: String?
    public var kind: ChangeEvent.Kind?

    public init(tenant: String? = nil, entity: String? = nil, kind: ChangeEvent.Kind? = nil) {
        self.tenant = tenant
        self.entity = entity
        self.kind = kind
    }

    func admits(_ event: ChangeEvent) -> Bool {
        (tenant.map { event.tenantId?.contains($0) ?? false } ?? true)
            && (entity.map { event.entityType == $0 } ?? true)
            && (kind.map { event.kind == $0 } ?? true)
    }

    var label: String {
        let parts = [tenant, entity?.lowercased(), kind?.rawValue].compactMap { $0 }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }

    /// Words in any order: an event kind, an entity type, else part of a tenant id. Empty shows all.
    static func parse(_ text: String, entities: Set<String>) -> StreamFilter {
        var filter = StreamFilter()
        for word in text.split(separator: " ").map(String.init) {
            if let kind = ChangeEvent.Kind(rawValue: word.uppercased()) {
                filter.kind = kind
            } else if entities.contains(word.uppercased()) || ChangeEvent.entityTypes.contains(word.uppercased()) {
                filter.entity = word.uppercased()
            } else {
                filter.tenant = word.lowercased()
            }
        }
        return filter
    }
}

/// The live tail of the store's change events: a bounded ring, newest first on screen, that
/// follows or pauses.
public struct StreamScreen: Hashable, Sendable {
    public static let capacity = 2_000

    /// The subscription feeding it.
    public var subscription: Int
    /// Oldest first; at most `capacity`.
    public private(set) var events: [ChangeEvent] = []
    /// Events that arrived while paused, shown on resuming.
    public private(set) var held: [ChangeEvent] = []
    public private(set) var heldCount = 0
    public var paused = false
    public var filter = StreamFilter()
    /// Rows from the newest shown; 0 is the newest.
    public var selection = 0
    /// Events per second over the last minute, by commit time; the last entry is the current second.
    public private(set) var perSecond: [Int] = Array(repeating: 0, count: 60)
    private(set) var currentSecond: Int64 = 0
    /// The store's stream is being followed (false while connecting, and after it ended).
    public var live = false
    public var ended: String?

    public init(subscription: Int) {
        self.subscription = subscription
    }

    /// The events the filter admits, newest first.
    public var visible: [ChangeEvent] { events.reversed().filter(filter.admits) }

    /// Events per second in the last whole second.
    public var rate: Int { perSecond.count >= 2 ? perSecond[perSecond.count - 2] : 0 }

    mutating func receive(_ batch: [ChangeEvent]) {
        for event in batch { count(event) }
        if paused {
            heldCount += batch.count
            held.append(contentsOf: batch)
            if held.count > Self.capacity { held.removeFirst(held.count - Self.capacity) }
            return
        }
        events.append(contentsOf: batch)
        if events.count > Self.capacity { events.removeFirst(events.count - Self.capacity) }
        // Following: the newest stays on top and selected. Looking further down, the selected
        // event keeps its place on screen as new ones arrive above it.
        if selection > 0 { selection += batch.filter(filter.admits).count }
    }

    mutating func resume() {
        paused = false
        events.append(contentsOf: held)
        if events.count > Self.capacity { events.removeFirst(events.count - Self.capacity) }
        held.removeAll()
        heldCount = 0
        selection = 0
    }

    mutating func clear() {
        events.removeAll()
        held.removeAll()
        heldCount = 0
        selection = 0
    }

    private mutating func count(_ event: ChangeEvent) {
        let second = Int64(event.time.rounded(.down))
        if second > currentSecond {
            let gap = Int(min(60, second - currentSecond))
            perSecond.removeFirst(gap)
            perSecond.append(contentsOf: Array(repeating: 0, count: gap))
            currentSecond = second
        }
        if second >= currentSecond - 59 {
            perSecond[perSecond.count - 1 - Int(currentSecond - second)] += 1
        }
    }
}

/// One change event with its images and what changed.
public struct EventScreen: Hashable, Sendable {
    public var event: ChangeEvent
    public var top = 0

    var lines: [String] {
        var lines: [String] = [
            "\(event.kind.rawValue)\(event.byTTL ? " by TTL (expired)" : "")  \(event.entityType.lowercased())  \(event.key)",
            "",
        ]
        if !event.changes.isEmpty {
            lines.append("What changed:")
            for change in event.changes {
                lines.append("  \(change.name): \(change.old ?? "–") → \(change.new ?? "–")")
            }
            lines.append("")
        }
        if let old = event.oldImage {
            lines.append("Old image:")
            lines += old.split(separator: "\n").map { "  " + $0 }
            lines.append("")
        }
        if let new = event.newImage {
            lines.append("New image:")
            lines += new.split(separator: "\n").map { "  " + $0 }
        }
        return lines
    }
}
