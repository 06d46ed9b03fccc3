import Foundation
import TenderDomain
import Vapor

/// A tender's integrity red flags (docs/DESIGN.md §14), computed from its own data when asked.
enum RedFlagQueries {
    /// Never before the reveal deadline, to anyone (they would tell who bid and how many:
    /// 招标投标法 art. 22): 403 `sealed`. After it: auditors, approvers, procurement and the
    /// tender's committee; vendors, the public and other staff never (403).
    static func requireVisible(_ ctx: UseCaseContext, tender t: TenderRecord) async throws {
        if ctx.nowMillis < t.revealDeadline || t.status == .draft {
            throw APIError(.forbidden, "sealed", "red flags are shown after the reveal deadline")
        }
        guard let p = ctx.principal else { throw APIError.unauthorized() }
        if [.auditor, .approver, .procurement].contains(p.role) { return }
        if p.role == .evaluator, try await CommitteeStore.isMember(ctx.sql, tenderId: t.id, userId: p.userId) { return }
        throw APIError.forbidden("red flags are for auditors, approvers, procurement and the tender's committee")
    }

    static func forTender(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> [(
        flag: RedFlag, dismissal: RedFlagStore.Dismissal?
    )] {
        try await requireVisible(ctx, tender: t)
        let dismissals = try await RedFlagStore.dismissals(ctx.sql, tenderId: t.id)
        let facts = try await facts(ctx, tender: t)
        // Up to a fifth of a second at 1,000 bids (the similarity): on the CPU-bound pool, not an event loop.
        let flags = try await ctx.app.passwordPool.runIfActive { TenderRedFlags.compute(facts) }
        return flags.map { ($0, dismissals[$0.key]) }
    }

    static func facts(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> TenderFacts {
        let rows = try await RedFlagStore.activeBids(ctx.sql, tenderId: t.id)
        var disqualified: [String: Bool] = [:]
        if let final = try await EvaluationStore.final(ctx.sql, tenderId: t.id) {
            for e in try final.response().ranking { disqualified[e.bidId] = e.rank == nil }
        }
        let bids = rows.map { r in
            TenderFacts.Bid(
                id: r.id, vendorId: r.vendorId, cents: r.price.flatMap(Money.init)?.cents, proposal: r.document.flatMap(proposal),
                origin: r.origin, disqualified: disqualified[r.id])
        }
        let vendors = try await VendorStore.some(ctx.sql, ids: Array(Set(rows.map(\.vendorId)))).map {
            TenderFacts.Vendor(id: $0.id, phone: $0.phone, contactName: $0.contactName, address: $0.address)
        }
        var earliest: Date?
        if let published = t.publishedAt, let schedule = ctx.schedule(regime: t.regime, timeZone: t.timeZone) {
            earliest = schedule.earliestSubmissionDeadline(publishedAt: Timestamp.date(milliseconds: published)).at
        }
        let amendments = try await TenderStore.amendments(ctx.sql, tenderId: t.id).compactMap { a -> TenderFacts.Amendment? in
            guard let change = a.changes.first(where: { $0.field == "submissionDeadline" }), let from = Timestamp.parse(change.from),
                let to = Timestamp.parse(change.to)
            else { return nil }
            return TenderFacts.Amendment(
                number: Int(a.number), at: Timestamp.date(milliseconds: a.createdAt), deadlineBefore: from, deadlineAfter: to)
        }
        let winner = try await AwardStore.standing(ctx.sql, tenderId: t.id)?.bidId
        return TenderFacts(
            bids: bids, vendors: vendors, submissionDeadline: Timestamp.date(milliseconds: t.submissionDeadline), earliestAllowed: earliest,
            amendments: amendments, winnerBidId: winner)
    }

    /// The `proposal` of a revealed bid document.
    static func proposal(_ document: String) -> String? {
        guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(document.utf8)),
            case .string(let p)? = o["proposal"]
        else { return nil }
        return p
    }
}
