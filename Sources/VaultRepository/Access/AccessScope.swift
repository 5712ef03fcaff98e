/// Who is asking, in what role, and which tenants they may see. Every repository call takes one;
/// nothing outside it can be returned.
public struct AccessScope: Sendable, Hashable {
    public let operatorName: String
    public let role: UserRole
    /// The tenants this operator may see; nil for an admin, who sees every tenant.
    public let tenants: Set<String>?

    public init(operatorName: String, role: UserRole, tenants: Set<String>?) {
        self.operatorName = operatorName
        self.role = role
        self.tenants = role == .admin ? nil : (tenants ?? [])
    }

    public static func admin(_ name: String) -> AccessScope {
        AccessScope(operatorName: name, role: .admin, tenants: nil)
    }

    public static func support(_ name: String, tenants: Set<String>) -> AccessScope {
        AccessScope(operatorName: name, role: .support, tenants: tenants)
    }

    /// The scope a user's record grants: admins see all, support staff their listed tenants,
    /// members their own tenant.
    public init(user: User) {
        switch user.role {
        case .admin: self.init(operatorName: user.email, role: .admin, tenants: nil)
        case .support: self.init(operatorName: user.email, role: .support, tenants: Set(user.permittedTenants))
        case .member: self.init(operatorName: user.email, role: .member, tenants: [user.tenantId])
        }
    }

    public func permits(_ tenantId: String) -> Bool {
        tenants?.contains(tenantId) ?? true
    }
}

/// What a repository call can fail with, beyond the store's own errors.
public enum RepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tenant does not exist or is outside the caller's scope; the two are not told apart.
    case tenantNotFound(String)
    /// The entity a write names does not exist (in scope).
    case notFound(String)
    /// A stored item does not have the shape its entity needs.
    case corruptItem(key: String, reason: String)
    /// A cursor that this repository did not issue, or issued for another query.
    case invalidCursor
    /// An optimistic-locking or uniqueness conflict: someone else changed the entity first.
    case conflict(String)
    case invalidArgument(String)
    case store(String)

    public var description: String {
        switch self {
        case .tenantNotFound(let id): "Tenant \(id) not found"
        case .notFound(let what): "\(what) not found"
        case .corruptItem(let key, let reason): "The stored item \(key) is not readable: \(reason)"
        case .invalidCursor: "The paging cursor is not valid for this list; start again from the first page"
        case .conflict(let what): "Conflict: \(what)"
        case .invalidArgument(let what): what
        case .store(let message): message
        }
    }
}
