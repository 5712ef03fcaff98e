import ArgumentParser
import Foundation
import VaultRepository

/// Which system accounts may run VaultDesk, as which operator.
struct Operators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and remove the system accounts bound to operators (admins only; audited).",
        discussion: """
            An operator (admin: every tenant; support: the tenants listed) is bound to the login names of the system
            accounts that sign in as it. vaultdesk finds the operator from the account running it, so over SSH each
            person's own account decides what they see. A store made by `vaultdesk seed` or the first run binds the
            account that made it to the demo admin. A store with no bound account yet (made by an earlier version)
            gets its first admin from the account that owns the store file.
            """,
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The operators, their roles, tenants and bound logins.")

        @OptionGroup var target: OperatorsTarget

        func run() async throws {
            let (repository, scope) = try await target.signIn()
            let operators = try await Operators.attempt { try await repository.operators(scope: scope) }
            Output.say("LOGINS".padding(20) + "OPERATOR".padding(34) + "ROLE".padding(9) + "TENANTS")
            for person in operators {
                let logins = person.logins.isEmpty ? "-" : person.logins.sorted().joined(separator: ",")
                let tenants =
                    person.role == .admin ? "every tenant" : person.permittedTenants.sorted().joined(separator: ",")
                Output.say(
                    logins.padding(20) + person.email.padding(34) + person.role.rawValue.lowercased().padding(9)
                        + tenants)
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bind a system account's login to an operator, creating the operator when it is new.",
            discussion: """
                vaultdesk operators add --login alice --role support --tenants northwind,globex
                vaultdesk operators add --login bob --email support@vaultdesk.example      (bind to an existing operator)
                """
        )

        @Option(help: "The system account's login name.") var login: String
        @Option(help: "admin (every tenant) or support (the tenants in --tenants); required for a new operator.")
        var role: OperatorRole?
        @Option(help: ArgumentHelp("For support: the tenant ids it may see, comma-separated.", valueName: "ID,ID"))
        var tenants: String?
        @Option(
            help: ArgumentHelp(
                "The operator's name (an email); default: LOGIN@HOST. A bare name means NAME@vaultdesk.example.",
                valueName: "EMAIL"))
        var email: String?
        @Option(help: "The operator's display name (default: the login).") var name: String?

        @OptionGroup var target: OperatorsTarget

        func validate() throws {
            if role == .admin, tenants != nil {
                throw ValidationError("--tenants is for support operators; admins see every tenant")
            }
        }

        func run() async throws {
            let (store, repository) = try await target.open()
            let account = try SystemAccount.current()
            let operatorName = email.map(OperatorOptions.operatorName) ?? "\(login)@\(SystemAccount.hostName)"
            let tenantIds = tenants.map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let request = OperatorBindingRequest(
                login: login, operatorName: operatorName, role: role?.userRole, tenants: tenantIds, displayName: name)
            let user: User
            if try await !repository.hasOperatorLogins() {
                // The first binding of a store that has none: the file's owner makes the first admin.
                if let file = store.file, !account.owns(file: file.path) {
                    throw CommandFailure(
                        "This store binds no account yet; only the account that owns \(file.path) can bind the first admin"
                    )
                }
                guard role == .admin else {
                    throw CommandFailure("This store binds no account yet: bind an admin first (--role admin)")
                }
                user = try await Operators.attempt {
                    try await repository.bindFirstAdmin(login: login, operatorName: operatorName, displayName: name)
                }
            } else {
                let scope = try await target.operatorOptions.scope(in: repository)
                user = try await Operators.attempt { try await repository.bind(request, scope: scope) }
            }
            let tenantsText =
                user.role == .admin
                ? "every tenant" : "tenants \(user.permittedTenants.sorted().joined(separator: ", "))"
            Output.say("Bound login \(login) to \(user.email) (\(user.role.rawValue.lowercased()), \(tenantsText)).")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unbind a login; its operator's record and audit history stay.")

        @Option(help: "The system account's login name.") var login: String

        @OptionGroup var target: OperatorsTarget

        func run() async throws {
            let (repository, scope) = try await target.signIn()
            try await Operators.attempt { try await repository.unbind(login: login, scope: scope) }
            Output.say("Unbound login \(login).")
        }
    }

    /// Where the operators are (a store file or an endpoint) and who is asking.
    struct OperatorsTarget: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var operatorOptions: OperatorOptions

        func open() async throws -> (StoreTarget, VaultRepository) {
            let target = try StoreTarget.existing(store, remote)
            return (target, try await target.repository(table: remote.table))
        }

        /// The repository, and the scope of the operator bound to this account.
        func signIn() async throws -> (VaultRepository, AccessScope) {
            let repository = try await open().1
            return (repository, try await operatorOptions.scope(in: repository))
        }
    }

    /// Runs a repository call, reporting operator errors as one line.
    static func attempt<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as OperatorError {
            throw CommandFailure(error.description)
        }
    }
}

/// The roles an operator can have (a tenant's member is never one).
enum OperatorRole: String, ExpressibleByArgument, CaseIterable {
    case admin, support

    var userRole: UserRole { self == .admin ? .admin : .support }
}
