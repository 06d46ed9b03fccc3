import Foundation
import TenderDomain

/// A member's scoresheet for a revealed bid (`ScoresheetRules`), replaceable until the evaluation
/// is final. The audit entry holds a salted fingerprint of the sheet, never the scores: nobody may
/// read a sheet before finalization.
struct SubmitScoresheet {
    let ctx: UseCaseContext

    struct Saved: Sendable {
        let qualification: [String: Bool]
        let scores: [String: Int64]
        let salt: String
        let at: Int64
    }

    func run(tender t: TenderRecord, bidId: String, qualification: [String: Bool], scores: [String: Double], by p: Principal) async throws
        -> Saved
    {
        let now = ctx.nowMillis
        try EvaluationWindow.check(
            status: t.status, evaluated: t.evaluatedAt != nil, now: now, from: t.revealDeadline, phase: t.phase(at: ctx.now),
            action: "score bids")
        let member = try await EvaluationQueries.activeMember(ctx, tender: t, p)
        guard let bid = try await BidStore.find(ctx.sql, id: bidId, tenderId: t.id), bid.status.isRevealed || bid.status == .sealed
        else { throw APIError.notFound("bid") }
        guard bid.status == .revealed else {
            throw StateConflict(
                .notScorable, "only revealed, valid bid documents are scored (this bid is \(bid.displayStatus(tender: t, now: now)))")
        }
        let sheet = try ScoresheetRules.validate(qualification: qualification, scores: scores, criteria: t.criteria)
        let (tenderId, memberId) = (t.id, member.userId)
        let salt = ScoresheetDigest.newSalt()
        let digest = ScoresheetDigest.sha256(salt: salt, qualification: sheet.qualification, scores: sheet.scores)
        try await ctx.transaction { tx in
            guard try await EvaluationStore.touch(tx, tenderId: tenderId) == false else {
                throw StateConflict(.evaluationFinal, "the evaluation is final; scoresheets are locked")
            }
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published else { throw StateConflict.wrongPhase(.cancelled, "score bids") }
            try await CommitteeStore.saveSheet(
                tx, tenderId: tenderId, bidId: bidId, memberId: memberId, qualification: sheet.qualification, scores: sheet.scores,
                salt: salt, at: now)
            try await AuditStore.append(
                tx, at: now, actor: memberId, action: .scoresheetSaved, tenderId: tenderId,
                details: [
                    "bidId": bidId, "sheetSha256": digest,
                ])
        }
        return Saved(qualification: sheet.qualification, scores: sheet.scores, salt: salt, at: now)
    }
}
