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

    static let columns: SQLQueryString = "id, tender_id, bid_id, vendor_id, price, candidate_rank, justification, awarded_at, standstill_ends_at, revoked_at"

    init(id: String, tenderId: String, bidId: String, vendorId: String, price: String, candidateRank: Int, justification: String?, awardedAt: Int64,
         standstillEndsAt: Int64) {
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

/// A row of `objections`, with its reply obligation's due time.
struct ObjectionRecord: Sendable {
    let id: String
    let tenderId: String
    let awardId: String
    let vendorId: String
    let text: String
    let filedAt: Int64
    let replyDueAt: Int64
    let decision: String?
    let response: String?
    let resolvedAt: Int64?
}

/// A row of `contracts`: the signature and, once filed, the filing.
struct ContractRecord: Sendable {
    let tenderId: String
    let awardId: String
    let signedAt: Int64
    let amount: String
    let documentSha256: String
    let supervisorId: String?
    let dueAt: Int64
    let late: Bool
    let filingDueAt: Int64
    let filing: Filing?

    struct Filing: Sendable {
        let reference: String
        let authority: String
        let filedAt: Int64
        let late: Bool
    }

    static let columns: SQLQueryString = """
        tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, filing_reference, filing_authority, filed_at, filing_due_at, filing_late
        """

    init(row: any SQLRow) throws {
        tenderId = try row.decode(column: "tender_id", as: String.self)
        awardId = try row.decode(column: "award_id", as: String.self)
        signedAt = try row.decode(column: "signed_at", as: Int64.self)
        amount = try row.decode(column: "amount", as: String.self)
        documentSha256 = try row.decode(column: "document_sha256", as: String.self)
        supervisorId = try row.decode(column: "supervisor_id", as: String?.self)
        dueAt = try row.decode(column: "due_at", as: Int64.self)
        late = try row.decode(column: "late", as: Int64.self) == 1
        filingDueAt = try row.decode(column: "filing_due_at", as: Int64.self)
        filing = try row.decode(column: "filed_at", as: Int64?.self).map { filed in
            Filing(
                reference: try row.decode(column: "filing_reference", as: String.self), authority: try row.decode(column: "filing_authority", as: String.self),
                filedAt: filed, late: try row.decode(column: "filing_late", as: Int64?.self) == 1)
        }
    }
}
