import Foundation
import TenderDomain

/// An admin deactivates a staff account: login answers 403 `account_disabled` and every token of
/// the account is revoked in the same transaction (other instances honour it within
/// `TENDER_TOKEN_CACHE`). Vendors are suspended instead; an admin cannot deactivate itself (so one
/// admin always remains).
struct DeactivateAccount {
    let ctx: UseCaseContext

    func run(userId id: String, by admin: Principal) async throws -> UserRecord {
        guard var user = try await AccountStore.user(ctx.sql, id: id) else { throw APIError.notFound("user") }
        let now = ctx.nowMillis
        guard user.role != .vendor else {
            throw APIError.invalid(
                "not_staff", "vendor accounts are suspended, not deactivated (POST /api/v1/vendors/{id}/suspension)", field: nil)
        }
        guard user.id != admin.userId else {
            throw APIError.invalid("cannot_deactivate_self", "an admin cannot deactivate its own account", field: nil)
        }
        guard user.disabledAt == nil else { throw APIError.conflict("already_deactivated", "the account is already deactivated") }
        let role = user.role
        let hashes = try await ctx.transaction { tx -> [String] in
            let revoked = try await AccountStore.deactivate(tx, id: id, by: admin.userId, at: now)
            try await AuditStore.append(
                tx, at: now, actor: admin.userId, action: .userDeactivated, tenderId: nil,
                details: [
                    "userId": id, "role": role.rawValue, "tokensRevoked": String(revoked.count),
                ])
            return revoked
        }
        for h in hashes { ctx.app.principalCache.remove(h) }
        user.disabledAt = now
        return user
    }
}
