import Foundation
import SQLKit
import TenderDomain

/// Committee, declarations and scoresheets as stored; what the evaluation endpoints read.
enum CommitteeStore {
    struct Member: Sendable {
        let userId: String
        let name: String
        let kind: String
        let chair: Bool
        let position: Int64
        /// nil: not declared yet; empty: declared without conflict.
        let conflicts: [String]?

        var declared: Bool { conflicts != nil }
        var recused: Bool { !(conflicts ?? []).isEmpty }
    }

    struct StoredSheet: Sendable {
        let bidId: String
        let memberId: String
        let qualification: [String: Bool]
        /// Criterion key → hundredths.
        let scores: [String: Int64]
        let updatedAt: Int64
        /// The salt of the sheet's audit fingerprint (`ScoresheetDigest`); nil for sheets saved before migration 0010.
        var salt: String? = nil
    }

    static func isMember(_ db: any SQLDatabase, tenderId: String, userId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM committee_members WHERE tender_id = \(bind: tenderId) AND user_id = \(bind: userId)").first()
            != nil
    }

    static func members(_ db: any SQLDatabase, tenderId: String) async throws -> [Member] {
        try await db.raw(
            """
            SELECT c.user_id, u.name, c.kind, c.chair, c.position, d.conflicts
            FROM committee_members c JOIN users u ON u.id = c.user_id
            LEFT JOIN declarations d ON d.tender_id = c.tender_id AND d.user_id = c.user_id
            WHERE c.tender_id = \(bind: tenderId) ORDER BY c.position
            """
        ).all().map { row in
            Member(
                userId: try row.decode(column: "user_id", as: String.self), name: try row.decode(column: "name", as: String.self),
                kind: try row.decode(column: "kind", as: String.self), chair: try row.decode(column: "chair", as: Int64.self) == 1,
                position: try row.decode(column: "position", as: Int64.self),
                conflicts: try row.decode(column: "conflicts", as: String?.self).map {
                    try JSONDecoder().decode([String].self, from: Data($0.utf8))
                })
        }
    }

    /// Sheets that count: not voided. `memberId` narrows to one member.
    static func sheets(_ db: any SQLDatabase, tenderId: String, memberId: String? = nil) async throws -> [StoredSheet] {
        var q: SQLQueryString = """
            SELECT bid_id, member_id, qualification, scores, updated_at, salt FROM scoresheets
            WHERE tender_id = \(bind: tenderId) AND voided_at IS NULL
            """
        if let memberId { q = q + " AND member_id = \(bind: memberId)" }
        q = q + " ORDER BY bid_id, member_id"
        let decoder = JSONDecoder()
        return try await db.raw(q).all().map { row in
            let q = try row.decode(column: "qualification", as: String.self)
            let s = try row.decode(column: "scores", as: String.self)
            return StoredSheet(
                bidId: try row.decode(column: "bid_id", as: String.self), memberId: try row.decode(column: "member_id", as: String.self),
                qualification: try FlatJSON.bools(q) ?? decoder.decode([String: Bool].self, from: Data(q.utf8)),
                scores: try FlatJSON.integers(s) ?? decoder.decode([String: Int64].self, from: Data(s.utf8)),
                updatedAt: try row.decode(column: "updated_at", as: Int64.self), salt: try row.decode(column: "salt", as: String?.self))
        }
    }

    /// Bids that take part in the evaluation: every active bid (revealed, invalid, or still sealed
    /// at the reveal deadline, i.e. unrevealed).
    static func evaluatedBids(_ db: any SQLDatabase, tenderId: String) async throws -> [BidRecord] {
        try await db.raw(
            """
            SELECT \(BidRecord.columns) FROM bids WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL
            ORDER BY submitted_at, id
            """
        ).all().map(BidRecord.init(row:))
    }

    /// Evaluator accounts among `ids`, in one query.
    static func evaluatorIds(_ db: any SQLDatabase, among ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await db.raw("SELECT id FROM users WHERE role = 'evaluator' AND id IN (\(binds: ids))").all()
                .map { try $0.decode(column: "id", as: String.self) })
    }

    /// Replaces the committee: sheets of members who leave are voided (members who stay keep theirs).
    static func replace(_ tx: any SQLDatabase, tenderId: String, members: [(userId: String, kind: String)], chairId: String, at ms: Int64)
        async throws
    {
        let ids = members.map(\.userId)
        try await tx.raw(
            """
            UPDATE scoresheets SET voided_at = \(bind: ms)
            WHERE tender_id = \(bind: tenderId) AND voided_at IS NULL AND member_id NOT IN (\(binds: ids))
            """
        ).run()
        try await tx.raw("DELETE FROM committee_members WHERE tender_id = \(bind: tenderId)").run()
        for (i, m) in members.enumerated() {
            try await tx.raw(
                """
                INSERT INTO committee_members (tender_id, user_id, kind, position, chair, added_at)
                VALUES (\(bind: tenderId), \(bind: m.userId), \(bind: m.kind), \(bind: Int64(i + 1)), \(bind: Int64(m.userId == chairId ? 1 : 0)), \(bind: ms))
                """
            ).run()
        }
    }

    static func insertDeclaration(_ tx: any SQLDatabase, tenderId: String, userId: String, conflicts: [String], at ms: Int64) async throws {
        let json = String(decoding: try JSONEncoder().encode(conflicts), as: UTF8.self)
        try await tx.raw(
            """
            INSERT INTO declarations (tender_id, user_id, conflicts, declared_at) VALUES (\(bind: tenderId), \(bind: userId), \(bind: json), \(bind: ms))
            """
        ).run()
    }

    static func declaredAt(_ db: any SQLDatabase, tenderId: String, userId: String) async throws -> Int64? {
        try await db.raw("SELECT declared_at FROM declarations WHERE tender_id = \(bind: tenderId) AND user_id = \(bind: userId)").first()?
            .decode(column: "declared_at", as: Int64.self)
    }

    /// Saves (or replaces) a member's sheet for a bid, un-voiding it.
    static func saveSheet(
        _ tx: any SQLDatabase, tenderId: String, bidId: String, memberId: String, qualification: [String: Bool], scores: [String: Int64],
        salt: String,
        at ms: Int64
    ) async throws {
        let qJSON = String(decoding: try JSONEncoder().encode(qualification), as: UTF8.self)
        let sJSON = String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)
        try await tx.raw(
            """
            INSERT INTO scoresheets (tender_id, bid_id, member_id, qualification, scores, updated_at, salt)
            VALUES (\(bind: tenderId), \(bind: bidId), \(bind: memberId), \(bind: qJSON), \(bind: sJSON), \(bind: ms), \(bind: salt))
            ON CONFLICT (bid_id, member_id) DO UPDATE SET qualification = excluded.qualification, scores = excluded.scores,
                updated_at = excluded.updated_at, voided_at = NULL, salt = excluded.salt
            """
        ).run()
    }
}
