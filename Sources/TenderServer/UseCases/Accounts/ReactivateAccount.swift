import Foundation
import TenderDomain

/// An admin reactivates a deactivated account (its old tokens stay revoked).
struct ReactivateAccount {
    let ctx: UseCaseContext

    func run(userId id: String, by admin: Principal) async throws -> UserRecord {
        guard var user = try await AccountStore.user(ctx.sql, id: id) else { throw APIError.notFound("user") }
        let now = ctx.nowMillis
        guard user.disabledAt != nil else { throw APIError.conflict("not_deactivated", "the account is active") }
        try await ctx.transaction { tx in
            try await AccountStore.reactivate(tx, id: id)
            try await AuditStore.append(tx, at: now, actor: admin.userId, action: .userReactivated, tenderId: nil, details: ["userId": id])
        }
        user.disabledAt = nil
        return user
    }
}
