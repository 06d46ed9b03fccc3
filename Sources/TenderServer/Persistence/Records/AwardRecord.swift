import Foundation
import SQLKit
import TenderDomain

/// A row of `awards`. `active_tender` is set while the award stands (one per tender, unique).
struct AwardRecord: Sendable {
    let id: String
    let tenderId: String
    let bidId: String
    let vendorId: String
    let price: String
    let candidateRank: Int
    let justification: String?
    let awardedAt: Int64
    let standstillEndsAt: Int64
    let revokedAt: Int64?

    static let columns: SQLQueryString =
        "id, tender_id, bid_id, vendor_id, price, candidate_rank, justification, awarded_at, standstill_ends_at, revoked_at"

    init(
        id: String, tenderId: String, bidId: String, vendorId: String, price: String, candidateRank: Int, justification: String?,
        awardedAt: Int64,
        standstillEndsAt: Int64
    ) {
        self.id = id
        self.tenderId = tenderId
        self.bidId = bidId
        self.vendorId = vendorId
        self.price = price
        self.candidateRank = candidateRank
        self.justification = justification
        self.awardedAt = awardedAt
        self.standstillEndsAt = standstillEndsAt
        self.revokedAt = nil
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        tenderId = try row.decode(column: "tender_id", as: String.self)
        bidId = try row.decode(column: "bid_id", as: String.self)
        vendorId = try row.decode(column: "vendor_id", as: String.self)
        price = try row.decode(column: "price", as: String.self)
        candidateRank = Int(try row.decode(column: "candidate_rank", as: Int64.self))
        justification = try row.decode(column: "justification", as: String?.self)
        awardedAt = try row.decode(column: "awarded_at", as: Int64.self)
        standstillEndsAt = try row.decode(column: "standstill_ends_at", as: Int64.self)
        revokedAt = try row.decode(column: "revoked_at", as: Int64?.self)
    }
}
