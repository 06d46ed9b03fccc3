import Crypto
import Foundation
import SQLKit
import TenderDomain

/// Finalization (docs/DESIGN.md §5): the engine ranks the bids from the stored sheets, and the
/// result is stored once, exactly as `GET …/evaluation` serves it, with a SHA-256 of it in the
/// audit chain. Procurement or the committee's chair.
///
/// Optimistic: read the version first, then the inputs (each input change bumps the version in its
/// own transaction), compute without holding any lock, and store only if the version has not
/// moved, i.e. nothing was committed after the inputs were read. After `TENDER_FINALIZE_ATTEMPTS`
/// misses (members still saving sheets; default 3) the whole computation runs under the tender's
/// exclusive lock.
struct FinalizeEvaluation {
    let ctx: UseCaseContext

    /// The stored result's JSON.
    func run(tender t: TenderRecord, by p: Principal) async throws -> String {
        let now = ctx.nowMillis
        try EvaluationWindow.check(
            status: t.status, evaluated: t.evaluatedAt != nil, now: now, from: t.revealDeadline, phase: t.phase(at: ctx.now),
            action: "finalize the evaluation")
        let rules = try ctx.rules(for: t)
        let tenderId = t.id
        do {
            for _ in 0..<ctx.app.config.finalizeAttempts {
                let version = try await EvaluationStore.version(ctx.sql, tenderId: tenderId, lock: false)
                let (result, resultJSON, membersJSON) = try await Self.compute(ctx.sql, t, rules: rules, finalizer: p, now: now)
                let stored = try await ctx.transaction { w -> Bool in
                    guard try await EvaluationStore.version(w, tenderId: tenderId, lock: true) == version else { return false }
                    try await Self.store(
                        w, tenderId: tenderId, result: result, resultJSON: resultJSON, membersJSON: membersJSON, by: p.userId, now: now)
                    return true
                }
                if stored { return resultJSON }
            }
            return try await ctx.transaction { tx -> String in
                _ = try await EvaluationStore.version(tx, tenderId: tenderId, lock: true)
                let (result, resultJSON, membersJSON) = try await Self.compute(tx, t, rules: rules, finalizer: p, now: now)
                try await Self.store(
                    tx, tenderId: tenderId, result: result, resultJSON: resultJSON, membersJSON: membersJSON, by: p.userId, now: now)
                return resultJSON
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.evaluationFinal, "the evaluation is already final")
        }
    }

    static func store(
        _ tx: any SQLDatabase, tenderId: String, result: EvaluationResult, resultJSON: String, membersJSON: String, by userId: String,
        now: Int64
    ) async throws {
        try await EvaluationStore.store(
            tx, tenderId: tenderId, resultJSON: resultJSON, membersJSON: membersJSON, failed: result.failed, by: userId, at: now)
        try await AuditStore.append(
            tx, at: now, actor: userId, action: .evaluationFinalized, tenderId: tenderId,
            details: [
                "failed": result.failed ? "true" : "false", "candidates": result.candidates.joined(separator: ","),
                "resultSha256": Commitment.hex(SHA256.hash(data: Data(resultJSON.utf8))),
            ])
    }

    /// Reads the committee, bids and sheets and runs the engine; the rules of docs/DESIGN.md §5.
    static func compute(_ db: any SQLDatabase, _ t: TenderRecord, rules: RuleSet, finalizer p: Principal, now: Int64) async throws
        -> (EvaluationResult, String, String)
    {
        let members = try await CommitteeStore.members(db, tenderId: t.id)
        if p.role == .evaluator, !(members.first { $0.userId == p.userId }?.chair ?? false) {
            throw APIError.forbidden("only procurement staff or the committee's chair finalize the evaluation")
        }
        let counting = members.filter { $0.declared && !$0.recused }
        let undeclared = members.filter { !$0.declared }
        guard undeclared.isEmpty else {
            throw StateConflict(.committeeIncomplete, "\(undeclared.count) member(s) have not declared conflicts of interest")
        }
        guard counting.count >= rules.committeeMinSize else {
            throw StateConflict(
                .committeeIncomplete,
                "\(counting.count) non-recused member(s), at least \(rules.committeeMinSize) needed: replace recused members")
        }
        let bids = try await CommitteeStore.evaluatedBids(db, tenderId: t.id)
        let sheets = try await CommitteeStore.sheets(db, tenderId: t.id)
        // The public labels "Member 1…n" follow a random order drawn here and stored with the
        // result (`evaluations.members`), the same in the sheets and the outlier flags; never the
        // committee's order, which is public after the award and would name each sheet's author.
        let labelled = MemberLabels.draw(counting.map(\.userId))
        let input = try Self.engineInput(t, rules: rules, bids: bids, members: labelled, sheets: sheets)
        let result = EvaluationEngine.evaluate(input)
        // Encoded once, stored, and served as is by GET …/evaluation.
        let resultJSON = String(decoding: Self.response(result, finalizedAt: now).jsonBytes, as: UTF8.self)
        let membersJSON = String(decoding: try JSONEncoder().encode(labelled), as: UTF8.self)
        return (result, resultJSON, membersJSON)
    }

    /// Builds the engine's arrays; 409 `committee_incomplete` when a counting member lacks a sheet for a revealed bid.
    static func engineInput(_ t: TenderRecord, rules: RuleSet, bids: [BidRecord], members: [String], sheets: [CommitteeStore.StoredSheet])
        throws -> EvaluationInput
    {
        let memberIndex = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        let bidIndex = Dictionary(uniqueKeysWithValues: bids.enumerated().map { ($1.id, $0) })
        let scoredKeys = t.criteria.filter { $0.type == .scored }.map(\.key)
        let qualificationKeys = t.criteria.filter { $0.type == .qualification }.map(\.key)
        var grid = [[EvaluationInput.Sheet?]](repeating: [EvaluationInput.Sheet?](repeating: nil, count: members.count), count: bids.count)
        for s in sheets {
            guard let b = bidIndex[s.bidId], let m = memberIndex[s.memberId] else { continue }
            grid[b][m] = EvaluationInput.Sheet(
                qualification: qualificationKeys.map { s.qualification[$0] ?? false }, scores: scoredKeys.map { s.scores[$0] ?? 0 })
        }
        var missing = 0
        let engineBids: [EvaluationInput.Bid] = bids.enumerated().map { b, bid in
            let state: EvaluationInput.BidState
            switch bid.status {
            case .revealed:
                state = .revealed(priceCents: bid.price.flatMap(Money.init)?.cents ?? 0)
                missing += grid[b].filter { $0 == nil }.count
            case .invalid: state = .invalidDocument(priceCents: bid.price.flatMap(Money.init)?.cents)
            default: state = .unrevealed
            }
            return .init(id: bid.id, vendorId: bid.vendorId, submittedAt: bid.submittedAt, state: state)
        }
        guard missing == 0 else {
            throw StateConflict(
                .committeeIncomplete, "\(missing) scoresheet(s) missing: every non-recused member scores every revealed bid")
        }
        return EvaluationInput(
            criteria: t.criteria, budgetCents: t.budget.cents, minimumValidBids: rules.minimumValidBids,
            trimExtremesFrom: rules.trimExtremesFrom,
            outlierShare: rules.outlierShare, abnormallyLowShare: rules.abnormallyLowShare,
            memberCount: members.count, bids: engineBids, sheets: grid, candidateCount: rules.awardCandidates)
    }

    static func response(_ r: EvaluationResult, finalizedAt: Int64) -> EvaluationResponse {
        EvaluationResponse(
            status: "final", failed: r.failed, finalizedAt: Timestamp.format(milliseconds: finalizedAt),
            ranking: r.ranking.map(entry), candidates: r.candidates,
            outliers: r.outliers.map {
                .init(
                    bidId: $0.bidId, criterion: $0.criterion, member: "Member \($0.member)",
                    score: ExactMath.hundredths($0.scoreHundredths),
                    othersMean: ExactMath.hundredths($0.othersMeanHundredths))
            },
            abnormallyLow: r.ranking.filter(\.abnormallyLow).map(\.bidId), progress: nil)
    }

    static func entry(_ e: EvaluationResult.Entry) -> EvaluationResponse.Entry {
        .init(
            rank: e.rank, bidId: e.bidId, vendorId: e.vendorId, price: e.priceCents.map(ExactMath.hundredths), valid: e.valid,
            reasons: e.reasons,
            scores: e.scores.mapValues(ExactMath.hundredths), total: e.totalHundredths.map(ExactMath.hundredths),
            abnormallyLow: e.abnormallyLow)
    }
}
