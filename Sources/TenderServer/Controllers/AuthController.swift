import Foundation
import TenderDomain
import Vapor

/// Accounts: vendor registration, login and logout, staff accounts and their deactivation.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "register", use: register)
        routes.post("auth", "login", use: login)
        routes.post("auth", "logout", use: logout)
        routes.get("users", "me", use: me)
        routes.post("users", use: createUser)
        routes.get("users", use: listUsers)
        routes.post("users", ":userId", "deactivation", use: deactivate)
        routes.delete("users", ":userId", "deactivation", use: reactivate)
    }

    /// Vendors register themselves (docs/DESIGN.md §9); staff accounts come from an admin.
    @Sendable func register(req: Request) async throws -> Response {
        let body = try req.content.decode(RegisterRequest.self)
        let email = try Validate.email(body.email)
        try Validate.password(body.password)
        let name = try Validate.requiredText(body.name, field: "name", max: 200)
        let number = try Validate.requiredText(body.registrationNumber, field: "registrationNumber", max: 64)
        let user = try await CreateAccount(app: req.application).run(
            email: email, password: body.password, role: .vendor, name: name, registrationNumber: number, createdBy: nil)
        let token = try await IssuedToken.issue(app: req.application, userId: user.id)
        let response = Response(status: .created)
        try response.content.encode(
            TokenResponse(token: token.token, expiresAt: Timestamp.format(milliseconds: token.expiresAt), user: UserResponse(user)))
        return response
    }

    @Sendable func login(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(LoginRequest.self)
        guard body.email.count <= 254, body.password.utf8.count <= 1024 else {
            throw APIError(.unauthorized, "invalid_credentials", "wrong e-mail or password")
        }
        let (user, token) = try await LogIn(app: req.application).run(
            email: body.email, password: body.password, address: req.clientAddress)
        return TokenResponse(token: token.token, expiresAt: Timestamp.format(milliseconds: token.expiresAt), user: UserResponse(user))
    }

    /// Revokes the token used for this request.
    @Sendable func logout(req: Request) async throws -> HTTPStatus {
        try await LogOut(ctx: req.useCase).run(try req.require())
        return .noContent
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        let p = try req.require()
        guard let user = try await AccountStore.user(req.sql, id: p.userId) else { throw APIError.notFound("user") }
        return UserResponse(user)
    }

    @Sendable func createUser(req: Request) async throws -> Response {
        let p = try req.require(.manageAccounts)
        let body = try req.content.decode(CreateUserRequest.self)
        guard let role = Role(rawValue: body.role), role != .vendor else {
            throw APIError.invalid(
                "invalid_role",
                "role must be one of \(Role.allCases.filter(\.isStaff).map(\.rawValue).joined(separator: ", ")) (vendors register themselves)",
                field: "role")
        }
        let email = try Validate.email(body.email)
        try Validate.password(body.password)
        let name = try Validate.requiredText(body.name, field: "name", max: 200)
        let departmentId = try body.departmentId.map { raw in
            guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
                throw APIError.invalid("unknown_department", "departmentId names no department", field: "departmentId")
            }
            return id
        }
        let user = try await CreateAccount(app: req.application).run(
            email: email, password: body.password, role: role, name: name, registrationNumber: nil, createdBy: p.userId,
            departmentId: departmentId)
        let response = Response(status: .created)
        try response.content.encode(UserResponse(user))
        return response
    }

    /// Admins list every account; procurement lists evaluators (`role=evaluator`) to build committees.
    @Sendable func listUsers(req: Request) async throws -> UserList {
        let p = try req.require(.listAccounts)
        let page = try PageRequest(req)
        var role: Role?
        if let text = req.query[String.self, at: "role"] {
            guard let r = Role(rawValue: text) else { throw APIError.invalid("invalid_role", "unknown role '\(text)'", field: "role") }
            role = r
        }
        guard AccountAccess.mayList(p.role, filter: role) else {
            throw APIError.forbidden("procurement may list evaluator accounts only (role=evaluator)")
        }
        let result = try await AccountStore.users(req.sql, role: role, limit: page.per, offset: page.offset)
        return UserList(items: result.items.map(UserResponse.init), metadata: page.metadata(total: result.total))
    }

    @Sendable func deactivate(req: Request) async throws -> UserResponse {
        let p = try req.require(.manageAccounts)
        let id = try pathID(req, "userId", "user")
        return UserResponse(try await DeactivateAccount(ctx: req.useCase).run(userId: id, by: p))
    }

    @Sendable func reactivate(req: Request) async throws -> UserResponse {
        let p = try req.require(.manageAccounts)
        let id = try pathID(req, "userId", "user")
        return UserResponse(try await ReactivateAccount(ctx: req.useCase).run(userId: id, by: p))
    }
}
