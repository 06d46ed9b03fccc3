import Foundation
import TenderDomain
import Vapor

/// An auditor dismisses one of a tender's current flags with a reason (audited). The flag stays
/// listed, with its dismissal; dismissing it again is 409 `already_dismissed`.
struct DismissRedFlag {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, key: String, reason: String, by p: Principal) async throws -> RedFlagStore.Dismissal {
        let current = try await RedFlagQueries.forTender(ctx, tender: t)
        guard current.contains(where: { $0.flag.key == key }) else { throw APIError.notFound("red flag") }
        let now = ctx.nowMillis
        let tenderId = t.id
        try await ctx.transaction { tx in
            guard try await RedFlagStore.dismiss(tx, tenderId: tenderId, key: key, reason: reason, by: p.userId, at: now) else {
                throw APIError.conflict("already_dismissed", "this flag was already dismissed")
            }
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .redFlagDismissed, tenderId: tenderId, details: ["key": key, "reason": reason])
        }
        return RedFlagStore.Dismissal(key: key, reason: reason, by: p.userId, at: now)
    }
}
