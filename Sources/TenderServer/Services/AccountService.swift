import Foundation
import SQLKit
import FluentKit
import TenderDomain
import Vapor

struct UserRecord: Sendable {
    let id: String
    let email: String
    let role: Role
    let name: String
    let createdAt: Int64
    /// When an admin deactivated the account (staff only); nil while active.
    var disabledAt: Int64? = nil

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .vendor
        name = try row.decode(column: "name", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        disabledAt = try row.decode(column: "disabled_at", as: Int64?.self)
    }

    init(id: String, email: String, role: Role, name: String, createdAt: Int64) {
        self.id = id
        self.email = email
        self.role = role
        self.name = name
        self.createdAt = createdAt
    }
}

/// Accounts: registration, login with throttling, tokens, staff creation, the bootstrap admin.
enum AccountService {
    static func hashPassword(_ password: String, app: Application) async throws -> String {
        let cost = app.tender.config.bcryptCost
        return try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verifyPassword(_ password: String, hash: String, app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// Inserts a user (and its vendor row for vendors) in one transaction; a taken e-mail or
    /// registration number answers 409.
    static func createUser(
        app: Application, db: any Database, email: String, password: String, role: Role, name: String,
        registrationNumber: String?, createdBy: String?
    ) async throws -> UserRecord {
        let hash = try await hashPassword(password, app: app)
        let id = newID()
        let now = app.tender.nowMillis
        let sql = db.sql
        if try await sql.raw("SELECT 1 AS one FROM users WHERE email = \(bind: email)").first() != nil {
            throw APIError.conflict("email_taken", "an account with this e-mail already exists")
        }
        if let registrationNumber,
            try await sql.raw("SELECT 1 AS one FROM vendors WHERE registration_number = \(bind: registrationNumber)").first() != nil
        {
            throw APIError.conflict("registration_number_taken", "a vendor with this registration number already exists")
        }
        do {
            try await inTransaction(db) { tx in
                try await tx.raw("""
                    INSERT INTO users (id, email, password_hash, role, name, created_at, created_by)
                    VALUES (\(bind: id), \(bind: email), \(bind: hash), \(bind: role.rawValue), \(bind: name), \(bind: now), \(bind: createdBy))
                    """).run()
                if let registrationNumber {
                    try await tx.raw("""
                        INSERT INTO vendors (user_id, registration_number, updated_at) VALUES (\(bind: id), \(bind: registrationNumber), \(bind: now))
                        """).run()
                }
                // Staff accounts an admin creates are in the audit chain (who gave whom which powers).
                if let createdBy {
                    try await AuditStore.append(tx, at: now, actor: createdBy, action: .userCreated, tenderId: nil, details: ["userId": id, "role": role.rawValue])
                } else if role == .vendor {
                    // Self-registration: the vendor is its own actor.
                    try await AuditStore.append(tx, at: now, actor: id, action: .vendorRegistered, tenderId: nil, details: [
                        "userId": id, "registrationNumber": registrationNumber ?? "",
                    ])
                }
            }
        } catch where error.isUniqueViolation {
            // Lost a race with a concurrent registration of the same e-mail or number.
            throw APIError.conflict("email_taken", "an account with this e-mail or registration number already exists")
        }
        return UserRecord(id: id, email: email, role: role, name: name, createdAt: now)
    }

    static func issueToken(app: Application, db: any SQLDatabase, userId: String) async throws -> (token: String, expiresAt: Int64) {
        let token = TokenAuthenticator.newToken()
        let now = app.tender.nowMillis
        let expires = now + Int64(app.tender.config.tokenLifetime * 1000)
        try await db.raw("""
            INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (\(bind: TokenAuthenticator.hash(token)), \(bind: userId), \(bind: now), \(bind: expires))
            """).run()
        return (token, expires)
    }

    /// Login with per-account throttling kept in the database, so every instance enforces it:
    /// after `maxFailures` consecutive failures the account is locked for a lockout that doubles
    /// with each further failure up to `maxLockout`; a locked account answers 429 with Retry-After.
    static func login(app: Application, db: any SQLDatabase, email rawEmail: String, password: String) async throws -> UserRecord {
        let config = app.tender.config
        let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = app.tender.nowMillis
        if let row = try await db.raw("SELECT locked_until FROM login_attempts WHERE email = \(bind: email)").first() {
            let until = try row.decode(column: "locked_until", as: Int64.self)
            if until > now { throw tooMany(retryMillis: until - now) }
        }
        let row = try await db.raw("SELECT id, email, role, name, created_at, disabled_at, password_hash FROM users WHERE email = \(bind: email)").first()
        let hash = try row?.decode(column: "password_hash", as: String.self) ?? app.tender.dummyPasswordHash
        let ok = try await verifyPassword(password, hash: hash, app: app)
        guard let row, ok else {
            let failures = try await db.raw("""
                INSERT INTO login_attempts (email, failures, locked_until, updated_at) VALUES (\(bind: email), 1, 0, \(bind: now))
                ON CONFLICT (email) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = \(bind: now)
                RETURNING failures
                """).first()?.decode(column: "failures", as: Int64.self) ?? 1
            if failures >= Int64(config.loginMaxFailures) {
                let exponent = min(Int(failures) - config.loginMaxFailures, 20)
                let lock = min(config.loginLockout * pow(2, Double(exponent)), config.loginMaxLockout)
                let until = now + Int64(lock * 1000)
                try await db.raw("UPDATE login_attempts SET locked_until = \(bind: until) WHERE email = \(bind: email)").run()
                throw tooMany(retryMillis: until - now)
            }
            throw APIError(.unauthorized, "invalid_credentials", "wrong e-mail or password")
        }
        try await db.raw("DELETE FROM login_attempts WHERE email = \(bind: email)").run()
        let user = try UserRecord(row: row)
        // Told only to whoever knows the password, so the state of an account does not leak.
        guard user.disabledAt == nil else { throw APIError(.forbidden, "account_disabled", "this account was deactivated by an administrator") }
        return user
    }

    static func tooMany(retryMillis: Int64) -> APIError {
        let seconds = max(1, (retryMillis + 999) / 1000)
        var e = APIError(.tooManyRequests, "too_many_attempts", "too many failed logins for this account; retry in \(seconds) s")
        e.headers.add(name: .retryAfter, value: String(seconds))
        return e
    }

    /// With TENDER_ADMIN_EMAIL and TENDER_ADMIN_PASSWORD set, the first start creates that admin
    /// when no admin exists yet.
    static func bootstrapAdmin(_ app: Application) async throws {
        let config = app.tender.config
        guard let rawEmail = config.adminEmail, let password = config.adminPassword else { return }
        if try await app.sql.raw("SELECT 1 AS one FROM users WHERE role = 'admin'").first() != nil { return }
        let email = try Validate.email(rawEmail)
        try Validate.password(password)
        _ = try await createUser(
            app: app, db: app.db, email: email, password: password, role: .admin, name: "Administrator",
            registrationNumber: nil, createdBy: nil)
        app.logger.notice("created the bootstrap admin \(email)")
    }
}
