import Foundation
import TenderDomain

/// The award, after a final evaluation, to one of the candidates (`AwardDecision`): it starts the
/// standstill and the obligations to report the award and to sign the contract.
struct AwardTender {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, bidId rawBidId: String, justification: String?, by p: Principal) async throws -> AwardRecord {
        let now = ctx.nowMillis
        let phase = t.phase(at: ctx.now)
        if t.status == .published, try await AwardStore.standing(ctx.sql, tenderId: t.id) != nil {
            throw StateConflict(.alreadyAwarded, "the tender has a standing award")
        }
        guard phase == .evaluating, let final = try await EvaluationStore.final(ctx.sql, tenderId: t.id) else {
            throw StateConflict(
                phase == .evaluating ? .evaluationPending : .wrongPhase,
                "an award follows a final evaluation (phase is \(phase.rawValue))")
        }
        let result = try final.response()
        let bidId = UUID(uuidString: rawBidId)?.uuidString.lowercased() ?? ""
        let rank = result.candidates.firstIndex(of: bidId)
        let rules = try ctx.rules(for: t)
        try AwardDecision.check(
            rank: rank, justification: justification, candidates: rules.awardCandidates, minimumJustification: rules.justificationMinLength)
        guard let rank, let entry = result.ranking.first(where: { $0.bidId == bidId }), let price = entry.price else {
            throw RuleViolation(.notACandidate, "the award must go to one of the top three candidates", field: "bidId")
        }
        let schedule = try ctx.schedule(for: t)
        let standstillEnds = schedule.standstillEnds(awardedAt: now)
        let reportDue = schedule.awardReportDue(awardedAt: now)
        let signingDue = schedule.contractSigningDue(noticeAt: standstillEnds)
        let award = AwardRecord(
            id: newID(), tenderId: t.id, bidId: bidId, vendorId: entry.vendorId, price: price, candidateRank: rank + 1,
            justification: justification,
            awardedAt: now, standstillEndsAt: standstillEnds)
        do {
            try await ctx.transaction { tx in
                // The precondition again, on the locked row: a cancellation (or another award) that
                // committed since the checks above wins, and this award is refused.
                let locked = try await TenderStore.lock(tx, id: award.tenderId)
                let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
                guard phaseNow == .evaluating, locked.evaluatedAt != nil else {
                    if locked.status == .published, locked.standstillEndsAt != nil {
                        throw StateConflict(.alreadyAwarded, "the tender has a standing award")
                    }
                    throw StateConflict.wrongPhase(phaseNow, "award")
                }
                try await AwardStore.insert(tx, award, by: p.userId)
                try await TenderStore.setStandstill(tx, id: award.tenderId, endsAt: standstillEnds, at: now)
                try await ObligationStore.add(
                    tx, tenderId: award.tenderId, kind: .awardReport, subject: award.id, starts: now, due: reportDue)
                try await ObligationStore.add(
                    tx, tenderId: award.tenderId, kind: .contractSigning, subject: award.id, starts: standstillEnds, due: signingDue)
                try await AuditStore.append(
                    tx, at: now, actor: p.userId, action: .awardMade, tenderId: award.tenderId,
                    details: [
                        "awardId": award.id, "bidId": bidId, "vendorId": award.vendorId, "price": price,
                        "candidateRank": String(award.candidateRank),
                        "standstillEndsAt": Timestamp.format(milliseconds: standstillEnds),
                    ])
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.alreadyAwarded, "the tender has a standing award")
        }
        return award
    }
}
