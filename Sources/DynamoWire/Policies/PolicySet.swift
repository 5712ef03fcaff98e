import Foundation
import PartitionStore

/// The policies of `serve --policies`: for each access key, the IAM policy documents that say
/// what requests signed with it may do. Evaluated as IAM evaluates identity-based policies: an
/// explicit Deny wins, then an Allow; with neither the request is denied. Every table, index
/// or stream a request touches is judged, each as the action it is (a transaction's put as
/// PutItem), so one denied element denies the whole request.
public struct PolicySet: Sendable {
    /// Access key id to its policies.
    public let policies: [String: [AccessPolicy]]
    /// The region and account resource ARNs are written in.
    public let region: String
    public let account: String
    /// `arn:aws:dynamodb:<region>:<account>:table/`, written once rather than for every request.
    private let tablePrefix: String

    public init(policies: [String: [AccessPolicy]], region: String = "us-east-1", account: String = "000000000000") {
        self.policies = policies
        self.region = region
        self.account = account
        self.tablePrefix = "arn:aws:dynamodb:\(region):\(account):table/"
    }

    /// Reads a policy file: a JSON object mapping each access key id to a list of policy
    /// documents (or one document).
    public init(contentsOf file: String, region: String = "us-east-1") throws(PolicyError) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw PolicyError(file: file, path: "", reason: "cannot be read (\(error.localizedDescription))")
        }
        do {
            try self.init(json: bytes, region: region)
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    public init(json bytes: [UInt8], region: String = "us-east-1") throws(PolicyError) {
        let document: JSONValue
        do throws(JSONSyntaxError) {
            document = try JSONParser.parse(bytes)
        } catch {
            throw PolicyError(
                file: nil, path: "", reason: "is not valid JSON: \(error.reason) (at byte \(error.offset))")
        }
        guard case .object(let keys) = document else {
            throw PolicyError(
                file: nil, path: "", reason: "must be a JSON object mapping access key ids to lists of policy documents"
            )
        }
        var policies: [String: [AccessPolicy]] = [:]
        for (key, value) in keys {
            let documents: [JSONValue]
            switch value {
            case .array(let list): documents = list
            case .object: documents = [value]
            default: throw PolicyError(file: nil, path: key, reason: "must be a policy document or a list of them")
            }
            var parsed: [AccessPolicy] = []
            for (index, document) in documents.enumerated() {
                parsed.append(try PolicyDocumentParser(path: "\(key)[\(index)]").document(document))
            }
            policies[key] = parsed
        }
        self.init(policies: policies, region: region)
    }

    /// One question put to the policies: an action on a resource, in a context.
    public struct Request: Sendable, Hashable {
        public var action: String
        public var resource: String
        public var context: RequestContext
    }

    /// The questions a request puts: one per table, index or stream it touches (a request that
    /// touches none, such as ListTables, is asked about every resource, `*`).
    public func requests(for operation: OperationName, _ access: OperationAccess) -> [Request] {
        var shared: [String: [String]] = [:]
        if let returnValues = access.returnValues {
            shared[ConditionKey.returnValues.rawValue] = [returnValues.rawValue]
        }
        if let capacity = access.returnConsumedCapacity {
            shared[ConditionKey.returnConsumedCapacity.rawValue] = [capacity.rawValue]
        }
        guard !access.targets.isEmpty else {
            return [Request(action: "dynamodb:" + operation.rawValue, resource: "*", context: RequestContext(shared))]
        }
        return access.targets.map { target in
            var context = shared
            if let keys = target.leadingKeys { context[ConditionKey.leadingKeys.rawValue] = keys }
            if let attributes = target.attributes, !attributes.isEmpty {
                context[ConditionKey.attributes.rawValue] = attributes.sorted()
            }
            if let select = target.select { context[ConditionKey.select.rawValue] = [select.rawValue] }
            return Request(
                action: "dynamodb:" + (target.action ?? operation).rawValue, resource: arn(of: target),
                context: RequestContext(context))
        }
    }

    /// A target's ARN in this endpoint's region and account.
    func arn(of target: OperationAccess.Target) -> String {
        let table = tablePrefix + target.table
        if let stream = target.stream, let label = stream.range(of: "/stream/") {
            return table + stream[label.lowerBound...]
        }
        if let index = target.index { return table + "/index/" + index }
        return table
    }

    public enum Decision: Sendable, Hashable {
        case allowed
        /// No statement allows the request.
        case implicitlyDenied(Request)
        /// A statement denies it.
        case explicitlyDenied(Request)
    }

    /// Whether the holder of an access key may make a request.
    public func decide(principal: String, operation: OperationName, access: OperationAccess) -> Decision {
        let documents = policies[principal] ?? []
        for request in requests(for: operation, access) {
            var allowed = false
            for document in documents {
                for statement in document.statements
                where statement.applies(action: request.action, resource: request.resource, context: request.context) {
                    if statement.effect == .deny { return .explicitlyDenied(request) }
                    allowed = true
                }
            }
            if !allowed { return .implicitlyDenied(request) }
        }
        return .allowed
    }

    /// nil when allowed, else DynamoDB's AccessDeniedException for the first question refused.
    public func authorize(principal: String, operation: OperationName, access: OperationAccess) -> WireError? {
        let decision = decide(principal: principal, operation: operation, access: access)
        guard decision != .allowed else { return nil }
        let user = "arn:aws:iam::\(account):user/\(principal)"
        switch decision {
        case .allowed:
            return nil
        case .implicitlyDenied(let request):
            return WireError(
                "AccessDeniedException",
                "User: \(user) is not authorized to perform: \(request.action) on resource: \(request.resource) because no identity-based policy allows the \(request.action) action"
            )
        case .explicitlyDenied(let request):
            return WireError(
                "AccessDeniedException",
                "User: \(user) is not authorized to perform: \(request.action) on resource: \(request.resource) with an explicit deny in an identity-based policy"
            )
        }
    }
}
