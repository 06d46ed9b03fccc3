import Foundation
import TenderDomain

/// Opens a sealed bid in the revealing phase: the salt and the document must hash to the
/// commitment; the document is then checked (`BidDocument`) and the bid becomes `revealed` or
/// `invalid` with its problems. The one place a bid is opened: a vendor's own reveal uses it, and
/// so will any other opening (the escrowed one), with its own audit action.
struct RevealBid {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, bid b: BidRecord, salt: String, document text: String, actor: String) async throws -> BidRecord {
        let now = ctx.nowMillis
        let phase = t.phase(at: Timestamp.date(milliseconds: now))
        switch phase {
        case .revealing: break
        case .evaluating where t.status == .published: throw StateConflict(.deadlinePassed, "the reveal deadline has passed")
        default: throw StateConflict.wrongPhase(phase, "reveal")
        }
        guard b.status == .sealed else {
            if b.status.isRevealed { throw APIError.conflict("already_revealed", "the bid has already been revealed") }
            throw APIError.conflict("bid_not_active", "only the active bid can be revealed (this one is \(b.status.rawValue))")
        }
        guard Commitment.isValidSalt(salt) else {
            throw APIError.invalid("invalid_salt", "salt must be 32 to 128 lowercase hex characters", field: "salt")
        }
        let document = Data(text.utf8)
        let tenderId = t.id
        let bidId = b.id
        guard Commitment.compute(tenderId: t.id, vendorId: b.vendorId, salt: salt, document: document) == b.commitment else {
            try await recordMismatch(tenderId: tenderId, bidId: bidId, actor: actor, at: now)
            throw APIError.invalid(
                "commitment_mismatch", "salt and document do not hash to the commitment; check them and retry before the reveal deadline")
        }
        let qualificationKeys = t.criteria.filter { $0.type == .qualification }.map(\.key)
        let status: BidStatus
        var price: String?
        var problems: String?
        switch BidDocument.validate(document, currency: t.currency, qualificationKeys: qualificationKeys) {
        case .success(let doc):
            status = .revealed
            price = doc.price.description
        case .failure(let p):
            status = .invalid
            problems = String(decoding: try JSONEncoder().encode(p.items), as: UTF8.self)
        }
        let revealDeadline = t.revealDeadline
        let (price0, problems0) = (price, problems)
        try await ctx.transaction { tx in
            // A cancellation that committed since the phase check above ends the reveal.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
            guard phaseNow == .revealing else {
                if phaseNow == .evaluating, locked.status == .published {
                    throw StateConflict(.deadlinePassed, "the reveal deadline has passed")
                }
                throw StateConflict.wrongPhase(phaseNow, "reveal")
            }
            guard
                try await BidStore.reveal(
                    tx, id: bidId, status: status, salt: salt, document: text, price: price0, problemsJSON: problems0, at: now,
                    deadline: revealDeadline)
            else { throw APIError.conflict("already_revealed", "the bid was revealed meanwhile") }
            try await AuditStore.append(
                tx, at: now, actor: actor, action: .bidRevealed, tenderId: tenderId,
                details: [
                    "bidId": bidId, "status": status.rawValue, "price": price0 ?? "",
                ])
        }
        return try await BidStore.find(ctx.sql, id: bidId, tenderId: tenderId)!
    }

    /// Audited (after the deadline, so nothing secret is told): the vendor may retry. Every failure
    /// is counted on the bid; the chain gets the 1st, 2nd, 4th, 8th… with the count, so a client
    /// retrying in a loop cannot grow the log by one entry per request.
    private func recordMismatch(tenderId: String, bidId: String, actor: String, at now: Int64) async throws {
        try await ctx.transaction { tx in
            let failures = try await BidStore.countRevealFailure(tx, id: bidId)
            if Self.auditsRevealFailure(failures) {
                try await AuditStore.append(
                    tx, at: now, actor: actor, action: .bidRevealMismatch, tenderId: tenderId,
                    details: [
                        "bidId": bidId, "failures": String(failures),
                    ])
            }
        }
        ctx.logger.notice("reveal mismatch", metadata: ["tender": .string(tenderId)])
    }

    /// Whether the `n`th failed reveal of a bid goes into the audit chain: powers of two.
    static func auditsRevealFailure(_ n: Int64) -> Bool { n > 0 && n & (n - 1) == 0 }
}
