import Foundation
import SQLKit
import TenderDomain

/// The bid aggregate as stored: `bids` (commitments, reveals, voids).
enum BidStore {
    static func find(_ db: any SQLDatabase, id: String, tenderId: String) async throws -> BidRecord? {
        try await db.raw("SELECT " + BidRecord.columns + " FROM bids WHERE id = \(bind: id) AND tender_id = \(bind: tenderId)").first().map(
            BidRecord.init(row:))
    }

    /// An amendment voids the tender's sealed bids (`BidStatus.afterAmendment`; their vendors commit again).
    static func voidSealed(_ tx: any SQLDatabase, tenderId: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE bids SET status = \(bind: BidStatus.sealed.afterAmendment.rawValue), active_vendor = NULL, ended_at = \(bind: ms)
            WHERE tender_id = \(bind: tenderId) AND status = \(bind: BidStatus.sealed.rawValue)
            """
        ).run()
    }
}

extension BidStore {
    /// A vendor's bids on one tender, replaced and withdrawn ones included, oldest first.
    static func ofVendor(_ db: any SQLDatabase, tenderId: String, vendorId: String) async throws -> [BidRecord] {
        try await db.raw(
            """
            SELECT \(BidRecord.columns) FROM bids WHERE tender_id = \(bind: tenderId) AND vendor_id = \(bind: vendorId) ORDER BY submitted_at, id
            """
        ).all().map(BidRecord.init(row:))
    }

    /// A vendor's bids across tenders, newest first, and their number; `activeOnly` keeps the bids
    /// that still count.
    static func ofVendor(_ db: any SQLDatabase, vendorId: String, activeOnly: Bool, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [BidRecord]
    ) {
        var filter: SQLQueryString = " WHERE vendor_id = \(bind: vendorId)"
        if activeOnly { filter = filter + " AND active_vendor IS NOT NULL" }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM bids" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let bids = try await db.raw(
            "SELECT \(BidRecord.columns) FROM bids" + filter + " ORDER BY submitted_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all().map(BidRecord.init(row:))
        return (total, bids)
    }

    /// The active bids of a tender with their vendors' names, by commitment (the Merkle leaves' order).
    static func activeWithVendorNames(_ db: any SQLDatabase, tenderId: String) async throws -> [(bid: BidRecord, vendorName: String)] {
        try await db.raw(
            """
            SELECT b.id, b.tender_id, b.vendor_id, b.commitment, b.status, b.submitted_at, b.ended_at, b.price, b.problems, b.revealed_at, b.opened_by, u.name
            FROM bids b JOIN users u ON u.id = b.vendor_id
            WHERE b.tender_id = \(bind: tenderId) AND b.active_vendor IS NOT NULL ORDER BY b.commitment
            """
        ).all().map { row in (try BidRecord(row: row), try row.decode(column: "name", as: String.self)) }
    }

    /// The tender's bids with these ids.
    static func some(_ db: any SQLDatabase, tenderId: String, ids: [String]) async throws -> [BidRecord] {
        guard !ids.isEmpty else { return [] }
        return try await db.raw(
            "SELECT \(BidRecord.columns) FROM bids WHERE tender_id = \(bind: tenderId) AND id IN (\(binds: ids))"
        ).all().map(BidRecord.init(row:))
    }

    /// sealed → withdrawn; false when the bid is not sealed.
    static func withdraw(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws -> Bool {
        try await tx.raw(
            """
            UPDATE bids SET status = 'withdrawn', active_vendor = NULL, ended_at = \(bind: ms)
            WHERE id = \(bind: id) AND status = 'sealed' RETURNING id
            """
        ).first() != nil
    }

    /// Counts a failed reveal on the bid; answers the count.
    static func countRevealFailure(_ tx: any SQLDatabase, id: String) async throws -> Int64 {
        try await tx.raw("UPDATE bids SET reveal_failures = reveal_failures + 1 WHERE id = \(bind: id) RETURNING reveal_failures")
            .first()?.decode(column: "reveal_failures", as: Int64.self) ?? 1
    }

    /// sealed → revealed or invalid, with the opening and its outcome, only before `deadline`;
    /// false when the bid was no longer sealed (or the deadline passed).
    static func reveal(
        _ tx: any SQLDatabase, id: String, status: BidStatus, salt: String?, document: String?, price: String?, problemsJSON: String?,
        openedBy: BidRecord.OpenedBy, openedWith: String? = nil, at ms: Int64, deadline: Int64
    ) async throws -> Bool {
        try await tx.raw(
            """
            UPDATE bids SET status = \(bind: status.rawValue), salt = \(bind: salt), document = \(bind: document), price = \(bind: price),
            problems = \(bind: problemsJSON), revealed_at = \(bind: ms), opened_by = \(bind: openedBy.rawValue), opened_with = \(bind: openedWith)
            WHERE id = \(bind: id) AND status = 'sealed' AND \(bind: ms) < \(bind: deadline) RETURNING id
            """
        ).first() != nil
    }
}

extension BidStore {
    /// The active commitments of a tender, sorted (the Merkle tree's leaves).
    static func activeCommitments(_ db: any SQLDatabase, tenderId: String) async throws -> [String] {
        try await db.raw(
            """
            SELECT commitment FROM bids WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL ORDER BY commitment
            """
        ).all().map { try $0.decode(column: "commitment", as: String.self) }
    }
}

extension BidStore {
    /// Whether the vendor had an active bid on the tender (bid at the close).
    static func hasActiveBid(_ db: any SQLDatabase, tenderId: String, vendorId: String) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS one FROM bids WHERE tender_id = \(bind: tenderId) AND vendor_id = \(bind: vendorId) AND active_vendor IS NOT NULL
            """
        ).first() != nil
    }
}
