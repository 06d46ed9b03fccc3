import Foundation
import TenderDomain
import Vapor

/// A vendor's sealed bid: a commitment, stored by the group-committing writer, answered with a
/// receipt signed only after the commitment is durable. The hot path of the deadline rush: the
/// checks here need no lock (the tender comes from the cache); the writer checks the deadline and
/// the vendor's suspension again at the moment of the write.
struct SubmitBid {
    let ctx: UseCaseContext

    struct Receipt: Sendable {
        let payload: String
        let signature: String
        let keyId: String
    }

    func run(tenderId: String, commitment: String, escrow: Escrow? = nil, address: String? = nil, by p: Principal) async throws -> (
        bid: BidRecord, tender: TenderRecord, receipt: Receipt
    ) {
        let app = ctx.app
        let t: TenderRecord
        if let cached = app.tenderCache.get(tenderId, now: app.clock.now) {
            t = cached
        } else {
            t = try await TenderQueries.visible(ctx, id: tenderId)
            app.tenderCache.put(t, now: app.clock.now)
        }
        let phase = t.phase(at: app.clock.now)
        if phase != .bidding {
            if t.status == .published && phase != .cancelled {
                throw StateConflict(.deadlinePassed, "the submission deadline has passed")
            }
            throw StateConflict.wrongPhase(phase, "submit a bid")
        }
        if t.method == .selective, !(try await TenderStore.isInvited(ctx.sql, tenderId: t.id, vendorId: p.userId)) {
            throw APIError(.forbidden, "not_invited", "this selective tender is open to invited vendors only")
        }
        let escrowJSON = try Self.escrowJSON(escrow, tender: t)
        let job = BidWriter.Job(
            tenderId: t.id, vendorId: p.userId, commitment: commitment, escrow: escrowJSON, origin: app.origins.origin(of: address))
        switch try await app.bidWriter.submit(job) {
        case .rejected(let code, let message, let status):
            throw APIError(HTTPResponseStatus(statusCode: Int(status)), code, message)
        case .stored(let bid):
            let payload = TenderDomain.Receipt.payload(
                tenderId: t.id, bidId: bid.id, vendorId: p.userId, commitment: bid.commitment,
                submittedAt: Timestamp.format(milliseconds: bid.submittedAt))
            let signer = app.signer
            return (bid, t, Receipt(payload: payload, signature: try signer.sign(payload), keyId: signer.keyId))
        }
    }

    /// The escrow's stored form: required on a tender with an opening setting (422 `escrow_required`),
    /// refused on one without (422 `invalid_escrow`), and checked against the number of holders.
    static func escrowJSON(_ escrow: Escrow?, tender t: TenderRecord) throws -> String? {
        switch (escrow, t.opening) {
        case (nil, nil): return nil
        case (nil, .some):
            throw RuleViolation(
                .escrowRequired, "this tender opens bids by escrow: send the escrow with the commitment (docs/DESIGN.md §13)",
                field: "escrow")
        case (.some, nil):
            throw RuleViolation(.invalidEscrow, "this tender has no key holders; send the commitment without an escrow", field: "escrow")
        case (.some(let e), .some(let setting)):
            let checked = try e.checked(holders: setting.holders.count)
            return String(decoding: try JSONEncoder().encode(checked), as: UTF8.self)
        }
    }
}
