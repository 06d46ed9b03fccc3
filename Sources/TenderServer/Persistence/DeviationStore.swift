import Foundation
import SQLKit

/// Procedure deviations (未严格按照招标程序执行): `procedure_deviations`.
enum DeviationStore {
    /// How a tender deviated from the procedure.
    enum Kind: String, Sendable {
        /// Published without a priced outsourcing request behind it.
        case publishedWithoutRequest = "published_without_request"
    }

    struct Listed: Sendable {
        let id: String
        let tenderId: String
        let tenderTitle: String
        let kind: String
        let detectedAt: Int64
        let actorId: String
        let actorName: String
    }

    static func insert(_ tx: any SQLDatabase, tenderId: String, kind: Kind, actor: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            INSERT INTO procedure_deviations (id, tender_id, kind, detected_at, actor_id)
            VALUES (\(bind: newID()), \(bind: tenderId), \(bind: kind.rawValue), \(bind: ms), \(bind: actor))
            """
        ).run()
    }

    /// One page, newest first.
    static func list(_ db: any SQLDatabase, limit: Int, offset: Int) async throws -> (total: Int64, items: [Listed]) {
        let total = try await db.raw("SELECT COUNT(*) AS n FROM procedure_deviations").first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            """
            SELECT d.id, d.tender_id, t.title, d.kind, d.detected_at, d.actor_id, u.name FROM procedure_deviations d
            JOIN tenders t ON t.id = d.tender_id JOIN users u ON u.id = d.actor_id
            ORDER BY d.detected_at DESC, d.id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all()
        return (
            total,
            try rows.map { row in
                Listed(
                    id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String.self),
                    tenderTitle: try row.decode(column: "title", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                    detectedAt: try row.decode(column: "detected_at", as: Int64.self),
                    actorId: try row.decode(column: "actor_id", as: String.self),
                    actorName: try row.decode(column: "name", as: String.self))
            }
        )
    }
}
