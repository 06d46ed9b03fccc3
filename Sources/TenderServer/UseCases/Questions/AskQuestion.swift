import Foundation
import TenderDomain

/// A vendor's clarification question, while bidding; on a selective tender only from an invitee.
/// The audit entry proves the text by its hash without repeating it.
struct AskQuestion {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, text: String, by p: Principal) async throws -> QuestionRecord {
        let phase = t.phase(at: ctx.now)
        guard phase == .bidding else { throw StateConflict.wrongPhase(phase, "ask a question") }
        if t.method == .selective, !(try await TenderStore.isInvited(ctx.sql, tenderId: t.id, vendorId: p.userId)) {
            throw APIError(.forbidden, "not_invited", "this selective tender is open to invited vendors only")
        }
        let q = QuestionRecord(id: newID(), tenderId: t.id, askedBy: p.userId, text: text, askedAt: ctx.nowMillis)
        try await ctx.transaction { tx in
            try await QuestionStore.insert(tx, q)
            try await AuditStore.append(
                tx, at: q.askedAt, actor: p.userId, action: .questionAsked, tenderId: q.tenderId,
                details: [
                    "questionId": q.id, "textSha256": AuditStore.sha256(text),
                ])
        }
        return q
    }
}
