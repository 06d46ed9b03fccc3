import Foundation
import SQLKit
import TenderDomain

/// Obligations with legal or policy due dates (docs/DESIGN.md §6, §11): `obligations`. Each belongs
/// to a tender or to an outsourcing request.
enum ObligationStore {
    struct Due: Sendable {
        let id: String
        let tenderId: String?
        let requestId: String?
        let kind: String
        let dueAt: Int64
    }

    /// Unmet, uncancelled obligations due by `now` whose lateness is not recorded yet, oldest first.
    static func newlyOverdue(_ db: any SQLDatabase, now: Int64, limit: Int) async throws -> [Due] {
        try await db.raw(
            """
            SELECT id, tender_id, request_id, kind, due_at FROM obligations
            WHERE met_at IS NULL AND cancelled_at IS NULL AND overdue_recorded_at IS NULL AND due_at <= \(bind: now)
            ORDER BY due_at LIMIT \(bind: limit)
            """
        ).all().map { row in
            Due(
                id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String?.self),
                requestId: try row.decode(column: "request_id", as: String?.self), kind: try row.decode(column: "kind", as: String.self),
                dueAt: try row.decode(column: "due_at", as: Int64.self))
        }
    }

    /// Records the lateness once; false when another writer did, or the obligation was met meanwhile.
    static func markOverdue(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws -> Bool {
        try await tx.raw(
            """
            UPDATE obligations SET overdue_recorded_at = \(bind: ms) WHERE id = \(bind: id) AND overdue_recorded_at IS NULL AND met_at IS NULL RETURNING id
            """
        ).first() != nil
    }
}

extension ObligationStore {
    static func add(_ tx: any SQLDatabase, tenderId: String, kind: ObligationKind, subject: String, starts: Int64, due: Int64) async throws
    {
        try await tx.raw(
            """
            INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at)
            VALUES (\(bind: newID()), \(bind: tenderId), \(bind: kind.rawValue), \(bind: subject), \(bind: starts), \(bind: due))
            """
        ).run()
    }

    /// An obligation of an outsourcing request; `subject` is unique per kind (a submission, say).
    static func add(_ tx: any SQLDatabase, requestId: String, kind: ObligationKind, subject: String, starts: Int64, due: Int64) async throws
    {
        try await tx.raw(
            """
            INSERT INTO obligations (id, request_id, kind, subject_id, starts_at, due_at)
            VALUES (\(bind: newID()), \(bind: requestId), \(bind: kind.rawValue), \(bind: subject), \(bind: starts), \(bind: due))
            """
        ).run()
    }

    /// Meets the request's open obligation of `kind`, if it has one.
    static func meet(_ tx: any SQLDatabase, kind: ObligationKind, requestId: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE obligations SET met_at = \(bind: ms)
            WHERE kind = \(bind: kind.rawValue) AND request_id = \(bind: requestId) AND met_at IS NULL AND cancelled_at IS NULL
            """
        ).run()
    }

    /// Marks the obligation of `kind` on `subject` met at `ms` (only if unmet when `onlyOpen`);
    /// answers whether a row changed.
    @discardableResult
    static func meet(_ tx: any SQLDatabase, kind: ObligationKind, subject: String, at ms: Int64, onlyOpen: Bool = false) async throws
        -> Bool
    {
        let open: SQLQueryString = onlyOpen ? " AND met_at IS NULL" : ""
        return try await tx.raw(
            """
            UPDATE obligations SET met_at = \(bind: ms) WHERE kind = \(bind: kind.rawValue) AND subject_id = \(bind: subject)
            """ + open + " RETURNING id"
        ).first() != nil
    }

    /// Cancels the subject's open obligations (an award revoked, say).
    static func cancelOpen(_ tx: any SQLDatabase, subject: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE obligations SET cancelled_at = \(bind: ms) WHERE subject_id = \(bind: subject) AND met_at IS NULL AND cancelled_at IS NULL
            """
        ).run()
    }

    /// Cancels the open obligations whose subject starts with `prefix` (a contract's periods).
    static func cancelOpen(_ tx: any SQLDatabase, subjectPrefix prefix: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE obligations SET cancelled_at = \(bind: ms)
            WHERE substr(subject_id, 1, CAST(\(bind: prefix.count) AS INTEGER)) = \(bind: prefix) AND met_at IS NULL AND cancelled_at IS NULL
            """
        ).run()
    }

    /// Removes the unmet obligations of `kind` whose subject starts with `prefix` (a scorecard replaced).
    static func deleteOpen(_ tx: any SQLDatabase, kind: ObligationKind, subjectPrefix prefix: String) async throws {
        try await tx.raw(
            """
            DELETE FROM obligations WHERE kind = \(bind: kind.rawValue) AND substr(subject_id, 1, CAST(\(bind: prefix.count) AS INTEGER)) = \(bind: prefix)
            AND met_at IS NULL
            """
        ).run()
    }

    /// Moves an open obligation's period.
    static func reschedule(_ tx: any SQLDatabase, kind: ObligationKind, subject: String, starts: Int64, due: Int64) async throws {
        try await tx.raw(
            """
            UPDATE obligations SET starts_at = \(bind: starts), due_at = \(bind: due)
            WHERE kind = \(bind: kind.rawValue) AND subject_id = \(bind: subject) AND met_at IS NULL
            """
        ).run()
    }

    static func dueAt(_ db: any SQLDatabase, kind: ObligationKind, subject: String) async throws -> Int64? {
        try await db.raw("SELECT due_at FROM obligations WHERE kind = \(bind: kind.rawValue) AND subject_id = \(bind: subject)").first()?
            .decode(column: "due_at", as: Int64.self)
    }

    /// An obligation in the monitor, with its tender's title.
    struct Listed: Sendable {
        let id: String
        let tenderId: String?
        let requestId: String?
        /// The tender's title, or the request's.
        let title: String
        let kind: String
        let startsAt: Int64
        let dueAt: Int64
        let metAt: Int64?
    }

    /// Which obligations the monitor lists.
    enum StateFilter: String, Sendable, CaseIterable {
        case due, overdue, met, open, all
        case metLate = "met_late"
    }

    /// One page: open obligations by due date, then met ones, most recently met first; read in
    /// the order of the index obligations_state (met_at, cancelled_at, due_at) in two segments
    /// instead of one sort.
    static func list(_ db: any SQLDatabase, state: StateFilter, tenderId: String?, now: Int64, limit: Int, offset: Int) async throws
        -> (total: Int64, items: [Listed])
    {
        var conditions: [SQLQueryString] = ["g.cancelled_at IS NULL"]
        switch state {
        case .due: conditions.append("g.met_at IS NULL AND g.due_at > \(bind: now)")
        case .overdue: conditions.append("g.met_at IS NULL AND g.due_at <= \(bind: now)")
        case .met: conditions.append("g.met_at IS NOT NULL AND g.met_at <= g.due_at")
        case .metLate: conditions.append("g.met_at IS NOT NULL AND g.met_at > g.due_at")
        case .open: conditions.append("g.met_at IS NULL")
        case .all: break
        }
        if let tenderId { conditions.append("g.tender_id = \(bind: tenderId)") }
        func all(_ extra: SQLQueryString) -> SQLQueryString {
            (conditions + [extra]).dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        }
        let openWhere = all("g.met_at IS NULL"), metWhere = all("g.met_at IS NOT NULL")
        let openCount =
            try await db.raw("SELECT COUNT(*) AS n FROM obligations g WHERE \(openWhere)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let metCount =
            try await db.raw("SELECT COUNT(*) AS n FROM obligations g WHERE \(metWhere)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let columns: SQLQueryString =
            """
            SELECT g.id, g.tender_id, g.request_id, COALESCE(t.title, r.title) AS title, g.kind, g.starts_at, g.due_at, g.met_at
            FROM obligations g LEFT JOIN tenders t ON t.id = g.tender_id LEFT JOIN outsourcing_requests r ON r.id = g.request_id
            """
        var rows: [any SQLRow] = []
        let offset = Int64(offset), per = Int64(limit)
        if offset < openCount {
            rows += try await db.raw(
                columns + " WHERE \(openWhere) ORDER BY g.met_at, g.cancelled_at, g.due_at LIMIT \(bind: per) OFFSET \(bind: offset)"
            ).all()
        }
        if Int64(rows.count) < per, metCount > 0 {
            let metOffset = max(0, offset - openCount)
            rows += try await db.raw(
                columns
                    + " WHERE \(metWhere) ORDER BY g.met_at DESC, g.cancelled_at DESC, g.due_at DESC LIMIT \(bind: per - Int64(rows.count)) OFFSET \(bind: metOffset)"
            ).all()
        }
        return (
            openCount + metCount,
            try rows.map { row in
                Listed(
                    id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String?.self),
                    requestId: try row.decode(column: "request_id", as: String?.self),
                    title: try row.decode(column: "title", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    startsAt: try row.decode(column: "starts_at", as: Int64.self), dueAt: try row.decode(column: "due_at", as: Int64.self),
                    metAt: try row.decode(column: "met_at", as: Int64?.self))
            }
        )
    }
}
