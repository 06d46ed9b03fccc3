import Foundation
import SQLKit
import TenderDomain

/// The award aggregate as stored: `awards` and the `objections` against them.
enum AwardStore {
    /// The standing award (not revoked), if any.
    static func standing(_ db: any SQLDatabase, tenderId: String) async throws -> AwardRecord? {
        try await db.raw("SELECT " + AwardRecord.columns + " FROM awards WHERE active_tender = \(bind: tenderId)").first().map(
            AwardRecord.init(row:))
    }

    /// Whether an award was ever published for the tender: from then on the result, the anonymized
    /// sheets and the committee are public.
    static func everAwarded(_ db: any SQLDatabase, tenderId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM awards WHERE tender_id = \(bind: tenderId)").first() != nil
    }

    /// The award `id`, or (nil) the standing award if any, else the latest revoked one.
    static func latest(_ db: any SQLDatabase, tenderId: String, id: String? = nil) async throws -> AwardRecord? {
        var q: SQLQueryString = "SELECT " + AwardRecord.columns + " FROM awards WHERE tender_id = \(bind: tenderId)"
        if let id { q = q + " AND id = \(bind: id)" }
        q = q + " ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, awarded_at DESC, id DESC"
        return try await db.raw(q).first().map(AwardRecord.init(row:))
    }

    /// Every award of the tender with its vendor's name, oldest first (revoked before standing at one time).
    static func allWithVendorNames(_ db: any SQLDatabase, tenderId: String) async throws -> [(award: AwardRecord, vendorName: String)] {
        try await db.raw(
            """
            SELECT a.id, a.tender_id, a.bid_id, a.vendor_id, a.price, a.candidate_rank, a.justification, a.awarded_at, a.standstill_ends_at, a.revoked_at, u.name
            FROM awards a JOIN users u ON u.id = a.vendor_id
            WHERE a.tender_id = \(bind: tenderId) ORDER BY a.awarded_at, CASE WHEN a.revoked_at IS NULL THEN 1 ELSE 0 END, a.id
            """
        ).all().map { (try AwardRecord(row: $0), try $0.decode(column: "name", as: String.self)) }
    }

    static func insert(_ tx: any SQLDatabase, _ a: AwardRecord, by userId: String) async throws {
        try await tx.raw(
            """
            INSERT INTO awards (id, tender_id, bid_id, vendor_id, price, candidate_rank, justification, awarded_by, awarded_at, standstill_ends_at, active_tender)
            VALUES (\(bind: a.id), \(bind: a.tenderId), \(bind: a.bidId), \(bind: a.vendorId), \(bind: a.price), \(bind: Int64(a.candidateRank)),
            \(bind: a.justification), \(bind: userId), \(bind: a.awardedAt), \(bind: a.standstillEndsAt), \(bind: a.tenderId))
            """
        ).run()
    }

    static func revoke(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw(
            "UPDATE awards SET revoked_at = \(bind: ms), active_tender = NULL WHERE id = \(bind: id) AND active_tender IS NOT NULL"
        ).run()
    }

    // MARK: objections

    static func insertObjection(
        _ tx: any SQLDatabase, id: String, tenderId: String, awardId: String, vendorId: String, text: String, at ms: Int64
    ) async throws {
        try await tx.raw(
            """
            INSERT INTO objections (id, tender_id, award_id, vendor_id, text, filed_at)
            VALUES (\(bind: id), \(bind: tenderId), \(bind: awardId), \(bind: vendorId), \(bind: text), \(bind: ms))
            """
        ).run()
    }

    /// The tender's objections with their reply due times, oldest first; `vendorId` narrows to one vendor's.
    static func objections(_ db: any SQLDatabase, tenderId: String, vendorId: String? = nil) async throws -> [ObjectionRecord] {
        var q: SQLQueryString = """
            SELECT o.id, o.award_id, o.vendor_id, o.text, o.filed_at, o.decision, o.response, o.resolved_at, g.due_at
            FROM objections o LEFT JOIN obligations g ON g.kind = 'objection_reply' AND g.subject_id = o.id
            WHERE o.tender_id = \(bind: tenderId)
            """
        if let vendorId { q = q + " AND o.vendor_id = \(bind: vendorId)" }
        q = q + " ORDER BY o.filed_at, o.id"
        return try await db.raw(q).all().map { row in
            ObjectionRecord(
                id: try row.decode(column: "id", as: String.self), tenderId: tenderId,
                awardId: try row.decode(column: "award_id", as: String.self),
                vendorId: try row.decode(column: "vendor_id", as: String.self), text: try row.decode(column: "text", as: String.self),
                filedAt: try row.decode(column: "filed_at", as: Int64.self),
                replyDueAt: try row.decode(column: "due_at", as: Int64?.self) ?? 0,
                decision: try row.decode(column: "decision", as: String?.self),
                response: try row.decode(column: "response", as: String?.self),
                resolvedAt: try row.decode(column: "resolved_at", as: Int64?.self))
        }
    }

    /// The objection's award and whether it is resolved; nil when it is not the tender's.
    static func objectionState(_ db: any SQLDatabase, id: String, tenderId: String) async throws -> (awardId: String, resolved: Bool)? {
        guard
            let row = try await db.raw(
                "SELECT award_id, resolved_at FROM objections WHERE id = \(bind: id) AND tender_id = \(bind: tenderId)"
            ).first()
        else {
            return nil
        }
        return (try row.decode(column: "award_id", as: String.self), try row.decode(column: "resolved_at", as: Int64?.self) != nil)
    }

    /// Resolves an open objection; false when it was resolved already.
    static func resolveObjection(_ tx: any SQLDatabase, id: String, decision: String, response: String, by userId: String, at ms: Int64)
        async throws -> Bool
    {
        try await tx.raw(
            """
            UPDATE objections SET decision = \(bind: decision), response = \(bind: response), resolved_by = \(bind: userId), resolved_at = \(bind: ms)
            WHERE id = \(bind: id) AND resolved_at IS NULL RETURNING id
            """
        ).first() != nil
    }

    /// Closes the award's other open objections as `moot`; answers their ids.
    static func mootOpenObjections(_ tx: any SQLDatabase, awardId: String, response: String, by userId: String, at ms: Int64) async throws
        -> [String]
    {
        try await tx.raw(
            """
            UPDATE objections SET decision = 'moot', response = \(bind: response), resolved_by = \(bind: userId), resolved_at = \(bind: ms)
            WHERE award_id = \(bind: awardId) AND resolved_at IS NULL RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: String.self) }
    }
}
