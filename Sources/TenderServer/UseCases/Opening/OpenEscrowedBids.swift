import Foundation
import TenderDomain
import Vapor

/// A holder posts the shares it opened on its own client (docs/DESIGN.md §13). Each share is checked
/// against the hash the vendor put in its escrow; once a still-sealed bid has `threshold` shares,
/// the server rebuilds the key and opens the bid through `RevealBid` as if its vendor had revealed
/// it, or marks it `invalid` (`escrow_invalid`) when the vendor's escrow does not open.
struct OpenEscrowedBids {
    let ctx: UseCaseContext

    struct Posted: Sendable {
        let bidId: String
        let share: String
    }

    struct BidState: Sendable {
        let bid: BidRecord
        let sharesPosted: Int
    }

    static let maximumShares = 5000

    func run(tender t: TenderRecord, shares posted: [Posted], by p: Principal) async throws -> [BidState] {
        let now = ctx.nowMillis
        try Self.checkOpenable(t, at: now)
        guard let setting = t.opening else { throw APIError.notFound("opening") }
        let holders = try await OpeningStore.holders(ctx.sql, tenderId: t.id)
        guard let number = holders.first(where: { $0.userId == p.userId })?.number else {
            throw APIError(.forbidden, "not_a_holder", "you hold no share of this tender's bids")
        }
        guard !posted.isEmpty, posted.count <= Self.maximumShares else {
            throw APIError.invalid("invalid_field", "shares must list 1 to \(Self.maximumShares) shares", field: "shares")
        }
        guard Set(posted.map(\.bidId)).count == posted.count else {
            throw APIError.invalid("invalid_field", "each bid may appear once in shares", field: "shares")
        }
        let escrowed = Dictionary(
            try await OpeningStore.escrowedBids(ctx.sql, tenderId: t.id).map { ($0.bid.id, $0) }, uniquingKeysWith: { a, _ in a })
        var shares: [(bidId: String, bytes: [UInt8])] = []
        for s in posted {
            guard let bytes = Commitment.bytes(hex: s.share), bytes.count == 32, s.share == Commitment.hex(bytes) else {
                throw APIError.invalid(
                    "invalid_field", "share of bid \(s.bidId) must be 64 lowercase hex characters (32 bytes)", field: "shares")
            }
            guard let entry = escrowed[s.bidId] else { throw APIError.notFound("escrowed bid \(s.bidId)") }
            guard entry.escrow.matches(share: bytes, number: number) else {
                try await recordMismatch(tender: t, bidId: s.bidId, number: number, holder: p.userId, at: now)
                throw RuleViolation(
                    .shareMismatch,
                    "the share posted for bid \(s.bidId) is not the one the vendor sealed to holder \(number) (its SHA-256 differs); "
                        + "nothing from this request was stored", field: "shares")
            }
            shares.append((s.bidId, bytes))
        }
        let tenderId = t.id
        let holder = p.userId
        let toStore = shares
        return try await ctx.transaction { tx in
            let locked = try await TenderStore.lock(tx, id: tenderId)
            try Self.checkOpenable(locked, at: now)
            let rows = toStore.map {
                PostedShare(bidId: $0.bidId, number: number, holderId: holder, share: Commitment.hex($0.bytes), postedAt: now)
            }
            let added = try await OpeningStore.insertShares(tx, rows)
            var audit = [
                AuditStore.NewEntry(
                    at: now, actor: holder, action: .openingSharesPosted, tenderId: tenderId,
                    details: ["holder": String(number), "shares": String(toStore.count), "new": String(added)])
            ]
            // Holders post one share per bid per request and requests take turns on the tender's
            // row, so a bid reaches the threshold here with exactly `threshold` shares.
            let all = try await OpeningStore.shares(tx, tenderId: tenderId)
            for s in toStore {
                guard let entry = escrowed[s.bidId], entry.bid.status == .sealed else { continue }
                let bidShares = all[s.bidId] ?? []
                guard bidShares.count >= setting.threshold else { continue }
                let used = Array(bidShares.prefix(setting.threshold))
                let outcome = Self.open(entry.escrow, shares: used, tender: locked, bid: entry.bid)
                if let opened = try await RevealBid.store(
                    tx, tender: locked, bidId: entry.bid.id, salt: outcome.envelope?.salt, document: outcome.envelope?.document,
                    outcome: outcome.result, openedBy: .escrow, openedWith: used.map(\.number), actor: holder, at: now)
                {
                    audit.append(opened)
                }
            }
            try await AuditStore.appendAll(tx, audit)
            let bids = Dictionary(
                try await BidStore.some(tx, tenderId: tenderId, ids: toStore.map(\.bidId)).map { ($0.id, $0) },
                uniquingKeysWith: { a, _ in a })
            return toStore.compactMap { s in bids[s.bidId].map { BidState(bid: $0, sharesPosted: all[s.bidId]?.count ?? 0) } }
        }
    }

    /// Rebuilds and checks; an escrow that does not open makes the bid `invalid` (`escrow_invalid`).
    static func open(_ escrow: Escrow, shares: [PostedShare], tender t: TenderRecord, bid: BidRecord) -> (
        result: RevealBid.Outcome, envelope: EscrowOpening.Envelope?
    ) {
        let points = shares.map { Shamir.Share(number: UInt8($0.number), bytes: Commitment.bytes(hex: $0.share) ?? []) }
        switch EscrowOpening.open(escrow, shares: points, tenderId: t.id, vendorId: bid.vendorId, commitment: bid.commitment) {
        case .success(let envelope): return (RevealBid.judge(t, document: envelope.document), envelope)
        case .failure(let failure):
            return (RevealBid.Outcome(status: .invalid, price: nil, problems: ["escrow_invalid: \(failure)"]), nil)
        }
    }

    /// Shares are posted from the submission deadline (403 `sealed` before) and until the reveal
    /// deadline, like a vendor's reveal (409 `deadline_passed` after).
    static func checkOpenable(_ t: TenderRecord, at now: Int64) throws {
        if t.status == .published, now < t.submissionDeadline {
            throw APIError(.forbidden, "sealed", "shares are posted from the submission deadline on")
        }
        try RevealBid.checkRevealing(t, at: now)
    }

    /// Audited in its own transaction (the request fails): a holder whose share does not match.
    private func recordMismatch(tender t: TenderRecord, bidId: String, number: Int, holder: String, at now: Int64) async throws {
        let tenderId = t.id
        try await ctx.transaction { tx in
            try await AuditStore.append(
                tx, at: now, actor: holder, action: .openingShareMismatch, tenderId: tenderId,
                details: ["bidId": bidId, "holder": String(number)])
        }
    }
}
