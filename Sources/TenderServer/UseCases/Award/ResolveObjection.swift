import Foundation
import TenderDomain

/// Procurement answers an objection. Upheld: the award is revoked, its open obligations cancelled,
/// the other open objections against it closed as moot, and a new award may follow from the same
/// evaluation. Rejected after the standstill: the award notice, and the signing period, start now.
struct ResolveObjection {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, objectionId id: String, decision: ObjectionDecision, response text: String, by p: Principal)
        async throws
    {
        let now = ctx.nowMillis
        let tenderId = t.id
        let schedule = try ctx.schedule(for: t)
        guard let state = try await AwardStore.objectionState(ctx.sql, id: id, tenderId: tenderId) else {
            throw APIError.notFound("objection")
        }
        guard !state.resolved else { throw StateConflict(.alreadyResolved, "the objection was already resolved") }
        let awardId = state.awardId
        let standstillEnds = t.standstillEndsAt ?? now
        let noticeAt = max(standstillEnds, now)
        let signingDue = schedule.contractSigningDue(noticeAt: noticeAt)
        try await ctx.transaction { tx in
            // Resolutions, objections and awards of one tender take turns on its row.
            _ = try await TenderStore.lock(tx, id: tenderId)
            guard try await AwardStore.resolveObjection(tx, id: id, decision: decision.rawValue, response: text, by: p.userId, at: now)
            else {
                throw StateConflict(.alreadyResolved, "the objection was already resolved")
            }
            try await ObligationStore.meet(tx, kind: .objectionReply, subject: id, at: now)
            try await TenderStore.removeOpenObjection(tx, id: tenderId, at: now)
            var mooted: [String] = []
            if decision == .upheld {
                try await AwardStore.revoke(tx, id: awardId, at: now)
                try await ObligationStore.cancelOpen(tx, subject: awardId, at: now)
                // The other objections still open against the revoked award are answered by the
                // revocation itself: each is closed as `moot` with a response naming the upheld
                // objection, which meets its reply obligation.
                mooted = try await AwardStore.mootOpenObjections(
                    tx, awardId: awardId, response: "Moot: the award was revoked when objection \(id) was upheld.", by: p.userId, at: now)
                for other in mooted { try await ObligationStore.meet(tx, kind: .objectionReply, subject: other, at: now, onlyOpen: true) }
                try await TenderStore.clearStandstillAndRecount(tx, id: tenderId)
            } else if now > standstillEnds {
                try await ObligationStore.reschedule(tx, kind: .contractSigning, subject: awardId, starts: noticeAt, due: signingDue)
            }
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId,
                details: [
                    "objectionId": id, "decision": decision.rawValue, "awardId": awardId,
                ])
            if decision == .upheld {
                try await AuditStore.append(
                    tx, at: now, actor: p.userId, action: .awardRevoked, tenderId: tenderId,
                    details: ["awardId": awardId, "objectionId": id])
                for other in mooted {
                    try await AuditStore.append(
                        tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId,
                        details: [
                            "objectionId": other, "decision": ObjectionDecision.moot.rawValue, "awardId": awardId, "upheldObjectionId": id,
                        ])
                }
            }
        }
    }
}
