import Synchronization
import VaultRepository

/// Where background loads leave their results for the UI thread. Posting wakes the UI loop.
public final class Mailbox: Sendable {
    private let queue = Mutex<[ConsoleAction]>([])
    private let wake: @Sendable () -> Void

    public init(wake: @escaping @Sendable () -> Void = {}) {
        self.wake = wake
    }

    public func post(_ action: ConsoleAction) {
        queue.withLock { $0.append(action) }
        wake()
    }

    func drain() -> [ConsoleAction] {
        queue.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }

    var isEmpty: Bool { queue.withLock { $0.isEmpty } }
}

/// Runs the console: holds its state, feeds it keys and load results, starts and cancels the
/// loads it asks for (each on a task of its own, never on the UI thread), and draws it. Used
/// from one thread; the terminal loop and the tests drive it the same way.
public final class ConsoleController {
    public private(set) var state: ConsoleState
    let data: ConsoleData
    public let mailbox: Mailbox
    private var tasks: [Int: Task<Void, Never>] = [:]
    /// Live streams being followed: they run until cancelled, so `settle` does not wait for them.
    private var follows: [Int: Task<Void, Never>] = [:]
    /// Puts text on the terminal's clipboard; the terminal loop sets it (OSC 52), tests record.
    public var clipboard: ((String) -> Void)?

    public init(state: ConsoleState, data: ConsoleData, wake: @escaping @Sendable () -> Void = {}) {
        self.state = state
        self.data = data
        mailbox = Mailbox(wake: wake)
    }

    public var quitRequested: Bool { state.quitRequested }
    /// Loads started and not yet finished (cancelled ones included until their task ends).
    public var loadsInFlight: Int { tasks.count }

    public func start() {
        run(state.start())
    }

    public func send(_ action: ConsoleAction) {
        run(state.update(action))
    }

    public func send(_ keys: [Key]) {
        for key in keys { send(.key(key)) }
    }

    /// Applies what background loads posted; answers whether there was anything.
    @discardableResult
    public func drainMailbox() -> Bool {
        let actions = mailbox.drain()
        for action in actions {
            switch action {
            case .loaded(let id, _), .failed(let id, _): tasks[id] = nil
            case .streamEnded(let id, _): follows[id] = nil
            default: break
            }
            send(action)
        }
        return !actions.isEmpty
    }

    /// Waits until no load is in flight and every result is applied.
    nonisolated(nonsending) public func settle() async {
        while true {
            drainMailbox()
            guard let (id, task) = tasks.first else { break }
            await task.value
            if tasks[id] != nil, mailbox.isEmpty { tasks[id] = nil }
        }
    }

    public func render(on canvas: any Canvas) {
        ConsoleView.render(state, on: canvas)
    }

    private func run(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .load(let id, let request):
                tasks[id] = Self.launch(id: id, request, data: data, mailbox: mailbox)
            case .follow(let id):
                follows[id] = Self.follow(id: id, data: data, mailbox: mailbox)
            case .cancel(let id):
                tasks[id]?.cancel()
                follows[id]?.cancel()
            case .auditView(let event):
                Self.auditView(event, data: data, mailbox: mailbox)
            case .copy(let text):
                clipboard?(text)
            case .quit:
                for task in tasks.values { task.cancel() }
                for task in follows.values { task.cancel() }
            }
        }
    }

    /// Runs a load on a task of its own; its results go to the mailbox.
    private static func launch(
        id: Int, _ request: LoadRequest, data: ConsoleData, mailbox: Mailbox
    ) -> Task<Void, Never> {
        Task.detached {
            let post: @Sendable (LoadResult) -> Void = { partial in mailbox.post(.partial(id: id, partial)) }
            do {
                let result = try await data.run(request, partial: post)
                mailbox.post(.loaded(id: id, result))
            } catch {
                mailbox.post(.failed(id: id, message: describe(error)))
            }
        }
    }

    /// Records an opened change event in the audit log; a failure shows on the status line.
    private static func auditView(_ event: ChangeEvent, data: ConsoleData, mailbox: Mailbox) {
        Task.detached {
            do {
                try await data.repository.auditViewed(event, scope: data.scope)
            } catch {
                mailbox.post(.auditFailed(describe(error)))
            }
        }
    }

    /// Follows the change stream on a task of its own; batches go to the mailbox.
    private static func follow(id: Int, data: ConsoleData, mailbox: Mailbox) -> Task<Void, Never> {
        Task.detached {
            let deliver: @Sendable ([ChangeEvent]) -> Void = { batch in mailbox.post(.events(id: id, batch)) }
            do {
                try await data.follow(started: { mailbox.post(.streamStarted(id: id)) }, deliver: deliver)
                mailbox.post(.streamEnded(id: id, nil))
            } catch is CancellationError {
                mailbox.post(.streamEnded(id: id, "Stopped"))
            } catch {
                mailbox.post(.streamEnded(id: id, describe(error)))
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if error is CancellationError { return "Cancelled" }
        return String(describing: error)
    }
}
