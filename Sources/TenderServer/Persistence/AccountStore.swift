import Foundation
import SQLKit
import TenderDomain

/// Accounts as stored: `users`, `vendors` (the registration row), `tokens` and `login_attempts`.
enum AccountStore {
    static let userColumns: SQLQueryString = "id, email, role, name, created_at, disabled_at, department_id"

    /// Which of `ids` are registered vendors, in one query.
    static func existingVendorIds(_ db: any SQLDatabase, among ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await db.raw("SELECT user_id FROM vendors WHERE user_id IN (\(binds: ids))").all()
                .map { try $0.decode(column: "user_id", as: String.self) })
    }

    // MARK: users

    static func user(_ db: any SQLDatabase, id: String) async throws -> UserRecord? {
        try await db.raw("SELECT " + userColumns + " FROM users WHERE id = \(bind: id)").first().map(UserRecord.init(row:))
    }

    /// The account and its password hash, for a login.
    static func userWithPasswordHash(_ db: any SQLDatabase, email: String) async throws -> (user: UserRecord, passwordHash: String)? {
        guard let row = try await db.raw("SELECT " + userColumns + ", password_hash FROM users WHERE email = \(bind: email)").first() else {
            return nil
        }
        return (try UserRecord(row: row), try row.decode(column: "password_hash", as: String.self))
    }

    static func emailTaken(_ db: any SQLDatabase, _ email: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM users WHERE email = \(bind: email)").first() != nil
    }

    static func registrationNumberTaken(_ db: any SQLDatabase, _ number: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM vendors WHERE registration_number = \(bind: number)").first() != nil
    }

    /// Whether `id` is a staff account that may supervise a contract.
    static func isStaff(_ db: any SQLDatabase, id: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM users WHERE id = \(bind: id) AND role <> 'vendor' AND disabled_at IS NULL").first() != nil
    }

    static func hasAdmin(_ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM users WHERE role = 'admin'").first() != nil
    }

    /// One page of accounts, oldest first, optionally of one role.
    static func users(_ db: any SQLDatabase, role: Role?, limit: Int, offset: Int) async throws -> (total: Int64, items: [UserRecord]) {
        let filter: SQLQueryString = role.map { " WHERE role = \(bind: $0.rawValue)" } ?? ""
        let total = try await db.raw("SELECT COUNT(*) AS n FROM users" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            "SELECT " + userColumns + " FROM users" + filter + " ORDER BY created_at, id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (total, try rows.map(UserRecord.init(row:)))
    }

    static func insertUser(_ tx: any SQLDatabase, _ u: UserRecord, passwordHash: String, createdBy: String?) async throws {
        try await tx.raw(
            """
            INSERT INTO users (id, email, password_hash, role, name, created_at, created_by, department_id)
            VALUES (\(bind: u.id), \(bind: u.email), \(bind: passwordHash), \(bind: u.role.rawValue), \(bind: u.name), \(bind: u.createdAt), \(bind: createdBy),
            \(bind: u.departmentId))
            """
        ).run()
    }

    static func insertVendor(_ tx: any SQLDatabase, userId: String, registrationNumber: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            INSERT INTO vendors (user_id, registration_number, updated_at) VALUES (\(bind: userId), \(bind: registrationNumber), \(bind: ms))
            """
        ).run()
    }

    /// Deactivates the account and revokes its tokens; answers the revoked tokens' hashes.
    static func deactivate(_ tx: any SQLDatabase, id: String, by admin: String, at ms: Int64) async throws -> [String] {
        try await tx.raw("UPDATE users SET disabled_at = \(bind: ms), disabled_by = \(bind: admin) WHERE id = \(bind: id)").run()
        return try await tx.raw(
            """
            UPDATE tokens SET revoked_at = \(bind: ms) WHERE user_id = \(bind: id) AND revoked_at IS NULL RETURNING token_hash
            """
        ).all().map { try $0.decode(column: "token_hash", as: String.self) }
    }

    static func reactivate(_ tx: any SQLDatabase, id: String) async throws {
        try await tx.raw("UPDATE users SET disabled_at = NULL, disabled_by = NULL WHERE id = \(bind: id)").run()
    }

    // MARK: tokens

    static func insertToken(_ db: any SQLDatabase, hash: String, userId: String, at ms: Int64, expiresAt: Int64) async throws {
        try await db.raw(
            """
            INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (\(bind: hash), \(bind: userId), \(bind: ms), \(bind: expiresAt))
            """
        ).run()
    }

    static func revokeToken(_ db: any SQLDatabase, hash: String, at ms: Int64) async throws {
        try await db.raw("UPDATE tokens SET revoked_at = \(bind: ms) WHERE token_hash = \(bind: hash)").run()
    }

    /// A token with its account, as the authenticator decides on it.
    struct TokenOwner: Sendable {
        let userId: String
        let role: String
        let email: String
        let name: String
        let disabled: Bool
        let expiresAt: Int64
        let revoked: Bool
    }

    static func tokenOwner(_ db: any SQLDatabase, hash: String) async throws -> TokenOwner? {
        guard
            let row = try await db.raw(
                """
                SELECT u.id, u.role, u.email, u.name, u.disabled_at, t.expires_at, t.revoked_at
                FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
                """
            ).first()
        else { return nil }
        return TokenOwner(
            userId: try row.decode(column: "id", as: String.self), role: try row.decode(column: "role", as: String.self),
            email: try row.decode(column: "email", as: String.self), name: try row.decode(column: "name", as: String.self),
            disabled: try row.decodeNil(column: "disabled_at") == false, expiresAt: try row.decode(column: "expires_at", as: Int64.self),
            revoked: try row.decodeNil(column: "revoked_at") == false)
    }

    // MARK: login throttling

    static func lockedUntil(_ db: any SQLDatabase, email: String) async throws -> Int64? {
        try await db.raw("SELECT locked_until FROM login_attempts WHERE email = \(bind: email)").first()?.decode(
            column: "locked_until", as: Int64.self)
    }

    /// Counts a failed login; answers the consecutive failures.
    static func recordLoginFailure(_ db: any SQLDatabase, email: String, at ms: Int64) async throws -> Int64 {
        try await db.raw(
            """
            INSERT INTO login_attempts (email, failures, locked_until, updated_at) VALUES (\(bind: email), 1, 0, \(bind: ms))
            ON CONFLICT (email) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = \(bind: ms)
            RETURNING failures
            """
        ).first()?.decode(column: "failures", as: Int64.self) ?? 1
    }

    static func lock(_ db: any SQLDatabase, email: String, until: Int64) async throws {
        try await db.raw("UPDATE login_attempts SET locked_until = \(bind: until) WHERE email = \(bind: email)").run()
    }

    static func clearLoginFailures(_ db: any SQLDatabase, email: String) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE email = \(bind: email)").run()
    }

    // MARK: per-address throttling

    static func addressAttempts(_ db: any SQLDatabase, address: String) async throws -> (windowStart: Int64, failures: Int64)? {
        guard
            let row = try await db.raw("SELECT window_start, failures FROM login_address_attempts WHERE address = \(bind: address)").first()
        else { return nil }
        return (try row.decode(column: "window_start", as: Int64.self), try row.decode(column: "failures", as: Int64.self))
    }

    /// Counts a failed login from `address` in one statement (so instances behind a load balancer
    /// never lose a count): a failure after the window has ended starts a new window.
    static func recordAddressFailure(_ db: any SQLDatabase, address: String, at ms: Int64, windowMillis: Int64) async throws {
        try await db.raw(
            """
            INSERT INTO login_address_attempts (address, window_start, failures) VALUES (\(bind: address), \(bind: ms), 1)
            ON CONFLICT (address) DO UPDATE SET
                failures = CASE WHEN login_address_attempts.window_start + \(bind: windowMillis) <= \(bind: ms) THEN 1
                    ELSE login_address_attempts.failures + 1 END,
                window_start = CASE WHEN login_address_attempts.window_start + \(bind: windowMillis) <= \(bind: ms) THEN \(bind: ms)
                    ELSE login_address_attempts.window_start END
            """
        ).run()
    }

    /// Drops windows that ended before `before` (the sweeper keeps the table small).
    static func pruneAddressAttempts(_ db: any SQLDatabase, windowMillis: Int64, before ms: Int64) async throws {
        try await db.raw("DELETE FROM login_address_attempts WHERE window_start + \(bind: windowMillis) <= \(bind: ms)").run()
    }
}
