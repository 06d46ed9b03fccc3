import Foundation
import SQLKit
import TenderDomain

/// The tender aggregate as stored: `tenders`, `tender_invitations` and `amendments`. All of its SQL
/// lives here; callers pass the database or the transaction they work in.
enum TenderStore {
    // MARK: reading

    static func find(_ db: any SQLDatabase, id: String) async throws -> TenderRecord? {
        try await db.raw("SELECT " + TenderRecord.columns + " FROM tenders WHERE id = \(bind: id)").first().map(TenderRecord.init(row:))
    }

    /// The tender, or 404 `not_found`.
    static func get(_ db: any SQLDatabase, id: String) async throws -> TenderRecord {
        guard let t = try await find(db, id: id) else { throw APIError.notFound("tender") }
        return t
    }

    /// The tender as it is now, held until the caller's transaction ends: PostgreSQL takes the row
    /// lock (`FOR UPDATE`), so two state changes of one tender (award and cancel, say) run one after
    /// the other and the second sees what the first wrote. On SQLite the write transaction
    /// (`BEGIN IMMEDIATE` behind the application's write gate) already holds the whole database.
    /// Every state change re-checks its precondition on this record, never on one read before the
    /// transaction began.
    static func lock(_ tx: any SQLDatabase, id: String) async throws -> TenderRecord {
        let suffix: SQLQueryString = tx.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard let row = try await tx.raw("SELECT " + TenderRecord.columns + " FROM tenders WHERE id = \(bind: id)" + suffix).first() else {
            throw APIError.notFound("tender")
        }
        return try TenderRecord(row: row)
    }

    /// Which tenders a list shows: the caller's visibility and the query's filters.
    struct ListFilter: Sendable {
        /// Drafts are listed for staff only.
        var includeDrafts = false
        /// An evaluator lists only the tenders whose committee it sits on.
        var committeeMember: String?
        var phase: TenderPhase?
        /// Already trimmed and non-empty; matched case-insensitively (`likePattern`).
        var text: String?
    }

    /// One page, newest first, and the number of all matching tenders. `phase` becomes conditions
    /// on the stored deadlines (docs/DESIGN.md §2), so that paging and counting happen in the database.
    static func list(_ db: any SQLDatabase, _ f: ListFilter, now: Int64, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [TenderRecord]
    ) {
        var conditions: [SQLQueryString] = []
        if !f.includeDrafts { conditions.append("status <> 'draft'") }
        if let member = f.committeeMember {
            conditions.append("id IN (SELECT tender_id FROM committee_members WHERE user_id = \(bind: member))")
        }
        if let phase = f.phase { conditions.append(condition(phase, now: now)) }
        if let text = f.text {
            let p = likePattern(text)
            conditions.append(
                "(LOWER(title) LIKE \(bind: p) ESCAPE '\\' OR LOWER(description) LIKE \(bind: p) ESCAPE '\\' OR LOWER(category) LIKE \(bind: p) ESCAPE '\\')"
            )
        }
        var whereClause: SQLQueryString = ""
        if let first = conditions.first {
            whereClause = " WHERE " + conditions.dropFirst().reduce(first) { $0 + " AND " + $1 }
        }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM tenders" + whereClause).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            "SELECT " + TenderRecord.columns + " FROM tenders" + whereClause
                + " ORDER BY COALESCE(published_at, created_at) DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (total, try rows.map(TenderRecord.init(row:)))
    }

    /// The stored-column form of `TenderClockState.phase(at:)`; the two must agree (a test lists
    /// tenders of every phase by this filter).
    static func condition(_ phase: TenderPhase, now: Int64) -> SQLQueryString {
        switch phase {
        case .draft: "status = 'draft'"
        case .cancelled: "status = 'cancelled'"
        case .bidding: "status = 'published' AND submission_deadline > \(bind: now)"
        case .revealing: "status = 'published' AND submission_deadline <= \(bind: now) AND reveal_deadline > \(bind: now)"
        case .evaluating:
            "status = 'published' AND reveal_deadline <= \(bind: now) AND failed_at IS NULL AND standstill_ends_at IS NULL AND contracted_at IS NULL"
        case .failed: "status = 'published' AND reveal_deadline <= \(bind: now) AND failed_at IS NOT NULL"
        case .standstill:
            "status = 'published' AND contracted_at IS NULL AND (standstill_ends_at > \(bind: now) OR (standstill_ends_at IS NOT NULL AND open_objections > 0))"
        case .awarded: "status = 'published' AND contracted_at IS NULL AND standstill_ends_at <= \(bind: now) AND open_objections = 0"
        case .contracted: "status = 'published' AND contracted_at IS NOT NULL AND filed_at IS NULL"
        case .filed: "status = 'published' AND filed_at IS NOT NULL"
        }
    }

    // MARK: invitations

    static func invitedVendorIds(_ db: any SQLDatabase, tenderId: String) async throws -> [String] {
        try await db.raw("SELECT vendor_id FROM tender_invitations WHERE tender_id = \(bind: tenderId) ORDER BY vendor_id")
            .all().map { try $0.decode(column: "vendor_id", as: String.self) }
    }

    static func isInvited(_ db: any SQLDatabase, tenderId: String, vendorId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM tender_invitations WHERE tender_id = \(bind: tenderId) AND vendor_id = \(bind: vendorId)")
            .first() != nil
    }

    static func invitationCount(_ db: any SQLDatabase, tenderId: String) async throws -> Int {
        Int(
            try await db.raw("SELECT COUNT(*) AS n FROM tender_invitations WHERE tender_id = \(bind: tenderId)").first()?.decode(
                column: "n", as: Int64.self) ?? 0)
    }

    /// The invitations of a selective tender, in one statement.
    static func invite(_ tx: any SQLDatabase, tenderId: String, vendorIds: [String]) async throws {
        guard let first = vendorIds.first else { return }
        var q: SQLQueryString = "INSERT INTO tender_invitations (tender_id, vendor_id) VALUES (\(bind: tenderId), \(bind: first))"
        for v in vendorIds.dropFirst() { q = q + ", (\(bind: tenderId), \(bind: v))" }
        try await tx.raw(q).run()
    }

    static func replaceInvitations(_ tx: any SQLDatabase, tenderId: String, vendorIds: [String]) async throws {
        try await tx.raw("DELETE FROM tender_invitations WHERE tender_id = \(bind: tenderId)").run()
        try await invite(tx, tenderId: tenderId, vendorIds: vendorIds)
    }

    // MARK: amendments

    static func amendments(_ db: any SQLDatabase, tenderId: String) async throws -> [AmendmentRecord] {
        try await db.raw(
            """
            SELECT number, reason, changes, created_at FROM amendments WHERE tender_id = \(bind: tenderId) ORDER BY number
            """
        ).all().map { row in
            let changes = try row.decode(column: "changes", as: String.self)
            return AmendmentRecord(
                number: try row.decode(column: "number", as: Int64.self), reason: try row.decode(column: "reason", as: String.self),
                changes: (try? JSONDecoder().decode([AmendmentRecord.Change].self, from: Data(changes.utf8))) ?? [],
                createdAt: try row.decode(column: "created_at", as: Int64.self), changesJSON: changes)
        }
    }

    static func insertAmendment(_ tx: any SQLDatabase, tenderId: String, _ a: AmendmentRecord, by userId: String) async throws {
        try await tx.raw(
            """
            INSERT INTO amendments (id, tender_id, number, reason, changes, created_by, created_at)
            VALUES (\(bind: newID()), \(bind: tenderId), \(bind: a.number), \(bind: a.reason), \(bind: a.changesJSON), \(bind: userId), \(bind: a.createdAt))
            """
        ).run()
    }

    // MARK: writing

    static func insert(_ tx: any SQLDatabase, _ t: TenderRecord) async throws {
        try await tx.raw(
            """
            INSERT INTO tenders (id, title, description, category, regime, method, budget_amount, currency, time_zone,
            submission_deadline, reveal_deadline, criteria, status, created_by, created_at, updated_at, amendment_count, request_id)
            VALUES (\(bind: t.id), \(bind: t.title), \(bind: t.description), \(bind: t.category), \(bind: t.regime), \(bind: t.method.rawValue),
            \(bind: t.budget.description), \(bind: t.currency), \(bind: t.timeZone), \(bind: t.submissionDeadline), \(bind: t.revealDeadline),
            \(bind: t.criteriaJSON), \(bind: t.status.rawValue), \(bind: t.createdBy), \(bind: t.createdAt), \(bind: t.updatedAt), 0,
            \(bind: t.requestId))
            """
        ).run()
    }

    /// Writes the editable fields, `updated_at` and `amendment_count`.
    static func updateFields(_ tx: any SQLDatabase, _ t: TenderRecord) async throws {
        try await tx.raw(
            """
            UPDATE tenders SET title = \(bind: t.title), description = \(bind: t.description), category = \(bind: t.category),
            regime = \(bind: t.regime), method = \(bind: t.method.rawValue), budget_amount = \(bind: t.budget.description), currency = \(bind: t.currency),
            time_zone = \(bind: t.timeZone), submission_deadline = \(bind: t.submissionDeadline), reveal_deadline = \(bind: t.revealDeadline),
            criteria = \(bind: t.criteriaJSON), updated_at = \(bind: t.updatedAt), amendment_count = \(bind: t.amendmentCount)
            WHERE id = \(bind: t.id)
            """
        ).run()
    }

    /// draft → published, only if still a draft; answers whether it was.
    static func publish(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws -> Bool {
        try await tx.raw(
            """
            UPDATE tenders SET status = 'published', published_at = \(bind: ms), updated_at = \(bind: ms)
            WHERE id = \(bind: id) AND status = 'draft' RETURNING id
            """
        ).first() != nil
    }

    static func cancel(_ tx: any SQLDatabase, id: String, reason: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE tenders SET status = 'cancelled', cancelled_at = \(bind: ms), cancel_reason = \(bind: reason), updated_at = \(bind: ms)
            WHERE id = \(bind: id)
            """
        ).run()
    }
}

extension TenderStore {
    /// The tenders of `ids`, by id, in one query.
    static func byId(_ db: any SQLDatabase, ids: [String]) async throws -> [String: TenderRecord] {
        guard !ids.isEmpty else { return [:] }
        var out: [String: TenderRecord] = [:]
        for row in try await db.raw("SELECT " + TenderRecord.columns + " FROM tenders WHERE id IN (\(binds: ids))").all() {
            let t = try TenderRecord(row: row)
            out[t.id] = t
        }
        return out
    }
}

extension TenderStore {
    /// Published tenders past their submission deadline whose close is not in the audit chain yet.
    static func closedWithoutCloseEntry(_ db: any SQLDatabase, now: Int64, limit: Int) async throws -> [String] {
        try await db.raw(
            """
            SELECT t.id FROM tenders t WHERE t.status = 'published' AND t.submission_deadline <= \(bind: now)
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.once_key = 'closed:' || t.id)
            ORDER BY t.submission_deadline LIMIT \(bind: limit)
            """
        ).all().map { try $0.decode(column: "id", as: String.self) }
    }
}

// MARK: the award's marks on the tender row (the phase is derived from them)

extension TenderStore {
    static func setStandstill(_ tx: any SQLDatabase, id: String, endsAt: Int64, at ms: Int64) async throws {
        try await tx.raw("UPDATE tenders SET standstill_ends_at = \(bind: endsAt), updated_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }

    static func addOpenObjection(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw("UPDATE tenders SET open_objections = open_objections + 1, updated_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }

    static func removeOpenObjection(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw("UPDATE tenders SET open_objections = open_objections - 1, updated_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }

    /// After a revocation: no standstill, and the open objections counted again from the
    /// objections themselves, so the counter cannot drift from them.
    static func clearStandstillAndRecount(_ tx: any SQLDatabase, id: String) async throws {
        try await tx.raw(
            """
            UPDATE tenders SET standstill_ends_at = NULL,
              open_objections = (SELECT COUNT(*) FROM objections WHERE tender_id = \(bind: id) AND resolved_at IS NULL)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    static func setContracted(_ tx: any SQLDatabase, id: String, signedAt: Int64, at ms: Int64) async throws {
        try await tx.raw("UPDATE tenders SET contracted_at = \(bind: signedAt), updated_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }

    static func setFiled(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw("UPDATE tenders SET filed_at = \(bind: ms), updated_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }
}
