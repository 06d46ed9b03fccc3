import Foundation
import TenderDomain

/// The reads of bids, with who may see what (`TenderAccess`).
enum BidQueries {
    /// One bid, if the caller may see it; 404 otherwise, as if it did not exist.
    static func visible(_ ctx: UseCaseContext, tender t: TenderRecord, id: String) async throws -> BidRecord {
        guard let b = try await BidStore.find(ctx.sql, id: id, tenderId: t.id) else { throw APIError.notFound("bid") }
        let p = ctx.principal
        guard
            TenderAccess.maySeeBid(
                p?.role, isOwner: p?.userId == b.vendorId, submissionDeadlinePassed: ctx.nowMillis >= t.submissionDeadline)
        else {
            throw APIError.notFound("bid")
        }
        return b
    }

    /// The caller's own bid; 404 for anyone else's.
    static func own(_ ctx: UseCaseContext, tender t: TenderRecord, id: String, vendor: Principal) async throws -> BidRecord {
        guard let b = try await BidStore.find(ctx.sql, id: id, tenderId: t.id), b.vendorId == vendor.userId else {
            throw APIError.notFound("bid")
        }
        return b
    }

    /// The active bids of a closed tender with their vendors' names, sorted by commitment (the
    /// leaves of the RFC 6962 tree); 403 `sealed` before the deadline and for a cancelled tender.
    static func commitments(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> [(bid: BidRecord, vendorName: String)] {
        if let why = TenderAccess.commitmentsSealed(status: t.status, submissionDeadlinePassed: ctx.nowMillis >= t.submissionDeadline) {
            throw APIError(.forbidden, "sealed", why)
        }
        return try await BidStore.activeWithVendorNames(ctx.sql, tenderId: t.id)
    }

    /// The vendor's bids across tenders with their tenders, newest first.
    static func ofVendor(_ ctx: UseCaseContext, vendorId: String, activeOnly: Bool, limit: Int, offset: Int) async throws
        -> (total: Int64, items: [(bid: BidRecord, tender: TenderRecord)])
    {
        let page = try await BidStore.ofVendor(ctx.sql, vendorId: vendorId, activeOnly: activeOnly, limit: limit, offset: offset)
        let tenders = try await TenderStore.byId(ctx.sql, ids: Array(Set(page.items.map(\.tenderId))))
        return (page.total, page.items.compactMap { b in tenders[b.tenderId].map { (b, $0) } })
    }
}
