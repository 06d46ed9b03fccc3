import Foundation
import TenderDomain

/// A public answer, once, while bidding. An answer that changes the tender belongs in an amendment.
struct AnswerQuestion {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, questionId qid: String, answer: String, by p: Principal) async throws -> QuestionRecord {
        let phase = t.phase(at: ctx.now)
        guard phase == .bidding else { throw StateConflict.wrongPhase(phase, "answer a question") }
        guard try await QuestionStore.exists(ctx.sql, id: qid, tenderId: t.id) else { throw APIError.notFound("question") }
        let now = ctx.nowMillis
        let tenderId = t.id
        let answered = try await ctx.transaction { tx -> QuestionRecord? in
            // Re-checked in the transaction: a cancellation or an amendment may have come meanwhile.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published, locked.submissionDeadline > now else {
                throw StateConflict.wrongPhase(locked.phase(at: Timestamp.date(milliseconds: now)), "answer a question")
            }
            guard let q = try await QuestionStore.answer(tx, id: qid, answer: answer, by: p.userId, at: now) else { return nil }
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .questionAnswered, tenderId: tenderId,
                details: [
                    "questionId": qid, "answerSha256": AuditStore.sha256(answer),
                ])
            return q
        }
        guard let answered else { throw APIError.conflict("already_answered", "the question has already been answered") }
        return answered
    }
}
