import ArgumentParser
import Foundation
import VaultRepository

/// Who is asking: the operator whose user record grants the scope of every repository call.
struct OperatorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The operator's email (default: $VAULTDESK_OPERATOR, else \(DemoOperators.adminEmail)); a bare name means NAME@vaultdesk.example.",
        valueName: "NAME"))
    var `operator`: String?

    var email: String {
        let name = `operator` ?? ProcessInfo.processInfo.environment["VAULTDESK_OPERATOR"] ?? DemoOperators.adminEmail
        return name.contains("@") ? name : "\(name)@vaultdesk.example"
    }

    /// The operator's scope, from their user record in the store.
    func scope(in repository: VaultRepository) async throws -> AccessScope {
        guard let user = try await repository.userRecord(email: email) else {
            throw CommandFailure("No operator \(email) in this store. Operators are users with the admin or support role; a demo store has \(DemoOperators.adminEmail) and \(DemoOperators.supportEmail).")
        }
        return AccessScope(user: user)
    }
}

/// A failure reported as one line on standard error with a non-zero exit status, without usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
