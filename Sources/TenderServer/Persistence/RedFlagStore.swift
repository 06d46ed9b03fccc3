import Foundation
import SQLKit
import TenderDomain

/// What a tender's red flags are computed from, as stored: its active bids with their documents
/// (once revealed) and origins.
enum RedFlagStore {
    struct BidRow: Sendable {
        let id: String
        let vendorId: String
        let price: String?
        let document: String?
        let origin: String?
    }

    static func activeBids(_ db: any SQLDatabase, tenderId: String) async throws -> [BidRow] {
        try await db.raw(
            """
            SELECT id, vendor_id, price, document, origin FROM bids
            WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL ORDER BY id
            """
        ).all().map {
            BidRow(
                id: try $0.decode(column: "id", as: String.self), vendorId: try $0.decode(column: "vendor_id", as: String.self),
                price: try $0.decode(column: "price", as: String?.self), document: try $0.decode(column: "document", as: String?.self),
                origin: try $0.decode(column: "origin", as: String?.self))
        }
    }

    struct Dismissal: Sendable {
        let key: String
        let reason: String
        let by: String
        let at: Int64
    }

    static func dismissals(_ db: any SQLDatabase, tenderId: String) async throws -> [String: Dismissal] {
        var out: [String: Dismissal] = [:]
        for row in try await db.raw(
            "SELECT flag_key, reason, dismissed_by, dismissed_at FROM red_flag_dismissals WHERE tender_id = \(bind: tenderId)"
        ).all() {
            let d = Dismissal(
                key: try row.decode(column: "flag_key", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                by: try row.decode(column: "dismissed_by", as: String.self), at: try row.decode(column: "dismissed_at", as: Int64.self))
            out[d.key] = d
        }
        return out
    }

    /// False when the flag was already dismissed.
    static func dismiss(_ tx: any SQLDatabase, tenderId: String, key: String, reason: String, by: String, at ms: Int64) async throws -> Bool
    {
        try await tx.raw(
            """
            INSERT INTO red_flag_dismissals (tender_id, flag_key, reason, dismissed_by, dismissed_at)
            VALUES (\(bind: tenderId), \(bind: key), \(bind: reason), \(bind: by), \(bind: ms))
            ON CONFLICT (tender_id, flag_key) DO NOTHING RETURNING flag_key
            """
        ).first() != nil
    }
}
