import Foundation
import SQLKit

/// Obligations with legal due dates (docs/DESIGN.md §6): `obligations`.
enum ObligationStore {
    struct Due: Sendable {
        let id: String
        let tenderId: String
        let kind: String
        let dueAt: Int64
    }

    /// Unmet, uncancelled obligations due by `now` whose lateness is not recorded yet, oldest first.
    static func newlyOverdue(_ db: any SQLDatabase, now: Int64, limit: Int) async throws -> [Due] {
        try await db.raw("""
            SELECT id, tender_id, kind, due_at FROM obligations
            WHERE met_at IS NULL AND cancelled_at IS NULL AND overdue_recorded_at IS NULL AND due_at <= \(bind: now)
            ORDER BY due_at LIMIT \(bind: limit)
            """).all().map { row in
            Due(
                id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String.self),
                kind: try row.decode(column: "kind", as: String.self), dueAt: try row.decode(column: "due_at", as: Int64.self))
        }
    }

    /// Records the lateness once; false when another writer did, or the obligation was met meanwhile.
    static func markOverdue(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws -> Bool {
        try await tx.raw("""
            UPDATE obligations SET overdue_recorded_at = \(bind: ms) WHERE id = \(bind: id) AND overdue_recorded_at IS NULL AND met_at IS NULL RETURNING id
            """).first() != nil
    }
}
