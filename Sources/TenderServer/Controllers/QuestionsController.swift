import Foundation
import TenderDomain
import Vapor

/// Clarification questions (招标投标法 art. 23): asked by vendors, answered publicly by procurement.
struct QuestionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "questions", use: list)
        routes.post("tenders", ":tenderId", "questions", use: ask)
        routes.post("tenders", ":tenderId", "questions", ":questionId", "answer", use: answer)
    }

    /// The public sees answered questions; staff see all; a vendor also sees its own unanswered ones.
    @Sendable func list(req: Request) async throws -> QuestionList {
        let t = try await req.visibleTender()
        let p = req.principal
        let viewer = p?.role == .vendor ? p?.userId : nil
        let items = try await QuestionStore.all(req.sql, tenderId: t.id)
            .filter {
                TenderAccess.maySeeQuestion(p?.role, answered: $0.answer != nil, askedByCaller: viewer != nil && $0.askedBy == viewer)
            }
            .map { QuestionResponse($0, viewer: viewer) }
        return QuestionList(items: items)
    }

    @Sendable func ask(req: Request) async throws -> Response {
        let p = try req.require(.actAsVendor)
        let body = try req.content.decode(AskQuestionRequest.self)
        let text = try Validate.requiredText(body.text, field: "text", max: 5000, rule: .prose)
        let q = try await AskQuestion(ctx: req.useCase).run(tender: try await req.visibleTender(), text: text, by: p)
        let response = Response(status: .created)
        try response.content.encode(QuestionResponse(q, viewer: p.userId))
        return response
    }

    @Sendable func answer(req: Request) async throws -> QuestionResponse {
        let p = try req.require(.manageTenders)
        let body = try req.content.decode(AnswerQuestionRequest.self)
        let answer = try Validate.requiredText(body.answer, field: "answer", max: 20_000, rule: .prose)
        let t = try await req.visibleTender()
        let q = try await AnswerQuestion(ctx: req.useCase).run(
            tender: t, questionId: try pathID(req, "questionId", "question"), answer: answer, by: p)
        return QuestionResponse(q, viewer: nil)
    }
}
