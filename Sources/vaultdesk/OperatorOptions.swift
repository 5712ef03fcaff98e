import ArgumentParser
import Foundation
import VaultRepository

/// Who is asking. The operator is the one bound to the operating-system account running the
/// command; `--operator` (or `$VAULTDESK_OPERATOR`) can only narrow that to another operator's
/// scope, as an admin looking through a support operator's eyes. Nothing here can widen it.
struct OperatorOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Look through another operator's eyes (default: $VAULTDESK_OPERATOR): an admin may take any operator's narrower scope; nobody can widen their own. A bare name means NAME@vaultdesk.example. Who you are comes from your system account.",
            valueName: "NAME"))
    var `operator`: String?

    /// The operator asked for, as an email; nil for the account's own.
    var requested: String? {
        let name = `operator` ?? ProcessInfo.processInfo.environment["VAULTDESK_OPERATOR"]
        guard let name, !name.isEmpty else { return nil }
        return Self.operatorName(name)
    }

    /// A bare name means NAME@vaultdesk.example, as the demo operators are named.
    static func operatorName(_ name: String) -> String {
        name.contains("@") ? name : "\(name)@vaultdesk.example"
    }

    /// The scope of the operator bound to this process's account, narrowed as asked.
    func scope(in repository: VaultRepository) async throws -> AccessScope {
        let account = try SystemAccount.current()
        do {
            return try await repository.signIn(account: account.login, as: requested)
        } catch let error as OperatorError {
            if case .accountNotBound = error, try await !repository.hasOperatorLogins() {
                throw CommandFailure(
                    """
                    This store binds no system account to an operator yet. The account that owns the store file binds the \
                    first admin: vaultdesk operators add --login \(account.login) --role admin
                    """)
            }
            throw CommandFailure(error.description)
        }
    }
}

/// A failure reported as one line on standard error with a non-zero exit status, without usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
