import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

struct Lookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find a statement by its reference number or by the payload of its QR code.",
        discussion: """
            The same lookup the console does, within the operator's scope, and audited the same way.
            Exit status: 0 when found; 1 when nothing is found in the operator's scope; 2 when a QR payload
            is rejected (malformed, or its signature does not match: altered or forged).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "A reference number such as NORE-202611-000042, or a scanned QR payload (a https://qr.vaultdesk.app/... link).",
            valueName: "REF-OR-QR"))
    var text: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var operatorOptions: OperatorOptions

    @Flag(help: "Print the statement as JSON.")
    var json = false

    func run() async throws {
        let repository = try await StoreTarget.existing(store, remote).repository(table: remote.table)
        let scope = try await operatorOptions.scope(in: repository)
        switch try await repository.lookup(text, scope: scope) {
        case .found(let statement, let method):
            let payments = try await repository.payments(
                statementId: statement.id, tenantId: statement.tenantId, scope: scope)
            let tenant = try await repository.tenant(id: statement.tenantId, scope: scope)
            let code = try await repository.qrPayload(of: statement, scope: scope)?.url
            if json {
                Output.json(Self.json(statement, tenant: tenant, payments: payments, method: method, qr: code))
            } else {
                Output.say(Self.text(statement, tenant: tenant, payments: payments, method: method, qr: code))
            }
        case .notFound:
            Output.complain(
                "No statement matches \"\(text.trimmingCharacters(in: .whitespacesAndNewlines))\" among the tenants \(scope.operatorName) may see."
            )
            throw ExitCode(1)
        case .rejected(let reason):
            Output.complain("Rejected: \(reason)")
            throw ExitCode(2)
        }
    }

    static func text(
        _ statement: Statement, tenant: Tenant?, payments: [Payment], method: LookupMethod, qr: String?
    ) -> String {
        let settled = payments.filter { $0.status == .settled }.count
        var lines = [
            "Statement \(statement.reference)  (found by \(method == .qr ? "QR code, signature verified" : "reference"))",
            "  Tenant      \(tenant?.displayName ?? statement.tenantId) (\(statement.tenantId))",
            "  Customer    \(statement.customerName)",
            "  Period      \(statement.period), issued \(statement.issueDate), due \(statement.dueDate)",
            "  Amount due  \(statement.amountDue)   paid \(statement.amountPaid)   \(statement.status.rawValue)",
            "  Payments    \(payments.count) (\(settled) settled)",
        ]
        for payment in payments {
            lines.append(
                "    \(payment.receivedAt)  \(payment.amount.description.leftPadding(16))  \(payment.method.rawValue.padding(14))\(payment.status.rawValue)"
            )
        }
        if let qr { lines.append("  QR          \(qr)") }
        return lines.joined(separator: "\n")
    }

    static func json(
        _ statement: Statement, tenant: Tenant?, payments: [Payment], method: LookupMethod, qr: String?
    ) -> String {
        var object: [String: Any] = [
            "found_by": method.rawValue, "tenant_id": statement.tenantId, "statement_id": statement.id,
            "reference": statement.reference, "customer": statement.customerName, "period": statement.period,
            "issue_date": statement.issueDate, "due_date": statement.dueDate,
            "currency": statement.amountDue.currency.code,
            "amount_due": statement.amountDue.decimalString, "amount_paid": statement.amountPaid.decimalString,
            "status": statement.status.rawValue, "version": statement.version,
            "payments": payments.map { payment in
                [
                    "payment_id": payment.id, "amount": payment.amount.decimalString, "method": payment.method.rawValue,
                    "status": payment.status.rawValue, "received_at": payment.receivedAt,
                    "transaction_hash": payment.transactionHash,
                ]
            },
        ]
        if let tenant { object["tenant"] = tenant.displayName }
        if let qr { object["qr"] = qr }
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
