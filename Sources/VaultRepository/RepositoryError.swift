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
