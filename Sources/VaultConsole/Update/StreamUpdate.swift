import VaultRepository

// The live stream: opening and leaving it, batches arriving, pause and follow, filters.
extension ConsoleState {
    mutating func openStream() -> [Effect] {
        if case .stream = screen { return [] }
        let id = nextLoadID
        nextLoadID += 1
        stack.append(.stream(StreamScreen(subscription: id)))
        return [.follow(id: id)]
    }

    /// Changes the stream fed by a subscription, wherever it is in the trail.
    mutating func changeStream(_ id: Int, _ change: (inout StreamScreen) -> Void) {
        for index in stack.indices where stack[index].state(as: StreamScreen.self)?.subscription == id {
            stack[index].edit(StreamScreen.self, change)
            return
        }
    }

    mutating func receive(_ batch: [ChangeEvent], subscription id: Int) {
        changeStream(id) { $0.receive(batch) }
    }

    mutating func streamStarted(_ id: Int) {
        changeStream(id) { $0.live = true }
    }

    mutating func streamEnded(_ id: Int, message: String?) {
        changeStream(id) { stream in
            stream.live = false
            stream.ended = message ?? "The store's change stream ended"
        }
    }

    /// The subscriptions of screens about to leave the trail, to cancel.
    func subscriptions(from index: Int) -> [Effect] {
        stack[index...].compactMap { screen in
            if case .stream(let stream) = screen { return .cancel(id: stream.subscription) }
            return nil
        }
    }

    mutating func performOnStream(_ command: ConsoleCommand) -> [Effect] {
        guard case .stream(var stream) = screen else { return [] }
        let count = stream.visible.count
        let page = max(1, Layout.listRows(screen, size))
        switch command {
        case .togglePause:
            if stream.paused { stream.resume() } else { stream.paused = true }
        case .streamFilter:
            prompt = Prompt(
                kind: .streamFilter, field: TextField(stream.filter == StreamFilter() ? "" : stream.filter.label))
        case .clearStream:
            stream.clear()
        case .moveUp: stream.selection -= 1
        case .moveDown: stream.selection += 1
        case .pageUp: stream.selection -= page
        case .pageDown: stream.selection += page
        case .first: stream.selection = 0
        case .last: stream.selection = count - 1
        case .open:
            let visible = stream.visible
            guard visible.indices.contains(stream.selection) else { return [] }
            let event = visible[stream.selection]
            stack.append(.event(EventScreen(event: event)))
            return [.auditView(event)]
        default:
            return []
        }
        stream.selection = max(0, min(stream.selection, count - 1))
        screen = .stream(stream)
        return []
    }

    mutating func applyStreamFilter(_ text: String) {
        editScreen(StreamScreen.self) { stream in
            stream.filter = StreamFilter.parse(text, entities: Set(stream.events.map(\.entityType)))
            stream.selection = 0
        }
    }
}

extension ConsoleState {
    /// From a change event, the screen of what it is about: its statement, or its tenant (on the
    /// certificates tab for a certificate).
    mutating func openEventEntity() -> [Effect] {
        guard case .event(let screen) = screen else { return [] }
        switch screen.event.opens {
        case .statement(let tenantId, let statementId)?:
            return startLoad(.statement(tenantId: tenantId, statementId: statementId, via: nil))
        case .tenant(let tenantId, let certificates)?:
            guard let row = knownTenants.first(where: { $0.tenant.id == tenantId }) else {
                lastError = "Tenant \(tenantId) is not in your scope"
                return []
            }
            return openTenant(row.tenant, tab: certificates ? .certificates : .statements)
        case nil:
            notice = "This event's item has no screen of its own"
            return []
        }
    }
}
