import Foundation
import PartitionStore
import TestSupport
import Testing
import VaultRepository

/// The console through `vaultdesk serve --credentials --policies`, signed with a support key
/// that a `dynamodb:LeadingKeys` policy holds to the support operator's three tenants (the
/// README's recipe): the operator's screens work, and the server itself refuses that key a
/// fourth tenant's items.
@Suite("Console through access policies", .serialized)
struct ConsolePolicyTests {
    static let binary = ConsoleTmuxTests.binary

    /// The README's support-key policy for these tenants.
    static func supportPolicy(tenants: [String]) -> String {
        let partitions = tenants.flatMap { ["\"TENANT#\($0)\"", "\"TENANT#\($0)#*\""] }.joined(separator: ", ")
        let table = #"["arn:aws:dynamodb:*:*:table/vaultdesk", "arn:aws:dynamodb:*:*:table/vaultdesk/index/*"]"#
        return """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "TheirTenants", "Effect": "Allow",
               "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem"],
               "Resource": \(table),
               "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [\(partitions)]}}},
              {"Sid": "SignInAndAudit", "Effect": "Allow",
               "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], "Resource": \(table),
               "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys":
                 ["OPERATORS", "TENANT#platform#EMAIL#*", "TENANT#platform#AUDIT#*"]}}},
              {"Sid": "TheTable", "Effect": "Allow", "Action": "dynamodb:DescribeTable", "Resource": \(table)}
            ]}
            """
    }

    /// A program on this process's PATH, by its full path (the test shell's PATH may be shorter).
    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @Test(
        "a support key held to three tenants: the console's screens work, and a fourth tenant is refused by the server")
    func supportThroughPolicies() async throws {
        let directory = try await ConsoleTmuxTests.seededFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("demo.db").path
        let (theirs, fourth, reference): ([String], String, String) = try await {
            let repository = VaultRepository(store: try PartitionStore(path: storePath))
            let support = try #require(try await repository.operatorRecord(email: DemoOperators.supportEmail))
            let admin = AccessScope.admin(DemoOperators.adminEmail)
            let others = try await repository.allTenants(scope: admin).map(\.id).filter {
                !support.permittedTenants.contains($0)
            }
            let first = try #require(support.permittedTenants.sorted().first)
            let statement = try #require(
                try await repository.statements(tenantId: first, scope: admin, limit: 1).items.first)
            return (support.permittedTenants, try #require(others.first), statement.reference)
        }()
        #expect(theirs.count == 3)

        let write = { (name: String, text: String) in
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("keys", "[support]\naws_access_key_id = AKIDSUPPORT\naws_secret_access_key = support-secret\n")
        try write("policies.json", #"{"AKIDSUPPORT": [\#(Self.supportPolicy(tenants: theirs))]}"#)
        let home = directory.appendingPathComponent("home")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("keys"), to: home.appendingPathComponent(".aws/credentials"))
        let url = try await ServedEndpoint.serve(
            store: storePath, log: directory.appendingPathComponent("serve.log").path,
            extra: [
                "--credentials", directory.appendingPathComponent("keys").path, "--policies",
                directory.appendingPathComponent("policies.json").path,
            ]
        ).url.absoluteString

        let terminal = try ConsoleTmuxTests.Terminal(columns: 110, rows: 30, directory: directory)
        defer { terminal.close() }
        try await terminal.waitFor("ready$")
        let environment = "HOME=\(home.path) AWS_PROFILE=support VAULTDESK_OPERATOR=\(DemoOperators.supportEmail)"
        try terminal.run("\(environment) \(Self.binary.path) --endpoint \(url) --region us-east-1")
        try await terminal.waitFor("Tenants (3)", seconds: 20)
        try terminal.keys("Enter")
        try await terminal.waitFor("REFERENCE", seconds: 10)
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (3)")
        try terminal.keys("g")
        try await terminal.waitFor("Reference or QR:")
        try terminal.type(reference)
        try terminal.keys("Enter")
        try await terminal.waitFor("Found by    reference number", seconds: 10)
        try terminal.keys("Escape")
        try await terminal.waitFor("Reference or QR:")
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (3)")
        #expect(!terminal.screen.contains("AccessDenied"), "the operator's own screens never hit the policy")
        // The live view reads the whole table's stream, which this policy leaves out: the view
        // says so and the console goes on.
        try terminal.keys("L")
        try await terminal.waitFor("AccessDeniedException", seconds: 15)
        try terminal.keys("Escape")
        try await terminal.waitFor("Tenants (3)")
        try terminal.keys("q")
        try await terminal.waitForPrompt()

        // The same key, asking for the fourth tenant's item directly: the server refuses it.
        let aws = try #require(Self.program("aws"), "scripts/install-deps installs the AWS CLI")
        try terminal.run(
            "\(environment) \(aws) dynamodb get-item --endpoint-url \(url) --region us-east-1 --table-name vaultdesk --key '{\"pk\":{\"S\":\"TENANT#\(fourth)\"},\"sk\":{\"S\":\"TENANT\"}}'"
        )
        try await terminal.waitFor("AccessDeniedException", seconds: 30)
        #expect(terminal.screen.contains("dynamodb:GetItem on resource"))
    }
}
