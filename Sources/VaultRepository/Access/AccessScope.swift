/// Who is asking, in what role, and which tenants they may see. Every repository call takes one;
/// nothing outside it can be returned.
public struct AccessScope: Sendable, Hashable {
    /// The operator whose scope this is (their email).
    public let operatorName: String
    public let role: UserRole
    /// The tenants this operator may see; nil for an admin, who sees every tenant.
    public let tenants: Set<String>?
    /// The operating-system account that signed in (nil for the store's own workers, such as
    /// the traffic simulator). Audit events name it.
    public let account: String?
    /// When an admin looks through another operator's eyes: the admin's own operator name.
    public let viewer: String?

    public init(
        operatorName: String, role: UserRole, tenants: Set<String>?, account: String? = nil, viewer: String? = nil
    ) {
        self.operatorName = operatorName
        self.role = role
        self.tenants = role == .admin ? nil : (tenants ?? [])
        self.account = account
        self.viewer = viewer
    }

    public static func admin(_ name: String, account: String? = nil) -> AccessScope {
        AccessScope(operatorName: name, role: .admin, tenants: nil, account: account)
    }

    public static func support(_ name: String, tenants: Set<String>, account: String? = nil) -> AccessScope {
        AccessScope(operatorName: name, role: .support, tenants: tenants, account: account)
    }

    /// The scope a user's record grants: admins see all, support staff their listed tenants,
    /// members their own tenant.
    public init(user: User, account: String? = nil, viewer: String? = nil) {
        switch user.role {
        case .admin: self.init(operatorName: user.email, role: .admin, tenants: nil, account: account, viewer: viewer)
        case .support:
            self.init(
                operatorName: user.email, role: .support, tenants: Set(user.permittedTenants), account: account,
                viewer: viewer)
        case .member:
            self.init(
                operatorName: user.email, role: .member, tenants: [user.tenantId], account: account, viewer: viewer)
        }
    }

    /// Whether every tenant `other` may see, this scope may see too: narrowing never widens.
    public func contains(_ other: AccessScope) -> Bool {
        guard let mine = tenants else { return true }
        guard let theirs = other.tenants else { return false }
        return theirs.isSubset(of: mine)
    }

    /// Who acted, as the audit log records it: the operator, and the admin looking through their
    /// eyes when there is one.
    public var actor: String {
        viewer.map { "\($0) viewing as \(operatorName)" } ?? operatorName
    }

    public func permits(_ tenantId: String) -> Bool {
        tenants?.contains(tenantId) ?? true
    }
}
