import Foundation
import SQLKit
import TenderDomain
import Vapor

/// `tender-server users create --role R --email E --password P [--name N] [--department ID]`.
struct UsersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "role", help: "admin, procurement, evaluator, auditor, requester, approver or finance")
        var role: String?
        @Option(name: "email", help: "the account's e-mail")
        var email: String?
        @Option(name: "password", help: "at least 10 characters")
        var password: String?
        @Option(name: "name", help: "display name (defaults to the e-mail)")
        var name: String?
        @Option(name: "department", help: "the department's id (required for a requester)")
        var department: String?
    }

    var help: String { "Creates a staff account: users create --role R --email E --password P [--name N] [--department ID]" }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw Failure(description: "unknown action '\(signature.action)'; use 'users create'") }
        guard let roleText = signature.role, let role = Role(rawValue: roleText), role != .vendor else {
            throw Failure(description: "--role must be one of \(Role.allCases.filter(\.isStaff).map(\.rawValue).joined(separator: ", "))")
        }
        guard let rawEmail = signature.email, let password = signature.password else {
            throw Failure(description: "--email and --password are required")
        }
        do {
            let email = try Validate.email(rawEmail)
            try Validate.password(password)
            let user = try await CreateAccount(app: context.application).run(
                email: email, password: password, role: role, name: signature.name ?? email, registrationNumber: nil, createdBy: nil,
                departmentId: signature.department?.lowercased())
            context.console.print("created \(user.role.rawValue) \(user.email) id \(user.id)")
        } catch let e as APIError {
            throw Failure(description: e.message)
        }
    }
}
