import Foundation
import PartitionStore

/// Why an account could not sign in as an operator, or an operator binding could not change.
public enum OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No operator of the store names this login.
    case accountNotBound(login: String)
    /// `--operator` named someone whose scope is wider than the account's own.
    case wouldWiden(account: String, own: String, requested: String)
    /// `--operator` or `--email` named no operator of this store.
    case unknownOperator(String)
    /// The record is a tenant's member, who can never run the console.
    case notAnOperator(String)
    /// Managing operators is for admins.
    case adminsOnly
    case loginTaken(login: String, operatorName: String)
    case invalidLogin(String)
    case unknownTenant(String)
    /// Removing the login would leave no account able to manage operators.
    case lastAdmin(String)
    case missingRole(String)

    public var description: String {
        switch self {
        case .accountNotBound(let login):
            "The account \(login) is not an operator of this store. An admin can add it: vaultdesk operators add --login \(login) --role support --tenants TENANT,…"
        case .wouldWiden(let account, let own, let requested):
            "The account \(account) signs in as \(own), whose scope does not include all of \(requested)'s; --operator and VAULTDESK_OPERATOR can only narrow what you may see"
        case .unknownOperator(let name): "No operator \(name) in this store; vaultdesk operators list shows them"
        case .notAnOperator(let name): "\(name) is a tenant's member, not an operator (admin or support)"
        case .adminsOnly: "Only admins manage operators"
        case .loginTaken(let login, let name):
            "The login \(login) already signs in as \(name); remove it first (vaultdesk operators remove --login \(login))"
        case .invalidLogin(let login):
            "\"\(login)\" is not a login name: 1 to 64 characters, without spaces, control characters or #"
        case .unknownTenant(let id): "No tenant \(id) in this store"
        case .lastAdmin(let login):
            "The login \(login) is the last one bound to an admin; bind another admin first, or no one could manage operators"
        case .missingRole(let name): "\(name) is a new operator: say its role with --role admin or --role support"
        }
    }
}

/// What `operators add` asks for: a login bound to an operator, who is created when new.
public struct OperatorBindingRequest: Sendable, Hashable {
    public var login: String
    /// The operator's name (an email); an existing operator gains the login.
    public var operatorName: String
    /// Required for a new operator; for an existing one, changes its role.
    public var role: UserRole?
    /// For support operators: the tenants they may see (nil keeps an existing operator's).
    public var tenants: [String]?
    public var displayName: String?

    public init(
        login: String, operatorName: String, role: UserRole? = nil, tenants: [String]? = nil, displayName: String? = nil
    ) {
        self.login = login
        self.operatorName = operatorName
        self.role = role
        self.tenants = tenants
        self.displayName = displayName
    }
}

/// Who may run the console is decided by the operating system, as sshd, sudo and PostgreSQL's
/// peer authentication decide it: an operator record names the login names of the accounts that
/// sign in as it, and the process's real user id names the account. `--operator` can only narrow.
extension VaultRepository {
    /// The scope of the operator bound to an operating-system account, optionally narrowed to
    /// another operator's (an admin looking through a support operator's eyes). Nobody can widen
    /// their scope, and a tenant's member is never an operator.
    public func signIn(account login: String, as requested: String? = nil) async throws -> AccessScope {
        guard let own = try await operatorRecord(login: login) else {
            throw OperatorError.accountNotBound(login: login)
        }
        let ownScope = AccessScope(user: own, account: login)
        guard let requested, requested.lowercased() != own.email.lowercased() else { return ownScope }
        guard let target = try await operatorRecord(email: requested), target.tenantId == KeyDesign.platformTenant
        else {
            throw OperatorError.unknownOperator(requested)
        }
        guard target.isOperator else { throw OperatorError.notAnOperator(requested) }
        let narrowed = AccessScope(user: target, account: login, viewer: own.email)
        guard ownScope.role == .admin || (target.role != .admin && ownScope.contains(narrowed)) else {
            throw OperatorError.wouldWiden(account: login, own: own.email, requested: target.email)
        }
        return narrowed
    }

    /// The operator a login signs in as: bound to it, naming it back, and an operator.
    func operatorRecord(login: String) async throws -> User? {
        guard let binding = try await get(KeyDesign.operatorLogins, KeyDesign.login(login)),
            let email = binding["operator"]?.stringValue,
            let user = try await operatorRecord(email: email),
            user.isOperator, user.tenantId == KeyDesign.platformTenant, user.logins.contains(login)
        else { return nil }
        return user
    }

    /// Every login binding: login → operator name.
    func loginBindings() async throws -> [String: String] {
        var bindings: [String: String] = [:]
        for item in try await all(partition: KeyDesign.operatorLogins, sortPrefix: KeyDesign.login("")) {
            if let login = item["login"]?.stringValue, let name = item["operator"]?.stringValue {
                bindings[login] = name
            }
        }
        return bindings
    }

    /// Whether any account is bound yet: a store made before operators were bound to accounts
    /// has none, and its owner binds the first admin.
    public func hasOperatorLogins() async throws -> Bool {
        try await !loginBindings().isEmpty
    }

    /// The platform's operators, by name. Admins only.
    public func operators(scope: AccessScope) async throws -> [User] {
        guard scope.role == .admin else { throw OperatorError.adminsOnly }
        let users = try await all(
            partition: KeyDesign.tenant(KeyDesign.platformTenant), sortPrefix: KeyDesign.SortKey.userPrefix
        ).map(ItemMapping.user)
        return users.filter(\.isOperator).sorted { $0.email < $1.email }
    }

    /// Binds a login to an operator, creating the operator when it is new. Admins only; audited
    /// in the platform's log.
    @discardableResult
    public func bind(_ request: OperatorBindingRequest, scope: AccessScope) async throws -> User {
        guard scope.role == .admin else { throw OperatorError.adminsOnly }
        return try await bindUnchecked(request, scope: scope)
    }

    /// Binds the first admin of a store that has no bound logins yet; the caller has checked that
    /// the account may (it owns the store file). Refused once any login is bound.
    @discardableResult
    public func bindFirstAdmin(login: String, operatorName: String, displayName: String? = nil) async throws -> User {
        guard try await !hasOperatorLogins() else { throw OperatorError.adminsOnly }
        let scope = AccessScope.admin(operatorName, account: login)
        return try await bindUnchecked(
            OperatorBindingRequest(login: login, operatorName: operatorName, role: .admin, displayName: displayName),
            scope: scope)
    }

    private func bindUnchecked(_ request: OperatorBindingRequest, scope: AccessScope) async throws -> User {
        let login = request.login
        guard Self.isValidLogin(login) else { throw OperatorError.invalidLogin(login) }
        if let bound = try await loginBindings()[login], bound.lowercased() != request.operatorName.lowercased() {
            throw OperatorError.loginTaken(login: login, operatorName: bound)
        }
        var user: User
        if let existing = try await userRecord(email: request.operatorName) {
            guard existing.isOperator, existing.tenantId == KeyDesign.platformTenant else {
                throw OperatorError.notAnOperator(request.operatorName)
            }
            user = existing
            if let role = request.role, role != .member { user.role = role }
        } else {
            guard let role = request.role, role != .member else {
                throw OperatorError.missingRole(request.operatorName)
            }
            user = User(
                tenantId: KeyDesign.platformTenant, id: "operator-\(UUID().uuidString.lowercased())",
                email: request.operatorName,
                name: request.displayName ?? login, role: role)
        }
        if let name = request.displayName { user.name = name }
        if let tenants = request.tenants {
            for tenant in tenants where try await get(KeyDesign.tenant(tenant), KeyDesign.SortKey.tenant) == nil {
                throw OperatorError.unknownTenant(tenant)
            }
            user.permittedTenants = tenants
        }
        if user.role == .admin { user.permittedTenants = [] }
        if !user.logins.contains(login) { user.logins.append(login) }
        // The binding is claimed in the same transaction that saves the record, so two admins
        // binding one login at once cannot both win.
        do {
            _ = try await store.transactWriteItems(
                TransactWriteItemsInput(transactItems: [
                    .put(PutItemInput(tableName: tableName, item: ItemMapping.item(user))),
                    .put(
                        PutItemInput(
                            tableName: tableName, item: Self.bindingItem(login: login, operatorName: user.email),
                            options: WriteOptions(
                                conditionExpression: "attribute_not_exists(pk) OR #o = :o",
                                expressionAttributeNames: ["#o": "operator"],
                                expressionAttributeValues: [":o": .s(user.email)]))),
                ]))
        } catch {
            guard error.code == .transactionCanceled else { throw error }
            throw OperatorError.loginTaken(
                login: login, operatorName: try await loginBindings()[login] ?? "another operator")
        }
        try await audit(
            scope, tenantId: KeyDesign.platformTenant, action: .bindLogin, entityType: AuditSubject.operatorBinding,
            entityId: "\(login) → \(user.email)", via: "operators", outcome: .done)
        return user
    }

    /// Takes a login's binding away; the operator's record stays (the audit log names it).
    /// Admins only; refused for the last login bound to an admin. Audited.
    public func unbind(login: String, scope: AccessScope) async throws {
        guard scope.role == .admin else { throw OperatorError.adminsOnly }
        let bindings = try await loginBindings()
        guard let name = bindings[login] else { throw OperatorError.accountNotBound(login: login) }
        let operators = try await self.operators(scope: scope)
        let adminNames = Set(operators.filter { $0.role == .admin }.map(\.email))
        if adminNames.contains(name), bindings.filter({ adminNames.contains($0.value) }).count <= 1 {
            throw OperatorError.lastAdmin(login)
        }
        var items: [TransactWriteItem] = [
            .delete(
                DeleteItemInput(
                    tableName: tableName,
                    key: [
                        KeyDesign.partitionKey: .s(KeyDesign.operatorLogins),
                        KeyDesign.sortKey: .s(KeyDesign.login(login)),
                    ]))
        ]
        if var user = operators.first(where: { $0.email == name }) {
            user.logins.removeAll { $0 == login }
            items.append(.put(PutItemInput(tableName: tableName, item: ItemMapping.item(user))))
        }
        _ = try await store.transactWriteItems(TransactWriteItemsInput(transactItems: items))
        try await audit(
            scope, tenantId: KeyDesign.platformTenant, action: .unbindLogin, entityType: AuditSubject.operatorBinding,
            entityId: "\(login) → \(name)", via: "operators", outcome: .done)
    }

    /// The platform's own audit log (actions that concern no tenant: lookups that found nothing,
    /// operator changes), newest first. Admins only.
    public func platformAuditEvents(
        scope: AccessScope, limit: Int = 50, after cursor: Cursor? = nil
    ) async throws -> Page<AuditEvent> {
        guard scope.role == .admin else { throw OperatorError.adminsOnly }
        return try await auditEvents(tenantId: KeyDesign.platformTenant, scope: scope, limit: limit, after: cursor)
    }

    static func bindingItem(login: String, operatorName: String) -> Item {
        [
            KeyDesign.partitionKey: .s(KeyDesign.operatorLogins), KeyDesign.sortKey: .s(KeyDesign.login(login)),
            KeyDesign.entityAttribute: .s(EntityType.operatorLogin.rawValue), "login": .s(login),
            "operator": .s(operatorName),
        ]
    }

    static func isValidLogin(_ login: String) -> Bool {
        (1...64).contains(login.unicodeScalars.count)
            && !login.unicodeScalars.contains {
                $0 == "#" || $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
            }
    }
}
