import Foundation
import PartitionStore
import Testing

@testable import VaultRepository

/// Who the operator is: bound to system accounts, narrowed never widened, managed by admins.
@Suite("Operators bound to system accounts")
struct OperatorIdentityTests {
    /// A store with three tenants, an admin bound to `root-admin`, and nobody else.
    static func fixture() async throws -> RepositoryFixture {
        let fixture = try await RepositoryFixture()
        for id in ["acme", "globex", "initech"] { try await fixture.repository.save(fixture.tenant(id)) }
        try await fixture.repository.bindFirstAdmin(login: "root-admin", operatorName: "boss@example.com")
        return fixture
    }

    @Test("an account signs in as the operator bound to it; an unbound account, or one bound to a member, is refused")
    func signIn() async throws {
        let fixture = try await Self.fixture()
        let repository = fixture.repository
        let admin = try await repository.signIn(account: "root-admin")
        #expect(
            admin.role == .admin && admin.operatorName == "boss@example.com" && admin.account == "root-admin"
                && admin.viewer == nil)
        await #expect(throws: OperatorError.accountNotBound(login: "mallory")) {
            try await repository.signIn(account: "mallory")
        }
        // A tenant's member with a forged binding item is still not an operator.
        try await repository.save(
            User(tenantId: "acme", id: "u1", email: "member@acme.example", name: "M", role: .member, logins: ["eve"]))
        try await repository.put(VaultRepository.bindingItem(login: "eve", operatorName: "member@acme.example"))
        await #expect(throws: OperatorError.accountNotBound(login: "eve")) {
            try await repository.signIn(account: "eve")
        }
        // A binding item the operator's record does not confirm is not a binding either.
        try await repository.put(VaultRepository.bindingItem(login: "sneaky", operatorName: "boss@example.com"))
        await #expect(throws: OperatorError.accountNotBound(login: "sneaky")) {
            try await repository.signIn(account: "sneaky")
        }
    }

    @Test(
        "--operator narrows: an admin views as support (audited as both); nobody widens; members and strangers are refused"
    )
    func narrowing() async throws {
        let fixture = try await Self.fixture()
        let repository = fixture.repository
        let admin = try await repository.signIn(account: "root-admin")
        try await repository.bind(
            OperatorBindingRequest(
                login: "alice", operatorName: "alice@example.com", role: .support, tenants: ["acme", "globex"]),
            scope: admin)
        try await repository.bind(
            OperatorBindingRequest(login: "bob", operatorName: "bob@example.com", role: .support, tenants: ["acme"]),
            scope: admin)
        try await repository.bind(
            OperatorBindingRequest(
                login: "carol", operatorName: "carol@example.com", role: .support, tenants: ["initech"]), scope: admin)
        try await repository.save(
            User(tenantId: "acme", id: "u1", email: "member@acme.example", name: "M", role: .member))

        let viewing = try await repository.signIn(account: "root-admin", as: "alice@example.com")
        #expect(viewing.tenants == ["acme", "globex"] && viewing.role == .support)
        #expect(viewing.viewer == "boss@example.com" && viewing.account == "root-admin")
        #expect(viewing.actor == "boss@example.com viewing as alice@example.com")
        // Support may narrow to a subset of its own tenants, never to a wider or other set, never to an admin.
        let narrowed = try await repository.signIn(account: "alice", as: "bob@example.com")
        #expect(narrowed.tenants == ["acme"])
        await #expect(
            throws: OperatorError.wouldWiden(account: "bob", own: "bob@example.com", requested: "alice@example.com")
        ) {
            try await repository.signIn(account: "bob", as: "alice@example.com")
        }
        await #expect(
            throws: OperatorError.wouldWiden(account: "alice", own: "alice@example.com", requested: "carol@example.com")
        ) {
            try await repository.signIn(account: "alice", as: "carol@example.com")
        }
        await #expect(
            throws: OperatorError.wouldWiden(account: "alice", own: "alice@example.com", requested: "boss@example.com")
        ) {
            try await repository.signIn(account: "alice", as: "boss@example.com")
        }
        await #expect(throws: OperatorError.unknownOperator("member@acme.example")) {
            try await repository.signIn(account: "root-admin", as: "member@acme.example")
        }
        await #expect(throws: OperatorError.unknownOperator("nobody@example.com")) {
            try await repository.signIn(account: "root-admin", as: "nobody@example.com")
        }
        // The same operator, named in any case, is the account's own scope.
        #expect(try await repository.signIn(account: "alice", as: "ALICE@example.com").viewer == nil)

        // What the narrowed admin does is audited with the account and both names.
        _ = try await repository.lookup("ACME-NOPE", scope: viewing)
        let events = try await repository.platformAuditEvents(scope: admin).items
        let lookup = try #require(events.first { $0.action == "LOOKUP_STATEMENT" })
        #expect(
            lookup.account == "root-admin" && lookup.actor == "boss@example.com viewing as alice@example.com"
                && lookup.outcome == .notFound)
    }

    @Test(
        "binding is for admins; a login names one operator; tenants must exist; the last admin login stays; all audited"
    )
    func managing() async throws {
        let fixture = try await Self.fixture()
        let repository = fixture.repository
        let admin = try await repository.signIn(account: "root-admin")
        // The first-admin path is closed once any login is bound.
        await #expect(throws: OperatorError.adminsOnly) {
            try await repository.bindFirstAdmin(login: "intruder", operatorName: "x@example.com")
        }
        let alice = try await repository.bind(
            OperatorBindingRequest(
                login: "alice", operatorName: "alice@example.com", role: .support, tenants: ["acme"]), scope: admin)
        #expect(alice.logins == ["alice"] && alice.permittedTenants == ["acme"] && alice.tenantId == "platform")
        let support = try await repository.signIn(account: "alice")
        await #expect(throws: OperatorError.adminsOnly) {
            try await repository.bind(
                OperatorBindingRequest(login: "alice2", operatorName: "alice@example.com", role: .admin), scope: support
            )
        }
        await #expect(throws: OperatorError.adminsOnly) { try await repository.operators(scope: support) }
        await #expect(throws: OperatorError.adminsOnly) { try await repository.unbind(login: "alice", scope: support) }
        // An admin viewing as support is support.
        let viewing = try await repository.signIn(account: "root-admin", as: "alice@example.com")
        await #expect(throws: OperatorError.adminsOnly) { try await repository.unbind(login: "alice", scope: viewing) }

        await #expect(throws: OperatorError.loginTaken(login: "alice", operatorName: "alice@example.com")) {
            try await repository.bind(
                OperatorBindingRequest(login: "alice", operatorName: "other@example.com", role: .support, tenants: []),
                scope: admin)
        }
        await #expect(throws: OperatorError.unknownTenant("nowhere")) {
            try await repository.bind(
                OperatorBindingRequest(
                    login: "dave", operatorName: "dave@example.com", role: .support, tenants: ["nowhere"]), scope: admin
            )
        }
        await #expect(throws: OperatorError.missingRole("erin@example.com")) {
            try await repository.bind(
                OperatorBindingRequest(login: "erin", operatorName: "erin@example.com"), scope: admin)
        }
        try await repository.save(
            User(tenantId: "acme", id: "u1", email: "member@acme.example", name: "M", role: .member))
        await #expect(throws: OperatorError.notAnOperator("member@acme.example")) {
            try await repository.bind(
                OperatorBindingRequest(login: "frank", operatorName: "member@acme.example"), scope: admin)
        }
        for bad in ["", "has space", "hash#tag", "tab\there", "esc\u{1B}[2J", String(repeating: "x", count: 65)] {
            await #expect(throws: OperatorError.invalidLogin(bad)) {
                try await repository.bind(
                    OperatorBindingRequest(login: bad, operatorName: "bad@example.com", role: .support), scope: admin)
            }
        }
        // Unicode logins are logins.
        try await repository.bind(
            OperatorBindingRequest(login: "jürgen", operatorName: "alice@example.com"), scope: admin)
        #expect(try await repository.signIn(account: "jürgen").operatorName == "alice@example.com")

        await #expect(throws: OperatorError.lastAdmin("root-admin")) {
            try await repository.unbind(login: "root-admin", scope: admin)
        }
        try await repository.bind(
            OperatorBindingRequest(login: "root2", operatorName: "boss@example.com"), scope: admin)
        try await repository.unbind(login: "root-admin", scope: admin)
        await #expect(throws: OperatorError.accountNotBound(login: "root-admin")) {
            try await repository.signIn(account: "root-admin")
        }
        let admin2 = try await repository.signIn(account: "root2")
        try await repository.unbind(login: "alice", scope: admin2)
        await #expect(throws: OperatorError.accountNotBound(login: "alice")) {
            try await repository.signIn(account: "alice")
        }
        #expect(
            try await repository.operators(scope: admin2).map(\.email) == ["alice@example.com", "boss@example.com"])
        #expect(try await repository.operators(scope: admin2).first?.logins == ["jürgen"])

        let audit = try await repository.platformAuditEvents(scope: admin2, limit: 100).items
        let changes = audit.filter { $0.entityType == "OPERATOR" }.map {
            "\($0.action) \($0.entityId) by \($0.account ?? "?")"
        }
        #expect(changes.contains("BIND_LOGIN alice → alice@example.com by root-admin"))
        #expect(changes.contains("UNBIND_LOGIN root-admin → boss@example.com by root-admin"))
        #expect(changes.contains("UNBIND_LOGIN alice → alice@example.com by root2"))
    }

    @Test("the demo seed binds the account that made it to the admin, and only that account")
    func seedBindsCreator() async throws {
        let fixture = try await RepositoryFixture()
        _ = try await fixture.repository.seedDemo(scale: .small, seed: 2, asOf: "2026-11-21", adminLogin: "maker")
        let scope = try await fixture.repository.signIn(account: "maker")
        #expect(scope.role == .admin && scope.operatorName == DemoOperators.adminEmail)
        let support = try await fixture.repository.signIn(account: "maker", as: DemoOperators.supportEmail)
        #expect(support.tenants?.count == 3)
        await #expect(throws: OperatorError.accountNotBound(login: "other")) {
            try await fixture.repository.signIn(account: "other")
        }
    }
}
