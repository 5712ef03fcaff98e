/// Where a key binding applies. A screen is in force in a few contexts, most specific first.
public enum KeyContext: String, Hashable, Sendable, CaseIterable {
    case global, list, scroll, tenants, tenant, payments, certificates, statement, inspector, lookup, stream
    case query, queryResults, event

    var title: String {
        switch self {
        case .global: "Everywhere"
        case .list: "Lists"
        case .scroll: "Scrolling"
        case .tenants: "Tenants"
        case .tenant: "Tenant"
        case .payments: "Payments"
        case .certificates: "Certificates"
        case .statement: "Statement"
        case .inspector: "Item inspector"
        case .lookup: "Lookup"
        case .stream: "Live stream"
        case .query: "Query: the statement"
        case .queryResults: "Query: the results"
        case .event: "Change event"
        }
    }
}

/// What a key asks for. None of them writes domain data: the console is read-only.
public enum ConsoleCommand: Hashable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, first, last
    case open, back, cancel, quit
    case help, commandLine, lookup
    case filter, sort
    case nextTab, previousTab
    case inspect, toggleJSON
    case cycleStatus, jumpToDate
    case expiring, nextStandard, byOrganization, allCertificates
    case statementPayments, zoomQR
    case liveStream, togglePause, streamFilter, clearStream
    case submit
    case query, runQuery, historyPrevious, historyNext, switchFocus, complete, copy
    case openEntity
}

/// A key (or keys) bound to a command in a context, with the words help and hints show.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var command: ConsoleCommand
    public var context: KeyContext
    public var summary: String
    /// The word or two for the hint line at the bottom of the screen; nil keeps it out of the hints.
    public var hint: String?
    /// Offered to admins only.
    public var adminOnly: Bool

    /// "k ↑" as help lists it.
    public var keyLabel: String { keys.map(\.description).joined(separator: " ") }
}

/// Every key the console answers to, in one place: the update function resolves keys through it
/// and the help screen and hint line are generated from it, so they cannot disagree.
public enum KeyRegistry {
    public static let bindings: [KeyBinding] = [
        // Everywhere.
        bind([.character("?")], .help, .global, "help for this screen", hint: "help"),
        bind(
            [.character(":")], .commandLine, .global,
            "command line (:tenants, :lookup REF, :payments, :certs, :theme, :quit)", hint: "command"),
        bind([.character("g")], .lookup, .global, "look up a statement by reference or QR code", hint: "lookup"),
        bind([.escape, .character("q")], .back, .global, "back (q on the first screen quits)", hint: "back"),
        bind([.character("L")], .liveStream, .global, "live change stream of the store", hint: "live"),
        bind([.control("c")], .cancel, .global, "cancel a load in progress; quit when there is none"),
        bind(
            [.character("Q")], .query, .global, "query: run a PartiQL SELECT of your own (also :query SELECT …)",
            hint: "query", adminOnly: true),
        // Lists.
        bind([.up, .character("k")], .moveUp, .list, "previous row (at the top: the page before)"),
        bind([.down, .character("j")], .moveDown, .list, "next row (at the bottom: the page after)"),
        bind([.pageDown, .character(" ")], .pageDown, .list, "next page"),
        bind([.pageUp], .pageUp, .list, "previous page: the same rows as before"),
        bind([.home], .first, .list, "first page"),
        bind([.end, .character("G")], .last, .list, "last row of the page"),
        bind([.enter], .open, .list, "open", hint: "open"),
        bind([.character("i")], .inspect, .list, "inspect the stored item", hint: "inspect", adminOnly: true),
        // Tenants.
        bind([.character("/")], .filter, .tenants, "filter as you type (name, id, domain, currency)", hint: "filter"),
        bind([.character("s")], .sort, .tenants, "sort by name or by latest activity", hint: "sort"),
        // A tenant.
        bind([.tab, .right, .character("l")], .nextTab, .tenant, "next tab", hint: "next tab"),
        bind([.backTab, .left, .character("h")], .previousTab, .tenant, "previous tab"),
        // Payments.
        bind(
            [.character("f")], .cycleStatus, .payments, "filter by status (all, settled, pending, failed, refunded)",
            hint: "status"),
        bind([.character("d")], .jumpToDate, .payments, "jump to a date (newest first from that day)", hint: "date"),
        // Certificates.
        bind([.character("e")], .expiring, .certificates, "expiring within N days", hint: "expiring"),
        bind(
            [.character("t")], .nextStandard, .certificates, "by standard (repeat for the next one)", hint: "standard"),
        bind([.character("o")], .byOrganization, .certificates, "by the selected row's organisation"),
        bind([.character("a")], .allCertificates, .certificates, "all certificates"),
        // A statement.
        bind([.character("p")], .statementPayments, .statement, "page through its payments", hint: "payments"),
        bind([.character("z")], .zoomQR, .statement, "QR code alone, as large as the window allows", hint: "QR"),
        bind([.character("i")], .inspect, .statement, "inspect the stored item", hint: "inspect", adminOnly: true),
        // The live stream.
        bind([.character(" ")], .togglePause, .stream, "pause / follow (following jumps to the newest)", hint: "pause"),
        bind(
            [.character("f")], .streamFilter, .stream,
            "filter: words for a tenant, an entity type, an event (payment insert acme)", hint: "filter"),
        bind([.enter], .open, .stream, "the event with its old and new images and what changed", hint: "details"),
        bind([.character("c")], .clearStream, .stream, "clear the events shown", hint: "clear"),
        bind([.up, .character("k")], .moveUp, .stream, "newer event"),
        bind([.down, .character("j")], .moveDown, .stream, "older event"),
        bind([.pageUp], .pageUp, .stream, "a screen newer"),
        bind([.pageDown], .pageDown, .stream, "a screen older"),
        bind([.home], .first, .stream, "the newest"),
        bind([.end, .character("G")], .last, .stream, "the oldest kept"),
        // A change event.
        bind(
            [.character("o")], .openEntity, .event, "open what the event is about: its statement or tenant",
            hint: "open"),
        // Scrolling text.
        bind([.up, .character("k")], .moveUp, .scroll, "scroll up"),
        bind([.down, .character("j")], .moveDown, .scroll, "scroll down"),
        bind([.pageUp], .pageUp, .scroll, "page up"),
        bind([.pageDown, .character(" ")], .pageDown, .scroll, "page down"),
        bind([.home], .first, .scroll, "top"),
        bind([.end, .character("G")], .last, .scroll, "bottom"),
        // The inspector.
        bind([.character("t")], .toggleJSON, .inspector, "plain JSON / DynamoDB JSON", hint: "JSON/DynamoDB JSON"),
        // The lookup field takes every other key as text.
        bind([.enter], .submit, .lookup, "look up what was typed or scanned", hint: "look up"),
        bind([.escape], .back, .lookup, "back", hint: "back"),
        bind([.control("c")], .cancel, .lookup, "cancel a lookup in progress; else back"),
        // The query screen's statement line takes every other key as text.
        bind([.enter], .runQuery, .query, "run the SELECT typed (only SELECT runs)", hint: "run"),
        bind([.up], .historyPrevious, .query, "the statement before, from your history", hint: "history"),
        bind([.down], .historyNext, .query, "the statement after, from your history"),
        bind([.tab], .complete, .query, "complete a table, index, attribute or keyword", hint: "complete"),
        bind([.backTab], .switchFocus, .query, "to the results"),
        bind([.pageDown], .pageDown, .query, "next page of results"),
        bind([.pageUp], .pageUp, .query, "previous page of results"),
        bind([.escape], .back, .query, "back", hint: "back"),
        bind([.control("c")], .cancel, .query, "cancel a query in progress; else back"),
        // The query's results.
        bind([.up, .character("k")], .moveUp, .queryResults, "previous row"),
        bind([.down, .character("j")], .moveDown, .queryResults, "next row"),
        bind([.pageDown, .character(" ")], .pageDown, .queryResults, "next page (read with NextToken)", hint: "more"),
        bind([.pageUp], .pageUp, .queryResults, "previous page: the same rows as before"),
        bind([.enter], .open, .queryResults, "the item as JSON, secrets hidden", hint: "JSON"),
        bind(
            [.character("y")], .copy, .queryResults, "copy the item's JSON to the clipboard (OSC 52, through tmux)",
            hint: "copy"),
        bind([.tab, .escape, .character("e")], .switchFocus, .queryResults, "back to the statement", hint: "edit"),
    ]

    private static func bind(
        _ keys: [Key], _ command: ConsoleCommand, _ context: KeyContext, _ summary: String,
        hint: String? = nil, adminOnly: Bool = false
    ) -> KeyBinding {
        KeyBinding(keys: keys, command: command, context: context, summary: summary, hint: hint, adminOnly: adminOnly)
    }

    /// The command a key means in the contexts in force, the most specific context winning.
    public static func command(for key: Key, in contexts: [KeyContext], isAdmin: Bool) -> ConsoleCommand? {
        for context in contexts {
            if let binding = bindings.first(where: {
                $0.context == context && $0.keys.contains(key) && (isAdmin || !$0.adminOnly)
            }) {
                return binding.command
            }
        }
        return nil
    }

    /// The bindings in force, most specific context first, each key listed once.
    public static func bindings(in contexts: [KeyContext], isAdmin: Bool) -> [KeyBinding] {
        var seen: Set<Key> = []
        var result: [KeyBinding] = []
        for context in contexts {
            for binding in bindings where binding.context == context && (isAdmin || !binding.adminOnly) {
                let fresh = binding.keys.filter { !seen.contains($0) }
                guard !fresh.isEmpty else { continue }
                seen.formUnion(fresh)
                var shown = binding
                shown.keys = fresh
                result.append(shown)
            }
        }
        return result
    }
}
