import Foundation
import TenderDomain

/// draft | returned → submitted, by its requester; the approvers' decision falls due
/// `requestDecisionPeriod` later (obligation `request_decision`).
struct SubmitRequest {
    let ctx: UseCaseContext

    func run(id: String, by p: Principal) async throws -> RequestRecord {
        let stored = try await RequestQueries.visible(ctx, id: id, by: p)
        try RequestQueries.requireRequester(stored, p)
        _ = try RequestStep.submit.next(from: stored.status)
        // The policy may have changed since the draft was saved.
        try RequestRules.validate(stored.draft, policy: ctx.app.config.outsourcing)
        let now = ctx.now
        let ms = Timestamp.milliseconds(now)
        let due = Timestamp.milliseconds(
            ctx.app.config.outsourcing.decisionDue(submittedAt: now, calculator: ctx.app.calculator, timeZone: ctx.app.config.timeZone))
        return try await ctx.transaction { tx in
            let locked = try await RequestStore.lock(tx, id: id)
            _ = try RequestStep.submit.next(from: locked.status)
            try await RequestStore.submit(tx, id: id, at: ms)
            try await ObligationStore.add(tx, requestId: id, kind: .requestDecision, subject: newID(), starts: ms, due: due)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .requestSubmitted, tenderId: nil,
                details: ["requestId": id, "decisionDue": Timestamp.format(milliseconds: due)])
            return try await RequestStore.get(tx, id: id)
        }
    }
}
