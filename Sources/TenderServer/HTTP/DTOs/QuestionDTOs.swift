import Foundation
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

    init(_ q: QuestionRecord, viewer: String?) {
        id = q.id
        tenderId = q.tenderId
        text = q.text
        askedAt = Timestamp.format(milliseconds: q.askedAt)
        answer = q.answer
        answeredAt = q.answeredAt.map { Timestamp.format(milliseconds: $0) }
        mine = viewer.map { $0 == q.askedBy }
    }
}

struct QuestionList: Content {
    let items: [QuestionResponse]
}
