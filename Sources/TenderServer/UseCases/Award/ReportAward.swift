import Foundation
import TenderDomain

/// Records the written report of the award to the supervising authority (招标投标法 art. 47).
struct ReportAward {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, reference: String, by p: Principal) async throws {
        guard let award = try await AwardStore.standing(ctx.sql, tenderId: t.id) else {
            throw StateConflict(.wrongPhase, "there is no standing award to report")
        }
        let now = ctx.nowMillis
        let tenderId = t.id
        try await ctx.transaction { tx in
            guard try await ObligationStore.meet(tx, kind: .awardReport, subject: award.id, at: now, onlyOpen: true) else {
                throw StateConflict(.alreadyReported, "the award report was already recorded")
            }
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .awardReported, tenderId: tenderId,
                details: ["awardId": award.id, "reference": reference])
        }
    }
}
