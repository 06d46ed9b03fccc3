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
            throw StateConflict("wrong_phase", "objections are accepted during the standstill only")
        }
        let replyDue = try ctx.schedule(for: t).objectionReplyDue(filedAt: now)
        let id = newID()
        let tenderId = t.id
        try await ctx.transaction { tx in
            // Still the same standing award, still inside its standstill, on the locked row.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published, let endsNow = locked.standstillEndsAt, now < endsNow,
                try await AwardStore.standing(tx, tenderId: tenderId)?.id == award.id
            else { throw StateConflict("wrong_phase", "objections are accepted during the standstill only") }
            try await AwardStore.insertObjection(tx, id: id, tenderId: tenderId, awardId: award.id, vendorId: p.userId, text: text, at: now)
            try await TenderStore.addOpenObjection(tx, id: tenderId, at: now)
            try await ObligationStore.add(tx, tenderId: tenderId, kind: .objectionReply, subject: id, starts: now, due: replyDue)
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionFiled, tenderId: tenderId, details: ["objectionId": id, "awardId": award.id])
        }
        return ObjectionRecord(
            id: id, tenderId: tenderId, awardId: award.id, vendorId: p.userId, text: text, filedAt: now, replyDueAt: replyDue, decision: nil, response: nil,
            resolvedAt: nil)
    }
}

/// How procurement answers an objection; `moot` is set by the system when another objection
/// against the same award is upheld.
enum ObjectionDecision: String, Sendable, CaseIterable {
    case upheld, rejected, moot
}

/// Procurement answers an objection. Upheld: the award is revoked, its open obligations cancelled,
/// the other open objections against it closed as moot, and a new award may follow from the same
/// evaluation. Rejected after the standstill: the award notice, and the signing period, start now.
struct ResolveObjection {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, objectionId id: String, decision: ObjectionDecision, response text: String, by p: Principal) async throws {
        let now = ctx.nowMillis
        let tenderId = t.id
        let schedule = try ctx.schedule(for: t)
        guard let state = try await AwardStore.objectionState(ctx.sql, id: id, tenderId: tenderId) else { throw APIError.notFound("objection") }
        guard !state.resolved else { throw StateConflict("already_resolved", "the objection was already resolved") }
        let awardId = state.awardId
        let standstillEnds = t.standstillEndsAt ?? now
        let noticeAt = max(standstillEnds, now)
        let signingDue = schedule.contractSigningDue(noticeAt: noticeAt)
        try await ctx.transaction { tx in
            // Resolutions, objections and awards of one tender take turns on its row.
            _ = try await TenderStore.lock(tx, id: tenderId)
            guard try await AwardStore.resolveObjection(tx, id: id, decision: decision.rawValue, response: text, by: p.userId, at: now) else {
                throw StateConflict("already_resolved", "the objection was already resolved")
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
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId, details: [
                "objectionId": id, "decision": decision.rawValue, "awardId": awardId,
            ])
            if decision == .upheld {
                try await AuditStore.append(tx, at: now, actor: p.userId, action: .awardRevoked, tenderId: tenderId, details: ["awardId": awardId, "objectionId": id])
                for other in mooted {
                    try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId, details: [
                        "objectionId": other, "decision": ObjectionDecision.moot.rawValue, "awardId": awardId, "upheldObjectionId": id,
                    ])
                }
            }
        }
    }
}
