import FluentKit
import SQLKit
import TenderDomain
import Vapor

struct AskQuestionRequest: Content {
    let text: String
}

struct AnswerQuestionRequest: Content {
    let answer: String
}

/// A clarification as the caller may see it: never the asker's identity (87号令 art. 27: the
/// clarification does not name the source of the question); `mine` tells a vendor its own questions.
struct QuestionResponse: Content {
    let id: String
    let tenderId: String
    let text: String
    let askedAt: String
    let answer: String?
    let answeredAt: String?
    let mine: Bool?
}

struct QuestionList: Content {
    let items: [QuestionResponse]
}

struct QuestionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "questions", use: list)
        routes.post("tenders", ":tenderId", "questions", use: ask)
        routes.post("tenders", ":tenderId", "questions", ":questionId", "answer", use: answer)
    }

    static func response(_ row: any SQLRow, viewer: String?) throws -> QuestionResponse {
        let askedBy = try row.decode(column: "asked_by", as: String.self)
        return QuestionResponse(
            id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String.self),
            text: try row.decode(column: "text", as: String.self),
            askedAt: Timestamp.format(milliseconds: try row.decode(column: "asked_at", as: Int64.self)),
            answer: try row.decode(column: "answer", as: String?.self),
            answeredAt: try row.decode(column: "answered_at", as: Int64?.self).map { Timestamp.format(milliseconds: $0) },
            mine: viewer.map { $0 == askedBy })
    }

    /// The public sees answered questions; staff see all; a vendor also sees its own unanswered ones.
    @Sendable func list(req: Request) async throws -> QuestionList {
        let t = try await TendersController.visibleTender(req)
        let p = req.principal
        let rows = try await req.sql.raw("""
            SELECT id, tender_id, asked_by, text, asked_at, answer, answered_at FROM questions
            WHERE tender_id = \(bind: t.id) ORDER BY asked_at, id
            """).all()
        let items = try rows.compactMap { row -> QuestionResponse? in
            let q = try Self.response(row, viewer: p?.role == .vendor ? p?.userId : nil)
            if q.answer != nil || p?.role.isStaff == true || q.mine == true { return q }
            return nil
        }
        return QuestionList(items: items)
    }

    @Sendable func ask(req: Request) async throws -> Response {
        let p = try req.require(.vendor)
        let body = try req.content.decode(AskQuestionRequest.self)
        let text = try Validate.requiredText(body.text, field: "text", max: 5000, rule: .prose)
        let t = try await TendersController.visibleTender(req)
        let phase = t.phase(at: req.tender.clock.now)
        guard phase == .bidding else { throw StateConflict.wrongPhase(phase, "ask a question") }
        if t.method == "selective", !(try await TendersController.isInvited(req.sql, tenderId: t.id, vendorId: p.userId)) {
            throw APIError(.forbidden, "not_invited", "this selective tender is open to invited vendors only")
        }
        let id = newID()
        let now = req.tender.nowMillis
        let tenderId = t.id
        try await inTransaction(req.db) { tx in
            try await tx.raw("""
                INSERT INTO questions (id, tender_id, asked_by, text, asked_at) VALUES (\(bind: id), \(bind: tenderId), \(bind: p.userId), \(bind: text), \(bind: now))
                """).run()
            try await AuditLog.append(tx, at: now, actor: p.userId, action: "question.asked", tenderId: tenderId, details: [
                "questionId": id, "textSha256": AuditLog.sha256(text),
            ])
        }
        let response = Response(status: .created)
        try response.content.encode(
            QuestionResponse(id: id, tenderId: t.id, text: text, askedAt: Timestamp.format(milliseconds: now), answer: nil, answeredAt: nil, mine: true))
        return response
    }

    /// A public answer, once, while bidding. An answer that changes the tender belongs in an amendment.
    @Sendable func answer(req: Request) async throws -> QuestionResponse {
        let p = try req.require(.procurement)
        let body = try req.content.decode(AnswerQuestionRequest.self)
        let answer = try Validate.requiredText(body.answer, field: "answer", max: 20_000, rule: .prose)
        let t = try await TendersController.visibleTender(req)
        let qid = try pathID(req, "questionId", "question")
        let phase = t.phase(at: req.tender.clock.now)
        guard phase == .bidding else { throw StateConflict.wrongPhase(phase, "answer a question") }
        let now = req.tender.nowMillis
        guard try await req.sql.raw("SELECT id FROM questions WHERE id = \(bind: qid) AND tender_id = \(bind: t.id)").first() != nil else {
            throw APIError.notFound("question")
        }
        let tenderId = t.id
        let row = try await inTransaction(req.db) { tx -> (any SQLRow)? in
            // Re-checked in the transaction: a cancellation or an amendment may have come meanwhile.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published, locked.submissionDeadline > now else {
                throw StateConflict.wrongPhase(locked.phase(at: Timestamp.date(milliseconds: now)), "answer a question")
            }
            guard let row = try await tx.raw("""
                UPDATE questions SET answer = \(bind: answer), answered_by = \(bind: p.userId), answered_at = \(bind: now)
                WHERE id = \(bind: qid) AND answer IS NULL RETURNING id, tender_id, asked_by, text, asked_at, answer, answered_at
                """).first() else { return nil }
            try await AuditLog.append(tx, at: now, actor: p.userId, action: "question.answered", tenderId: tenderId, details: [
                "questionId": qid, "answerSha256": AuditLog.sha256(answer),
            ])
            return row
        }
        guard let row else { throw APIError.conflict("already_answered", "the question has already been answered") }
        return try Self.response(row, viewer: nil)
    }
}
