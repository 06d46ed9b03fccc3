import Foundation
import TenderDomain
import Vapor

/// A bearer token: 256 random bits, stored only as its SHA-256.
struct IssuedToken: Sendable {
    let token: String
    let expiresAt: Int64

    static func issue(app: Application, userId: String) async throws -> IssuedToken {
        let token = TokenAuthenticator.newToken()
        let now = app.tender.nowMillis
        let expires = now + Int64(app.tender.config.tokenLifetime * 1000)
        try await AccountStore.insertToken(app.db.sql, hash: TokenAuthenticator.hash(token), userId: userId, at: now, expiresAt: expires)
        return IssuedToken(token: token, expiresAt: expires)
    }
}
