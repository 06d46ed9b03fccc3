import FluentKit
import SQLKit
import TenderDomain
import Vapor

struct RegisterRequest: Content {
    let email: String
    let password: String
    let name: String
    let registrationNumber: String
}

struct LoginRequest: Content {
    let email: String
    let password: String
}

struct UserResponse: Content {
    let id: String
    let email: String
    let role: String
    let name: String
    let createdAt: String
    /// Set while an admin has deactivated the account.
    let disabledAt: String?

    init(_ u: UserRecord) {
        id = u.id
        email = u.email
        role = u.role.rawValue
        name = u.name
        createdAt = Timestamp.format(milliseconds: u.createdAt)
        disabledAt = u.disabledAt.map { Timestamp.format(milliseconds: $0) }
    }
}

struct TokenResponse: Content {
    let token: String
    let expiresAt: String
    let user: UserResponse
}

struct CreateUserRequest: Content {
    let email: String
    let password: String
    let role: String
    let name: String
}

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
        let user = try await AccountService.createUser(
            app: req.application, db: req.db, email: email, password: body.password, role: .vendor, name: name,
            registrationNumber: number, createdBy: nil)
        let token = try await AccountService.issueToken(app: req.application, db: req.sql, userId: user.id)
        let response = Response(status: .created)
        try response.content.encode(TokenResponse(token: token.token, expiresAt: Timestamp.format(milliseconds: token.expiresAt), user: UserResponse(user)))
        return response
    }

    @Sendable func login(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(LoginRequest.self)
        guard body.email.count <= 254, body.password.utf8.count <= 1024 else {
            throw APIError(.unauthorized, "invalid_credentials", "wrong e-mail or password")
        }
        let user = try await AccountService.login(app: req.application, db: req.sql, email: body.email, password: body.password)
        let token = try await AccountService.issueToken(app: req.application, db: req.sql, userId: user.id)
        return TokenResponse(token: token.token, expiresAt: Timestamp.format(milliseconds: token.expiresAt), user: UserResponse(user))
    }

    /// Revokes the token used for this request.
    @Sendable func logout(req: Request) async throws -> HTTPStatus {
        let p = try req.require()
        try await req.sql.raw("UPDATE tokens SET revoked_at = \(bind: req.tender.nowMillis) WHERE token_hash = \(bind: p.tokenHash)").run()
        req.tender.principalCache.remove(p.tokenHash)
        return .noContent
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        let p = try req.require()
        guard let row = try await req.sql.raw("SELECT id, email, role, name, created_at, disabled_at FROM users WHERE id = \(bind: p.userId)").first() else {
            throw APIError.notFound("user")
        }
        return UserResponse(try UserRecord(row: row))
    }

    @Sendable func createUser(req: Request) async throws -> Response {
        let p = try req.require(.admin)
        let body = try req.content.decode(CreateUserRequest.self)
        guard let role = Role(rawValue: body.role), role != .vendor else {
            throw APIError.invalid("invalid_role", "role must be one of admin, procurement, evaluator, auditor (vendors register themselves)", field: "role")
        }
        let email = try Validate.email(body.email)
        try Validate.password(body.password)
        let name = try Validate.requiredText(body.name, field: "name", max: 200)
        let user = try await AccountService.createUser(
            app: req.application, db: req.db, email: email, password: body.password, role: role, name: name,
            registrationNumber: nil, createdBy: p.userId)
        let response = Response(status: .created)
        try response.content.encode(UserResponse(user))
        return response
    }

    struct UserList: Content {
        let items: [UserResponse]
        let metadata: PageMetadata
    }

    /// Admins list every account; procurement lists evaluators (`role=evaluator`) to build committees.
    @Sendable func listUsers(req: Request) async throws -> UserList {
        let p = try req.require(.admin, .procurement)
        let page = try PageRequest(req)
        var filter = SQLQueryString("")
        let role = req.query[String.self, at: "role"]
        if let role {
            guard Role(rawValue: role) != nil else { throw APIError.invalid("invalid_role", "unknown role '\(role)'", field: "role") }
            filter = " WHERE role = \(bind: role)"
        }
        if p.role == .procurement && role != Role.evaluator.rawValue {
            throw APIError.forbidden("procurement may list evaluator accounts only (role=evaluator)")
        }
        let total = try await req.sql.raw("SELECT COUNT(*) AS n FROM users" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await req.sql.raw(
            "SELECT id, email, role, name, created_at, disabled_at FROM users" + filter
                + " ORDER BY created_at, id LIMIT \(bind: page.per) OFFSET \(bind: page.offset)"
        ).all()
        return UserList(items: try rows.map { UserResponse(try UserRecord(row: $0)) }, metadata: page.metadata(total: total))
    }

    /// An admin deactivates a staff account: login answers 403 `account_disabled` and every token of
    /// the account is revoked (other instances honour it within `TENDER_TOKEN_CACHE`). Vendors are
    /// suspended instead; an admin cannot deactivate itself (so one admin always remains).
    @Sendable func deactivate(req: Request) async throws -> UserResponse {
        let (p, user) = try await Self.adminAndUser(req)
        let (id, now) = (user.id, req.tender.nowMillis)
        guard user.role != .vendor else {
            throw APIError.invalid("not_staff", "vendor accounts are suspended, not deactivated (POST /api/v1/vendors/{id}/suspension)", field: nil)
        }
        guard user.id != p.userId else { throw APIError.invalid("cannot_deactivate_self", "an admin cannot deactivate its own account", field: nil) }
        guard user.disabledAt == nil else { throw APIError.conflict("already_deactivated", "the account is already deactivated") }
        let hashes = try await inTransaction(req.db) { tx -> [String] in
            try await tx.raw("UPDATE users SET disabled_at = \(bind: now), disabled_by = \(bind: p.userId) WHERE id = \(bind: id)").run()
            let revoked = try await tx.raw("""
                UPDATE tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: id) AND revoked_at IS NULL RETURNING token_hash
                """).all().map { try $0.decode(column: "token_hash", as: String.self) }
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .userDeactivated, tenderId: nil, details: [
                "userId": id, "role": user.role.rawValue, "tokensRevoked": String(revoked.count),
            ])
            return revoked
        }
        for h in hashes { req.tender.principalCache.remove(h) }
        var out = user
        out.disabledAt = now
        return UserResponse(out)
    }

    /// The admin making the request and the account named by the path.
    static func adminAndUser(_ req: Request) async throws -> (Principal, UserRecord) {
        let p = try req.require(.admin)
        let id = try pathID(req, "userId", "user")
        guard let row = try await req.sql.raw("SELECT id, email, role, name, created_at, disabled_at FROM users WHERE id = \(bind: id)").first() else {
            throw APIError.notFound("user")
        }
        return (p, try UserRecord(row: row))
    }

    @Sendable func reactivate(req: Request) async throws -> UserResponse {
        let (p, found) = try await Self.adminAndUser(req)
        var user = found
        let (id, now) = (user.id, req.tender.nowMillis)
        guard user.disabledAt != nil else { throw APIError.conflict("not_deactivated", "the account is active") }
        try await inTransaction(req.db) { tx in
            try await tx.raw("UPDATE users SET disabled_at = NULL, disabled_by = NULL WHERE id = \(bind: id)").run()
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .userReactivated, tenderId: nil, details: ["userId": id])
        }
        user.disabledAt = nil
        return UserResponse(user)
    }
}
