import Foundation
import TenderDomain

/// A bidder's objection to the standing award, during its standstill (实施条例 art. 54); it keeps
/// the tender in the standstill until resolved, and its reply is an obligation.
struct FileObjection {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, text: String, by p: Principal) async throws -> ObjectionRecord {
        let now = ctx.nowMillis
        // Only a vendor that bid (an active bid at the close) may object.
        guard try await BidStore.hasActiveBid(ctx.sql, tenderId: t.id, vendorId: p.userId) else {
            throw APIError(.forbidden, "not_a_bidder", "only vendors that bid on this tender may object")
        }
        guard let award = try await AwardStore.standing(ctx.sql, tenderId: t.id), let ends = t.standstillEndsAt, now < ends else {
            throw StateConflict(.wrongPhase, "objections are accepted during the standstill only")
        }
        let replyDue = try ctx.schedule(for: t).objectionReplyDue(filedAt: now)
        let id = newID()
        let tenderId = t.id
        try await ctx.transaction { tx in
            // Still the same standing award, still inside its standstill, on the locked row.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published, let endsNow = locked.standstillEndsAt, now < endsNow,
                try await AwardStore.standing(tx, tenderId: tenderId)?.id == award.id
            else { throw StateConflict(.wrongPhase, "objections are accepted during the standstill only") }
            try await AwardStore.insertObjection(tx, id: id, tenderId: tenderId, awardId: award.id, vendorId: p.userId, text: text, at: now)
            try await TenderStore.addOpenObjection(tx, id: tenderId, at: now)
            try await ObligationStore.add(tx, tenderId: tenderId, kind: .objectionReply, subject: id, starts: now, due: replyDue)
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .objectionFiled, tenderId: tenderId,
                details: ["objectionId": id, "awardId": award.id])
        }
        return ObjectionRecord(
            id: id, tenderId: tenderId, awardId: award.id, vendorId: p.userId, text: text, filedAt: now, replyDueAt: replyDue,
            decision: nil, response: nil,
            resolvedAt: nil)
    }
}
