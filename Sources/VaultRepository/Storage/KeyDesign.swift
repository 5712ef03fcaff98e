import PartitionStore

/// The single-table key design (see docs/data-model.md). Every key of tenant data starts with
/// `TENANT#<id>`, so a query built from a tenant's keys cannot reach another tenant's items.
enum KeyDesign {
    static let partitionKey = "pk"
    static let sortKey = "sk"
    static let entityAttribute = "entity"
    static let expiryAttribute = "expires_at"
    /// Attributes that never leave the repository as they are stored: the tenant's QR signing
    /// secret. `Redaction` hides them on every way out.
    static let secretAttributes: Set<String> = ["qr_secret"]

    /// Sort keys and sort-key prefixes of the entities' items.
    enum SortKey {
        static let tenant = "TENANT"
        static let statement = "STATEMENT"
        static let paymentClaim = "PAYMENTTX"
        static let session = "SESSION"
        static let user = "USER"
        static let paymentPrefix = "PAYMENT#"
        static let documentPrefix = "DOCUMENT#"
        static let certificatePrefix = "CERT#"
        static let userPrefix = "USER#"
        static let renewalPrefix = "RENEWAL#"
    }

    /// The secondary indexes: generic names, overloaded by entity type.
    enum Index: String, CaseIterable {
        case gsi1
        case gsi2
        case gsi3
        var partitionKey: String { "\(rawValue)pk" }
        var sortKey: String { "\(rawValue)sk" }
    }

    /// Payments and audit events of one tenant are spread over this many partitions, so a tenant
    /// with millions of them never writes to one hot partition; lists merge the shards.
    static let paymentShards = 8
    static let auditShards = 4

    /// A stable shard for an id: FNV-1a, so every process and every run agrees.
    static func shard(of id: String, count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count))
    }

    static func tenant(_ id: String) -> String { "TENANT#\(id)" }
    /// The tenant's activity summary sits in the tenant's own partition.
    static let activitySortKey = "ACTIVITY"
    static func statementPartition(_ tenantId: String, _ statementId: String) -> String {
        "TENANT#\(tenantId)#STATEMENT#\(statementId)"
    }
    static func statementsOfTenant(_ tenantId: String) -> String { "TENANT#\(tenantId)#STATEMENTS" }
    static func reference(_ reference: String) -> String { "REF#\(reference)" }
    static func paymentShard(_ tenantId: String, _ shard: Int) -> String { "TENANT#\(tenantId)#PAYMENTS#\(shard)" }
    static func certificate(_ number: String) -> String { SortKey.certificatePrefix + number }
    static func domain(_ domain: String) -> String { "DOMAIN#\(domain.lowercased())" }
    static func organization(_ tenantId: String, _ organization: String) -> String {
        "TENANT#\(tenantId)#ORG#\(organization.lowercased())"
    }
    static func standard(_ tenantId: String, _ standard: String) -> String { "TENANT#\(tenantId)#STANDARD#\(standard)" }
    static func certificateExpiry(_ tenantId: String) -> String { "TENANT#\(tenantId)#CERTEXPIRY" }
    static func email(_ email: String) -> String { "EMAIL#\(email.lowercased())" }
    /// A statement's reference within its tenant (gsi3): the lookup a scope held to some tenants
    /// makes, so it never reads the platform-wide `REF#` partition (docs/data-model.md,
    /// "Tenant-scoped lookups").
    static func tenantReference(_ tenantId: String, _ reference: String) -> String {
        "TENANT#\(tenantId)#REF#\(reference)"
    }
    /// A user's email within its tenant (gsi3), for the same reason.
    static func tenantEmail(_ tenantId: String, _ email: String) -> String {
        "TENANT#\(tenantId)#EMAIL#\(email.lowercased())"
    }
    /// The item that records which version of this key design a table's items follow.
    static let dataModelPartition = "VAULTDESK"
    static let dataModelSortKey = "DATAMODEL"
    /// 2: statements and users carry tenant-scoped lookup entries on gsi3.
    static let dataModelVersion = 2
    static func auditShard(_ tenantId: String, _ shard: Int) -> String { "TENANT#\(tenantId)#AUDIT#\(shard)" }
    /// Claims a payment's external transaction hash, so a payment is recorded once.
    static func paymentTransaction(_ tenantId: String, _ hash: String) -> String {
        "TENANT#\(tenantId)#PAYMENTTX#\(hash)"
    }
    static func session(_ tenantId: String, _ id: String) -> String { "TENANT#\(tenantId)#SESSION#\(id)" }
    static let allTenants = "TENANTS"
    /// The tenant id of the platform's own records: operators, and the audit log of actions
    /// that concern no tenant.
    static let platformTenant = "platform"
    /// The bindings of operating-system logins to operators: one item per login, in one
    /// partition, so a login names at most one operator and the list is one query.
    static let operatorLogins = "OPERATORS"
    static func login(_ name: String) -> String { "LOGIN#\(name)" }
    /// Where a tenant sorts in the tenant list: by name, then id.
    static func tenantNameKey(_ tenant: Tenant) -> String { "\(tenant.name.lowercased())#\(tenant.id)" }
    /// Sorts after every character used in keys: the open end of a range.
    static let highSentinel = "\u{10FFFF}"

    /// The table and its indexes, with a stream (for the console's live view) and TTL.
    static func tableDefinition(_ name: String) -> CreateTableInput {
        var definitions = [AttributeDefinition(partitionKey, .s), AttributeDefinition(sortKey, .s)]
        var indexes: [SecondaryIndex] = []
        for index in Index.allCases {
            definitions += [AttributeDefinition(index.partitionKey, .s), AttributeDefinition(index.sortKey, .s)]
            indexes.append(
                SecondaryIndex(
                    indexName: index.rawValue,
                    keySchema: [KeySchemaElement(index.partitionKey, .hash), KeySchemaElement(index.sortKey, .range)],
                    projection: .all))
        }
        return CreateTableInput(
            tableName: name,
            keySchema: [KeySchemaElement(partitionKey, .hash), KeySchemaElement(sortKey, .range)],
            attributeDefinitions: definitions,
            globalSecondaryIndexes: indexes,
            billingMode: .payPerRequest,
            streamSpecification: StreamSpecification(streamEnabled: true, streamViewType: .newAndOldImages))
    }
}
