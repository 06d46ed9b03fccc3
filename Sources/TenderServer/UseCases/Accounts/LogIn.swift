import Foundation
import TenderDomain
import Vapor

/// Login with per-account throttling kept in the database, so every instance enforces it: after
/// `loginMaxFailures` consecutive failures the account is locked for a lockout that doubles with
/// each further failure up to `loginMaxLockout`; a locked account answers 429 with Retry-After.
/// An unknown e-mail costs the same bcrypt work as a known one. Failures are also counted per
/// client address (`AddressThrottle`): one address trying many accounts meets 429 too.
struct LogIn {
    let app: Application

    /// - Parameter address: the client's address (`Request.clientAddress`); nil when unknown.
    func run(email rawEmail: String, password: String, address: String?) async throws -> (user: UserRecord, token: IssuedToken) {
        let config = app.tender.config
        let db = app.db.sql
        let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = app.tender.nowMillis
        let throttle = config.addressThrottle
        if let address, throttle.maxFailures > 0, let seen = try await AccountStore.addressAttempts(db, address: address),
            let wait = throttle.blockedFor(windowStart: seen.windowStart, failures: seen.failures, now: now)
        {
            throw Self.tooManyFromAddress(retryMillis: wait)
        }
        if let until = try await AccountStore.lockedUntil(db, email: email), until > now { throw Self.tooMany(retryMillis: until - now) }
        let found = try await AccountStore.userWithPasswordHash(db, email: email)
        let ok = try await Passwords.verify(password, hash: found?.passwordHash ?? app.tender.dummyPasswordHash, app: app)
        guard let found, ok else {
            if let address, throttle.maxFailures > 0 {
                try await AccountStore.recordAddressFailure(db, address: address, at: now, windowMillis: throttle.windowMillis)
            }
            let failures = try await AccountStore.recordLoginFailure(db, email: email, at: now)
            if failures >= Int64(config.loginMaxFailures) {
                let exponent = min(Int(failures) - config.loginMaxFailures, 20)
                let lock = min(config.loginLockout * pow(2, Double(exponent)), config.loginMaxLockout)
                let until = now + Int64(lock * 1000)
                try await AccountStore.lock(db, email: email, until: until)
                throw Self.tooMany(retryMillis: until - now)
            }
            throw APIError(.unauthorized, "invalid_credentials", "wrong e-mail or password")
        }
        try await AccountStore.clearLoginFailures(db, email: email)
        // Told only to whoever knows the password, so the state of an account does not leak.
        guard found.user.disabledAt == nil else {
            throw APIError(.forbidden, "account_disabled", "this account was deactivated by an administrator")
        }
        return (found.user, try await IssuedToken.issue(app: app, userId: found.user.id))
    }

    static func tooManyFromAddress(retryMillis: Int64) -> APIError {
        tooMany("too_many_attempts_from_address", "too many failed logins from your address", retryMillis: retryMillis)
    }

    static func tooMany(retryMillis: Int64) -> APIError {
        tooMany("too_many_attempts", "too many failed logins for this account", retryMillis: retryMillis)
    }

    /// 429 with `Retry-After` in whole seconds, rounded up.
    private static func tooMany(_ code: String, _ message: String, retryMillis: Int64) -> APIError {
        let seconds = max(1, (retryMillis + 999) / 1000)
        var e = APIError(.tooManyRequests, code, "\(message); retry in \(seconds) s")
        e.headers.add(name: .retryAfter, value: String(seconds))
        return e
    }
}
