import Foundation
import TenderDomain

/// The reads of the evaluation, with who may see what (`TenderAccess`).
enum EvaluationQueries {
    /// Insiders always; vendors and the public once an award has been published; 403 `sealed` otherwise.
    static func requireVisible(_ ctx: UseCaseContext, tender t: TenderRecord) async throws {
        let role = ctx.principal?.role
        if TenderAccess.maySeeEvaluation(role, awardPublished: false) { return }
        guard TenderAccess.maySeeEvaluation(role, awardPublished: try await AwardStore.everAwarded(ctx.sql, tenderId: t.id)) else {
            throw APIError(.forbidden, "sealed", "the evaluation is published with the award")
        }
    }

    /// Staff and the committee only (the report for signatures); 403 `sealed` otherwise.
    static func requireInsider(_ ctx: UseCaseContext) throws {
        guard TenderAccess.maySeeEvaluation(ctx.principal?.role, awardPublished: false) else {
            throw APIError(.forbidden, "sealed", "the evaluation is published with the award")
        }
    }

    /// The caller as a member who may score: on the committee, declared, not recused.
    static func activeMember(_ ctx: UseCaseContext, tender t: TenderRecord, _ p: Principal) async throws -> CommitteeStore.Member {
        guard let m = try await CommitteeStore.members(ctx.sql, tenderId: t.id).first(where: { $0.userId == p.userId }) else {
            throw APIError.notFound("tender")
        }
        guard m.declared else { throw StateConflict(.declarationRequired, "declare conflicts of interest before scoring") }
        guard !m.recused else {
            throw APIError(.forbidden, "recused", "you declared a conflict of interest and are recused from this tender")
        }
        return m
    }

    /// The caller's own declaration, with its time.
    static func declaration(_ ctx: UseCaseContext, tender t: TenderRecord, _ p: Principal) async throws -> (conflicts: [String], at: Int64)
    {
        guard let m = try await CommitteeStore.members(ctx.sql, tenderId: t.id).first(where: { $0.userId == p.userId }),
            let c = m.conflicts,
            let at = try await CommitteeStore.declaredAt(ctx.sql, tenderId: t.id, userId: p.userId)
        else { throw APIError.notFound("declaration") }
        return (c, at)
    }

    /// The sheets the caller may read: a member its own; staff everyone's once final.
    static func sheets(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> [CommitteeStore.StoredSheet] {
        guard let p = ctx.principal else { throw APIError.unauthorized() }
        switch TenderAccess.sheetScope(p.role, evaluationFinal: t.evaluatedAt != nil) {
        case .own: return try await CommitteeStore.sheets(ctx.sql, tenderId: t.id, memberId: p.userId)
        case .all: return try await CommitteeStore.sheets(ctx.sql, tenderId: t.id)
        case .none:
            if p.role.isTenderOffice {
                throw APIError(
                    .forbidden, "sealed", "scoresheets are sealed until the evaluation is final; see the progress in GET …/evaluation")
            }
            throw APIError.forbidden()
        }
    }

    /// Before finalization: how far the committee has come (no scores, no names of bidders).
    struct Progress: Sendable {
        let members: Int
        let declared: Int
        let recused: Int
        let revealedBids: Int
        let sheetsExpected: Int
        let sheetsSubmitted: Int
    }

    static func progress(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> Progress {
        let members = try await CommitteeStore.members(ctx.sql, tenderId: t.id)
        let bids = try await CommitteeStore.evaluatedBids(ctx.sql, tenderId: t.id)
        let counting = members.filter { $0.declared && !$0.recused }
        let revealed = Set(bids.filter { $0.status == .revealed }.map(\.id))
        let countingIds = Set(counting.map(\.userId))
        let submitted = try await CommitteeStore.sheets(ctx.sql, tenderId: t.id).filter {
            revealed.contains($0.bidId) && countingIds.contains($0.memberId)
        }.count
        return Progress(
            members: members.count, declared: members.filter(\.declared).count, recused: members.filter(\.recused).count,
            revealedBids: revealed.count, sheetsExpected: revealed.count * counting.count, sheetsSubmitted: submitted)
    }

    /// The final evaluation, its sheets and labelled members, for the reports; 409 before it is final.
    static func report(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> (
        final: EvaluationStore.Final, sheets: [CommitteeStore.StoredSheet]
    ) {
        try requireInsider(ctx)
        guard let f = try await EvaluationStore.final(ctx.sql, tenderId: t.id) else {
            throw StateConflict(.evaluationPending, "the report exists once the evaluation is final")
        }
        return (f, try await CommitteeStore.sheets(ctx.sql, tenderId: t.id))
    }
}
