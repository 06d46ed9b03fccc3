import Foundation
import TenderDomain

/// A periodic review (考核) by the contract's supervisor: scores per criterion, the total and its
/// grade; it meets the period's `periodic_review` obligation. A second failing review in a row of
/// the vendor's contracts proposes suspending the vendor (暂停合作).
struct RecordReview {
    let ctx: UseCaseContext

    struct Input: Sendable {
        let period: ReviewPeriod
        let scores: [String: Int]
        let satisfaction: String?
        let notes: String
    }

    func run(id: String, _ input: Input, by p: Principal) async throws -> ReviewRecord {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        guard ContractAccess.maySupervise(isSupervisor: c.supervisorId == p.userId) else {
            throw APIError(.forbidden, "not_supervisor", "only the contract's supervisor (监管执行人) records its reviews")
        }
        try c.requireOpen()
        try await ctx.requireUndertakings(c)
        guard let card = c.scorecard else { throw StateConflict(.scorecardRequired, "procurement must set the contract's scorecard first") }
        guard input.period.cadence == card.period else {
            throw APIError.invalid(
                "invalid_period",
                "this contract is reviewed per \(card.period.rawValue) (\(card.period == .month ? "2026-11" : "2026-Q4"))",
                field: "period")
        }
        let today = CivilDate(ctx.now, in: try await ctx.timeZone(of: c))
        try ReviewRules.check(input.period, today: today, serviceStart: c.serviceStart, serviceEnd: c.serviceEnd)
        let total = try card.total(input.scores)
        let grade = ctx.app.config.outsourcing.grades.grade(totalHundredths: total)
        let ms = ctx.nowMillis
        let review = ReviewRecord(
            id: newID(), contractId: id, vendorId: c.vendorId, period: input.period.description, scores: input.scores,
            totalHundredths: total,
            grade: grade, satisfaction: input.satisfaction, notes: input.notes, reviewedBy: p.userId, reviewedAt: ms)
        do {
            try await ctx.transaction { tx in
                let locked = try await ContractStore.lock(tx, id: id)
                try locked.requireOpen()
                let previous = try await ContractStore.vendorReviews(tx, vendorId: c.vendorId, limit: 1).last
                try await ContractStore.insertReview(tx, review, periodEnd: input.period.end)
                try await ObligationStore.meet(tx, kind: .periodicReview, subject: "\(id):\(input.period)", at: ms, onlyOpen: true)
                try await AuditStore.append(
                    tx, at: ms, actor: p.userId, action: .reviewRecorded, tenderId: c.tenderId,
                    details: [
                        "contractId": id, "reviewId": review.id, "period": review.period, "total": Money(cents: total).description,
                        "grade": grade.rawValue,
                    ])
                // Consecutive in period order: the new review must follow the vendor's latest one.
                if let previous, SuspensionRule.proposes([previous.grade, grade]), previous.period != review.period,
                    ReviewPeriod(previous.period).map({ $0.end <= input.period.end }) ?? false
                {
                    let proposal = try await ProposalStore.insert(tx, vendorId: c.vendorId, first: previous.id, second: review.id, at: ms)
                    try await AuditStore.append(
                        tx, at: ms, actor: "system", action: .suspensionProposed, tenderId: nil,
                        details: ["proposalId": proposal, "vendorId": c.vendorId, "reviews": "\(previous.id),\(review.id)"])
                }
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.duplicateReview, "the period \(input.period) of this contract was already reviewed")
        }
        return review
    }
}
