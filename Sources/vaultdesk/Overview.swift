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
        Swift.print("Store \(path), operator \(scope.operatorName) (\(role)\(scope.tenants.map { ", \($0.count) tenant(s)" } ?? ", every tenant"))")
        let tenants = try await repository.allTenants(scope: scope)
        guard !tenants.isEmpty else {
            Swift.print("No tenants in scope.")
            return
        }
        Swift.print("")
        Swift.print("TENANT".padding(34) + "ID".padding(26) + "STATUS".padding(12) + "CURRENCY")
        for tenant in tenants {
            Swift.print(tenant.name.padding(34) + tenant.id.padding(26) + tenant.status.rawValue.padding(12) + tenant.currency.code)
        }
        if let first = tenants.first, let statement = try await repository.statements(tenantId: first.id, scope: scope, limit: 1).items.first {
            let code = StatementQRPayload(tenantId: first.id, reference: statement.reference, secret: first.qrSecret)
            Swift.print("""

                Look a statement up by reference or by its QR payload:
                  vaultdesk lookup \(statement.reference)\(storeOptions)
                  vaultdesk lookup '\(code.url)'\(storeOptions)
                """)
            if offersQR { Swift.print("  vaultdesk qr \(statement.reference)\(storeOptions) --out statement.png") }
        }
    }
}
