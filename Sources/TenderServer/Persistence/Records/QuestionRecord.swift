import Foundation
import SQLKit

/// A row of `questions`.
struct QuestionRecord: Sendable {
    let id: String
    let tenderId: String
    let askedBy: String
    let text: String
    let askedAt: Int64
    let answer: String?
    let answeredAt: Int64?

    static let columns: SQLQueryString = "id, tender_id, asked_by, text, asked_at, answer, answered_at"

    init(id: String, tenderId: String, askedBy: String, text: String, askedAt: Int64, answer: String? = nil, answeredAt: Int64? = nil) {
        self.id = id
        self.tenderId = tenderId
        self.askedBy = askedBy
        self.text = text
        self.askedAt = askedAt
        self.answer = answer
        self.answeredAt = answeredAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        tenderId = try row.decode(column: "tender_id", as: String.self)
        askedBy = try row.decode(column: "asked_by", as: String.self)
        text = try row.decode(column: "text", as: String.self)
        askedAt = try row.decode(column: "asked_at", as: Int64.self)
        answer = try row.decode(column: "answer", as: String?.self)
        answeredAt = try row.decode(column: "answered_at", as: Int64?.self)
    }
}
