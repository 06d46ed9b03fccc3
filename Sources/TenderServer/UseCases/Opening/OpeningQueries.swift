import Foundation
import TenderDomain
import Vapor

/// The reads of an escrowed opening, with who may see what and when.
enum OpeningQueries {
    /// The caller's own opening keys, newest first.
    static func ownKeys(_ ctx: UseCaseContext, of p: Principal) async throws -> [OpeningKeyRecord] {
        try await OpeningStore.keys(ctx.sql, userId: p.userId)
    }

    /// The tender's holders' public keys: the ones fixed at publication, or for a draft (seen by
    /// staff only) the holders' current keys. 404 when the tender opens without escrow.
    static func keys(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> (threshold: Int, holders: [OpeningHolder]) {
        guard let setting = t.opening else { throw APIError.notFound("opening") }
        if t.status != .draft { return (setting.threshold, try await OpeningStore.holders(ctx.sql, tenderId: t.id)) }
        let keys = try await OpeningStore.activeKeys(ctx.sql, userIds: setting.holders)
        let holders = setting.holders.enumerated().compactMap { i, id in
            keys[id].map { OpeningHolder(number: i + 1, userId: id, keyId: $0.id, publicKey: $0.publicKey) }
        }
        return (setting.threshold, holders)
    }

    struct SealedShareItem: Sendable {
        let bidId: String
        let commitment: String
        let number: Int
        let enc: String
        let ct: String
    }

    /// The calling holder's sealed shares of the tender's still-sealed bids, from the submission
    /// deadline on (403 `sealed` before; 403 `not_a_holder` for anyone else).
    static func holderShares(_ ctx: UseCaseContext, tender t: TenderRecord, holder p: Principal) async throws -> [SealedShareItem] {
        guard t.opening != nil else { throw APIError.notFound("opening") }
        if ctx.nowMillis < t.submissionDeadline {
            throw APIError(.forbidden, "sealed", "the sealed shares are handed out from the submission deadline on")
        }
        if t.status == .cancelled { throw StateConflict(.wrongPhase, "the tender was cancelled: its bids are never opened") }
        guard let number = try await OpeningStore.holders(ctx.sql, tenderId: t.id).first(where: { $0.userId == p.userId })?.number else {
            throw APIError(.forbidden, "not_a_holder", "you hold no share of this tender's bids")
        }
        return try await OpeningStore.escrowedBids(ctx.sql, tenderId: t.id).compactMap { bid, escrow in
            guard bid.status == .sealed, let s = escrow.shares.first(where: { $0.number == number }) else { return nil }
            return SealedShareItem(bidId: bid.id, commitment: bid.commitment, number: number, enc: s.enc, ct: s.ct)
        }
    }

    struct PublicBid: Sendable {
        let bid: BidRecord
        let escrow: Escrow
        let shares: [PostedShare]
        let usedShares: [Int]?
    }

    /// Everything needed to redo every escrowed opening, public after the reveal deadline (403
    /// `sealed` before, to everyone: the list tells who bid).
    static func publicRecord(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> (
        threshold: Int, holders: [OpeningHolder], bids: [PublicBid]
    ) {
        guard let setting = t.opening, t.status != .draft else { throw APIError.notFound("opening") }
        if ctx.nowMillis < t.revealDeadline || (t.status == .cancelled && (t.cancelledAt ?? 0) < t.revealDeadline) {
            throw APIError(.forbidden, "sealed", "the opening record is public after the reveal deadline")
        }
        let holders = try await OpeningStore.holders(ctx.sql, tenderId: t.id)
        let shares = try await OpeningStore.shares(ctx.sql, tenderId: t.id)
        let used = try await OpeningStore.usedShares(ctx.sql, tenderId: t.id)
        let bids = try await OpeningStore.escrowedBids(ctx.sql, tenderId: t.id).map { bid, escrow in
            PublicBid(bid: bid, escrow: escrow, shares: shares[bid.id] ?? [], usedShares: used[bid.id])
        }
        return (setting.threshold, holders, bids)
    }
}
