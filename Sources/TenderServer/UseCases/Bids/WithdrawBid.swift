import Foundation
import TenderDomain

/// A vendor withdraws its sealed bid before the submission deadline.
struct WithdrawBid {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, bid b: BidRecord) async throws -> BidRecord {
        let clock = ctx.app.clock
        let tenderId = t.id
        let id = b.id
        let withdrawn = try await ctx.transaction { tx -> Bool in
            let now = Timestamp.milliseconds(clock.now)
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.submissionDeadline > now else { throw StateConflict(.deadlinePassed, "the submission deadline has passed") }
            return try await BidStore.withdraw(tx, id: id, at: now)
        }
        guard withdrawn else {
            throw APIError.conflict("bid_not_active", "only a sealed, active bid can be withdrawn (this one is \(b.status.rawValue))")
        }
        return try await BidStore.find(ctx.sql, id: id, tenderId: tenderId)!
    }
}
