import Foundation
import TenderDomain

/// submitted → approved | returned | rejected, by an approver who did not file it.
struct DecideRequest {
    let ctx: UseCaseContext

    func run(id: String, decision: RequestDecision, reason: String?, by p: Principal) async throws -> RequestRecord {
        let stored = try await RequestQueries.visible(ctx, id: id, by: p)
        try RequestQueries.requireSeparateDuty(stored, p, "decide")
        try RequestRules.validate(decision, reason: reason)
        let step = RequestStep.decide(decision)
        _ = try step.next(from: stored.status)
        let ms = ctx.nowMillis
        return try await ctx.transaction { tx in
            let locked = try await RequestStore.lock(tx, id: id)
            _ = try step.next(from: locked.status)
            try await RequestStore.decide(tx, id: id, decision, reason: reason, by: p.userId, at: ms)
            try await ObligationStore.meet(tx, kind: .requestDecision, requestId: id, at: ms)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .requestDecided, tenderId: nil,
                details: ["requestId": id, "decision": decision.rawValue, "reason": reason].compactMapValues { $0 })
            return try await RequestStore.get(tx, id: id)
        }
    }
}
