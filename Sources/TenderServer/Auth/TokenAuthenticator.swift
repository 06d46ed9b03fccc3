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
        guard let owner = try await AccountStore.tokenOwner(request.sql, hash: hash) else {
            throw APIError(.unauthorized, "invalid_token", "the token is not valid")
        }
        if owner.revoked { throw APIError(.unauthorized, "token_revoked", "the token was revoked; log in again") }
        // A login that raced a deactivation may have stored a token after the deactivation revoked
        // the others: the account's state decides at every use, not only at login.
        if owner.disabled { throw APIError(.unauthorized, "account_disabled", "this account was deactivated by an administrator") }
        guard owner.expiresAt > now else { throw APIError(.unauthorized, "token_expired", "the token has expired; log in again") }
        guard let role = Role(rawValue: owner.role) else {
            throw APIError(.unauthorized, "invalid_token", "the token's account has no valid role")
        }
        let principal = Principal(userId: owner.userId, role: role, email: owner.email, name: owner.name, tokenHash: hash)
        ctx.principalCache.put(principal, tokenExpiresAt: owner.expiresAt, now: now)
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
