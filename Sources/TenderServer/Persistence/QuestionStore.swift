import Foundation
import SQLKit

/// Clarification questions and their answers: `questions`.
enum QuestionStore {
    static func all(_ db: any SQLDatabase, tenderId: String) async throws -> [QuestionRecord] {
        try await db.raw("SELECT " + QuestionRecord.columns + " FROM questions WHERE tender_id = \(bind: tenderId) ORDER BY asked_at, id")
            .all().map(QuestionRecord.init(row:))
    }

    static func exists(_ db: any SQLDatabase, id: String, tenderId: String) async throws -> Bool {
        try await db.raw("SELECT id FROM questions WHERE id = \(bind: id) AND tender_id = \(bind: tenderId)").first() != nil
    }

    static func insert(_ tx: any SQLDatabase, _ q: QuestionRecord) async throws {
        try await tx.raw(
            """
            INSERT INTO questions (id, tender_id, asked_by, text, asked_at)
            VALUES (\(bind: q.id), \(bind: q.tenderId), \(bind: q.askedBy), \(bind: q.text), \(bind: q.askedAt))
            """
        ).run()
    }

    /// Answers an unanswered question; nil when it was answered already.
    static func answer(_ tx: any SQLDatabase, id: String, answer: String, by userId: String, at ms: Int64) async throws -> QuestionRecord? {
        try await tx.raw(
            """
            UPDATE questions SET answer = \(bind: answer), answered_by = \(bind: userId), answered_at = \(bind: ms)
            WHERE id = \(bind: id) AND answer IS NULL
            """ + " RETURNING " + QuestionRecord.columns
        ).first().map(QuestionRecord.init(row:))
    }
}
