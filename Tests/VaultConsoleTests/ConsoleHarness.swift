import Foundation
import PartitionStore
import TestSupport
import VaultConsole
import VaultRepository

/// The small demo store the console tests read, seeded once per test run with a fixed seed and
/// day so every screen renders the same on every machine.
enum DemoStore {
    static let day = "2026-11-21"

    struct Fixture: Sendable {
        let store: PartitionStore
        let path: String
        let supportTenants: [String]

        func repository() -> VaultRepository {
            // A fixed clock: audit events and activity do not depend on when the tests run.
            VaultRepository(store: store, now: { Date(timeIntervalSince1970: 1_795_262_400) })
        }
    }

    static let shared = Task<Fixture, any Error> { try await makeFixture() }

    /// A store of its own, for tests that write (the shared one must stay as seeded).
    static func makeFixture() async throws -> Fixture {
        let directory = try ProcessScratch.folder("console")
        let path = directory.appendingPathComponent("demo.db").path
        let store = try PartitionStore(path: path, configuration: StoreConfiguration(durability: .normal))
        let summary = try await VaultRepository(store: store).seedDemo(scale: .small, seed: 1, asOf: day)
        let support = summary.operators.first { $0.role == .support }?.permittedTenants ?? []
        return Fixture(store: store, path: path, supportTenants: support)
    }

    static func fixture() async throws -> Fixture { try await shared.value }

    static let admin = AccessScope.admin(DemoOperators.adminEmail)

    /// The bundled themes, in the source tree.
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    static func support() async throws -> AccessScope {
        .support(DemoOperators.supportEmail, tenants: Set(try await fixture().supportTenants))
    }
}

/// The console on a virtual screen, driven key by key as a person would, each key's loads
/// finished before the next key.
final class ConsoleHarness {
    let controller: ConsoleController
    let screen: VirtualScreen

    init(
        scope: AccessScope = DemoStore.admin, size: TerminalSize = TerminalSize(columns: 80, rows: 24),
        store: (any ItemStore)? = nil, tenantPageSize: Int = 100, changes: (any ChangeSource)? = nil,
        themeName: String = "dark"
    ) async throws {
        let fixture = try await DemoStore.fixture()
        let repository =
            store.map { VaultRepository(store: $0, now: { Date(timeIntervalSince1970: 1_795_262_400) }) }
            ?? fixture.repository()
        let state = ConsoleState(
            identity: ConsoleIdentity(scope: scope, storeLabel: "demo.db"), size: size, themeName: themeName,
            themes: ThemeCatalog.load(folder: DemoStore.themesFolder), today: DemoStore.day)
        controller = ConsoleController(
            state: state,
            data: ConsoleData(
                repository: repository, scope: scope, today: DemoStore.day, changeSource: changes,
                tenantPageSize: tenantPageSize))
        screen = VirtualScreen(size: size)
    }

    var state: ConsoleState { controller.state }

    /// Opens the console and waits for the tenant list.
    func start() async {
        controller.start()
        await controller.settle()
        render()
    }

    func press(_ keys: Key...) async {
        await press(keys)
    }

    func press(_ keys: [Key]) async {
        for key in keys {
            controller.send(.key(key))
            await controller.settle()
        }
        render()
    }

    /// Types text (a `\n` is Enter), as a keyboard-wedge scanner does.
    func type(_ text: String) async {
        await press(Key.typing(text))
    }

    func resize(_ size: TerminalSize) async {
        screen.resize(to: size)
        controller.send(.resize(size))
        await controller.settle()
        render()
    }

    /// Applies what background work posted until `done` holds, or fails after a few seconds.
    func waitUntil(_ what: String, _ done: (ConsoleState) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            controller.drainMailbox()
            if done(state) {
                render()
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        render()
        throw HarnessTimeout(waitingFor: what, screen: text)
    }

    struct HarnessTimeout: Error {
        let waitingFor: String
        let screen: String
    }

    func render() {
        controller.render(on: screen)
    }

    var text: String { screen.text }

    /// The rows of the list on screen, for comparing pages.
    var listRows: [Row] {
        switch state.screen {
        case .tenant(let tenant): tenant.list.rows
        case .list(let list): list.list.rows
        default: []
        }
    }
}
