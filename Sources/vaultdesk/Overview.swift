import Foundation
import VaultRepository

/// What `vaultdesk` shows on opening a store: who is signed in, the tenants they may see, and
/// how to look a statement up.
struct Overview {
    let repository: VaultRepository
    let scope: AccessScope
    /// The options that name the same store in the commands shown (`--store`, or `--endpoint`).
    var storeOptions = ""
    /// `vaultdesk qr` reads store files only.
    var offersQR = true

    func print(store path: String) async throws {
        let role = scope.role.rawValue.lowercased()
        let viewer = scope.viewer.map { ", viewed by \($0)" } ?? ""
        let account = scope.account.map { "account \($0), " } ?? ""
        Output.say(
            "Store \(path), \(account)operator \(scope.operatorName)\(viewer) (\(role)\(scope.tenants.map { ", \($0.count) tenant(s)" } ?? ", every tenant"))"
        )
        let tenants = try await repository.allTenants(scope: scope)
        guard !tenants.isEmpty else {
            Output.say("No tenants in scope.")
            return
        }
        Output.say("")
        Output.say("TENANT".padding(34) + "ID".padding(26) + "STATUS".padding(12) + "CURRENCY")
        for tenant in tenants {
            Output.say(
                tenant.name.padding(34) + tenant.id.padding(26) + tenant.status.rawValue.padding(12)
                    + tenant.currency.code)
        }
        if let first = tenants.first,
            let statement = try await repository.statements(tenantId: first.id, scope: scope, limit: 1).items.first,
            let code = try await repository.qrPayload(of: statement, scope: scope)
        {
            Output.say(
                """

                Look a statement up by reference or by its QR payload:
                  vaultdesk lookup \(statement.reference)\(storeOptions)
                  vaultdesk lookup '\(code.url)'\(storeOptions)
                """)
            if offersQR { Output.say("  vaultdesk qr \(statement.reference)\(storeOptions) --out statement.png") }
        }
    }
}
