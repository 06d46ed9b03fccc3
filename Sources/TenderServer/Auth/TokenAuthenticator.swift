import Crypto
import Foundation
import SQLKit
import TenderDomain
import Vapor

/// Resolves `Authorization: Bearer …` to a `Principal`. Tokens are stored only as SHA-256 hashes;
/// a token that is unknown, expired or revoked answers 401 rather than being treated as anonymous.
struct TokenAuthenticator: AsyncMiddleware {
    /// Held here rather than read from `Application.storage`, which copies under a lock.
    let ctx: TenderContext

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let header = request.headers.first(name: .authorization) else {
            return try await next.respond(to: request)
        }
        guard header.lowercased().hasPrefix("bearer "), case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces),
            !token.isEmpty, token.count <= 200
        else {
            throw APIError(.unauthorized, "invalid_token", "the Authorization header must be 'Bearer <token>'")
        }
        let hash = TokenAuthenticator.hash(token)
        let now = ctx.nowMillis
        if let cached = ctx.principalCache.get(hash, now: now) {
            request.storage[PrincipalKey.self] = cached
            return try await next.respond(to: request)
        }
        let row = try await request.sql.raw("""
            SELECT u.id, u.role, u.email, u.name, u.disabled_at, t.expires_at, t.revoked_at
            FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
            """).first()
        guard let row else { throw APIError(.unauthorized, "invalid_token", "the token is not valid") }
        if try row.decodeNil(column: "revoked_at") == false {
            throw APIError(.unauthorized, "token_revoked", "the token was revoked; log in again")
        }
        // A login that raced a deactivation may have stored a token after the deactivation revoked
        // the others: the account's state decides at every use, not only at login.
        if try row.decodeNil(column: "disabled_at") == false {
            throw APIError(.unauthorized, "account_disabled", "this account was deactivated by an administrator")
        }
        guard try row.decode(column: "expires_at", as: Int64.self) > now else {
            throw APIError(.unauthorized, "token_expired", "the token has expired; log in again")
        }
        guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw APIError(.unauthorized, "invalid_token", "the token's account has no valid role")
        }
        let principal = Principal(
            userId: try row.decode(column: "id", as: String.self), role: role,
            email: try row.decode(column: "email", as: String.self), name: try row.decode(column: "name", as: String.self),
            tokenHash: hash)
        ctx.principalCache.put(principal, tokenExpiresAt: try row.decode(column: "expires_at", as: Int64.self), now: now)
        request.storage[PrincipalKey.self] = principal
        return try await next.respond(to: request)
    }

    static func hash(_ token: String) -> String {
        Commitment.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// 256 random bits, base64url without padding.
    static func newToken() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
