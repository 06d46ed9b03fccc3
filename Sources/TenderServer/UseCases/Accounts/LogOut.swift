import Foundation
import TenderDomain
import Vapor

/// Revokes the token of the request.
struct LogOut {
    let ctx: UseCaseContext

    func run(_ p: Principal) async throws {
        try await AccountStore.revokeToken(ctx.sql, hash: p.tokenHash, at: ctx.nowMillis)
        ctx.app.principalCache.remove(p.tokenHash)
    }
}
