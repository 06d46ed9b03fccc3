import Foundation
import SQLKit
import TenderDomain

/// Opens a sealed bid in the revealing phase: the salt and the document must hash to the
/// commitment; the document is then checked (`BidDocument`) and the bid becomes `revealed` or
/// `invalid` with its problems. The one place a bid is opened: a vendor's own reveal (`run`) and the
/// key holders' escrowed opening (`OpenEscrowedBids`) both judge and record through it, each with
/// its own audit action.
struct RevealBid {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, bid b: BidRecord, salt: String, document text: String, actor: String) async throws -> BidRecord {
        let now = ctx.nowMillis
        try Self.checkRevealing(t, at: now)
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
        let outcome = Self.judge(t, document: text)
        try await ctx.transaction { tx in
            // A cancellation that committed since the phase check above ends the reveal.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            try Self.checkRevealing(locked, at: now)
            guard
                try await Self.record(
                    tx, tender: locked, bidId: bidId, salt: salt, document: text, outcome: outcome, openedBy: .vendor, actor: actor, at: now
                )
            else { throw APIError.conflict("already_revealed", "the bid was revealed meanwhile") }
        }
        return try await BidStore.find(ctx.sql, id: bidId, tenderId: tenderId)!
    }

    /// What an opened bid is: `revealed` with its price when the document is valid, else `invalid`
    /// with the document's problems.
    struct Outcome: Sendable {
        let status: BidStatus
        let price: String?
        let problems: [String]?

        var problemsJSON: String? { problems.map { String(decoding: try! JSONEncoder().encode($0), as: UTF8.self) } }
    }

    static func judge(_ t: TenderRecord, document text: String) -> Outcome {
        let qualificationKeys = t.criteria.filter { $0.type == .qualification }.map(\.key)
        switch BidDocument.validate(Data(text.utf8), currency: t.currency, qualificationKeys: qualificationKeys) {
        case .success(let doc): return Outcome(status: .revealed, price: doc.price.description, problems: nil)
        case .failure(let p): return Outcome(status: .invalid, price: nil, problems: p.items)
        }
    }

    /// Openings happen in the revealing phase only (checked again on the locked tender).
    static func checkRevealing(_ t: TenderRecord, at now: Int64) throws {
        let phase = t.phase(at: Timestamp.date(milliseconds: now))
        guard phase == .revealing else {
            if phase == .evaluating, t.status == .published { throw StateConflict(.deadlinePassed, "the reveal deadline has passed") }
            throw StateConflict.wrongPhase(phase, "reveal")
        }
    }

    /// Records an opening in `tx` with its audit entry (`bid.revealed` by the vendor,
    /// `bid.opened_by_escrow` by the holders); false when the bid is no longer sealed.
    static func record(
        _ tx: any SQLDatabase, tender t: TenderRecord, bidId: String, salt: String?, document: String?, outcome: Outcome,
        openedBy: BidRecord.OpenedBy, actor: String, at now: Int64
    ) async throws -> Bool {
        guard
            let entry = try await store(
                tx, tender: t, bidId: bidId, salt: salt, document: document, outcome: outcome, openedBy: openedBy, actor: actor, at: now)
        else { return false }
        try await AuditStore.append(
            tx, at: entry.at, actor: entry.actor, action: entry.action, tenderId: entry.tenderId, details: entry.details)
        return true
    }

    /// The opening's row change; answers its audit entry for the caller to append (many at once),
    /// nil when the bid is no longer sealed.
    static func store(
        _ tx: any SQLDatabase, tender t: TenderRecord, bidId: String, salt: String?, document: String?, outcome: Outcome,
        openedBy: BidRecord.OpenedBy, openedWith: [Int]? = nil, actor: String, at now: Int64
    ) async throws -> AuditStore.NewEntry? {
        guard
            try await BidStore.reveal(
                tx, id: bidId, status: outcome.status, salt: salt, document: document, price: outcome.price,
                problemsJSON: outcome.problemsJSON, openedBy: openedBy, openedWith: openedWith?.map(String.init).joined(separator: ","),
                at: now, deadline: t.revealDeadline)
        else { return nil }
        var details = ["bidId": bidId, "status": outcome.status.rawValue, "price": outcome.price ?? ""]
        if openedBy == .escrow, let problems = outcome.problems { details["problems"] = problems.joined(separator: "; ") }
        return AuditStore.NewEntry(
            at: now, actor: actor, action: openedBy == .vendor ? .bidRevealed : .bidOpenedByEscrow, tenderId: t.id, details: details)
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
