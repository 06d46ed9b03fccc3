import Foundation
import SQLKit
import TenderDomain

/// The evaluation's result as stored (`evaluations`), and the version that guards finalization
/// (`tenders.evaluation_version`, bumped by every change to the evaluation's inputs).
enum EvaluationStore {
    struct Final: Sendable {
        /// The result exactly as `GET …/evaluation` returns it, encoded once at finalization.
        let json: String
        /// User ids in "Member n" order (non-recused members at finalization).
        let members: [String]
        let finalizedAt: Int64
        let finalizedBy: String

        func response() throws -> EvaluationResponse { try JSONDecoder().decode(EvaluationResponse.self, from: Data(json.utf8)) }
    }

    static func final(_ db: any SQLDatabase, tenderId: String) async throws -> Final? {
        guard
            let row = try await db.raw(
                "SELECT result, members, finalized_at, finalized_by FROM evaluations WHERE tender_id = \(bind: tenderId)"
            ).first()
        else { return nil }
        return Final(
            json: try row.decode(column: "result", as: String.self),
            members: try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "members", as: String.self).utf8)),
            finalizedAt: try row.decode(column: "finalized_at", as: Int64.self),
            finalizedBy: try row.decode(column: "finalized_by", as: String.self))
    }

    /// The evaluation's input version; 409 `evaluation_final` once final, `wrong_phase` once
    /// cancelled. `lock`: the tender row is held exclusively (PostgreSQL `FOR UPDATE`; on SQLite
    /// the write transaction holds everything).
    static func version(_ tx: any SQLDatabase, tenderId: String, lock: Bool) async throws -> Int64 {
        let suffix: SQLQueryString = lock && tx.dialect.name != "sqlite" ? " FOR UPDATE" : ""
        guard
            let row = try await tx.raw("SELECT evaluation_version, evaluated_at, status FROM tenders WHERE id = \(bind: tenderId)" + suffix)
                .first()
        else {
            throw APIError.notFound("tender")
        }
        // A cancellation since the finalize began: nothing is stored.
        guard try row.decode(column: "status", as: String.self) == TenderStatus.published.rawValue else {
            throw StateConflict.wrongPhase(.cancelled, "finalize the evaluation")
        }
        guard try row.decode(column: "evaluated_at", as: Int64?.self) == nil else {
            throw StateConflict(.evaluationFinal, "the evaluation is already final")
        }
        return try row.decode(column: "evaluation_version", as: Int64.self)
    }

    /// Every change to an evaluation's inputs calls this first in its transaction: it waits for a
    /// finalize holding the row, answers whether the evaluation is final, and bumps the version so
    /// that a finalize computed meanwhile is not stored.
    static func touch(_ tx: any SQLDatabase, tenderId: String) async throws -> Bool {
        guard
            let row = try await tx.raw(
                """
                UPDATE tenders SET evaluation_version = evaluation_version + 1 WHERE id = \(bind: tenderId) RETURNING evaluated_at
                """
            ).first()
        else { throw APIError.notFound("tender") }
        return try row.decode(column: "evaluated_at", as: Int64?.self) != nil
    }

    /// Stores the final result and marks the tender evaluated (and failed, when it failed).
    static func store(
        _ tx: any SQLDatabase, tenderId: String, resultJSON: String, membersJSON: String, failed: Bool, by userId: String, at ms: Int64
    ) async throws {
        try await tx.raw(
            """
            INSERT INTO evaluations (tender_id, result, members, finalized_by, finalized_at)
            VALUES (\(bind: tenderId), \(bind: resultJSON), \(bind: membersJSON), \(bind: userId), \(bind: ms))
            """
        ).run()
        try await tx.raw(
            """
            UPDATE tenders SET evaluated_at = \(bind: ms), failed_at = \(bind: failed ? ms : nil), updated_at = \(bind: ms)
            WHERE id = \(bind: tenderId)
            """
        ).run()
    }
}
