import Foundation
import SQLKit
import TenderDomain

/// A row of `bids`.
struct BidRecord: Sendable {
    var id: String
    var tenderId: String
    var vendorId: String
    var commitment: String
    var status: BidStatus
    var submittedAt: Int64
    var endedAt: Int64?
    var price: String?
    var problems: [String]?
    var revealedAt: Int64?
    /// Who opened it: the vendor (its reveal) or the key holders (escrow, docs/DESIGN.md §13).
    var openedBy: OpenedBy?

    enum OpenedBy: String, Sendable {
        case vendor, escrow
    }

    static let columns: SQLQueryString =
        "id, tender_id, vendor_id, commitment, status, submitted_at, ended_at, price, problems, revealed_at, opened_by"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        tenderId = try row.decode(column: "tender_id", as: String.self)
        vendorId = try row.decode(column: "vendor_id", as: String.self)
        commitment = try row.decode(column: "commitment", as: String.self)
        status = BidStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .invalid
        submittedAt = try row.decode(column: "submitted_at", as: Int64.self)
        endedAt = try row.decode(column: "ended_at", as: Int64?.self)
        price = try row.decode(column: "price", as: String?.self)
        problems = try row.decode(column: "problems", as: String?.self).flatMap {
            try? JSONDecoder().decode([String].self, from: Data($0.utf8))
        }
        revealedAt = try row.decode(column: "revealed_at", as: Int64?.self)
        openedBy = try row.decode(column: "opened_by", as: String?.self).flatMap(OpenedBy.init(rawValue:))
    }

    init(id: String, tenderId: String, vendorId: String, commitment: String, status: BidStatus, submittedAt: Int64) {
        self.id = id
        self.tenderId = tenderId
        self.vendorId = vendorId
        self.commitment = commitment
        self.status = status
        self.submittedAt = submittedAt
    }

    /// A bid still sealed at the reveal deadline is `unrevealed` (derived, no timer needed).
    func displayStatus(tender: TenderRecord, now: Int64) -> String {
        status.display(tenderPublished: tender.status == .published, revealDeadlinePassed: now >= tender.revealDeadline)
    }
}
