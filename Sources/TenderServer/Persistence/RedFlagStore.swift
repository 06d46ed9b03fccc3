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
}
