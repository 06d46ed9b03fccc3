import Foundation
import SQLKit
import TenderDomain

/// A tender as its readers see it: the record and what the caller may know besides.
struct TenderView: Sendable {
    let record: TenderRecord
    /// Staff only: 招标投标法 art. 22 keeps potential bidders' names from everyone else.
    var invitedVendorIds: [String]?
    /// Vendors only, on selective tenders: whether the caller is invited.
    var invited: Bool?
    /// Staff only: who holds the opening keys (the public sees the threshold and their number).
    var openingHolders: [String]?
    /// Detail only.
    var amendments: [AmendmentRecord]?
    var earliestSubmissionDeadline: Deadline?
    var earliestDeadlineForAmendmentNow: Deadline?
}

/// The reads of the tender aggregate, with who may see what.
enum TenderQueries {
    /// A tender the caller may see (`TenderAccess`), else 404 as if it did not exist.
    static func visible(_ ctx: UseCaseContext, id: String) async throws -> TenderRecord {
        guard let t = try await TenderStore.find(ctx.sql, id: id) else { throw APIError.notFound("tender") }
        let p = ctx.principal
        // An evaluator sees the tenders whose committee it sits on, and those it holds an opening key for.
        let related =
            p?.role == .evaluator
            ? (try await CommitteeStore.isMember(ctx.sql, tenderId: t.id, userId: p!.userId)
                || (t.opening?.holders.contains(p!.userId) == true && t.status != .draft))
            : false
        guard TenderAccess.maySee(p?.role, status: t.status, onCommittee: related) else { throw APIError.notFound("tender") }
        return t
    }

    /// The view of a tender; `detail` adds the amendments and the regime's deadlines.
    static func view(_ ctx: UseCaseContext, _ t: TenderRecord, detail: Bool) async throws -> TenderView {
        var v = TenderView(record: t)
        if t.method == .selective, let p = ctx.principal {
            if p.role.isTenderOffice {
                v.invitedVendorIds = try await TenderStore.invitedVendorIds(ctx.sql, tenderId: t.id)
            } else if p.role == .vendor {
                v.invited = try await TenderStore.isInvited(ctx.sql, tenderId: t.id, vendorId: p.userId)
            }
        }
        if let opening = t.opening, ctx.principal?.role.isStaff == true { v.openingHolders = opening.holders }
        guard detail else { return v }
        v.amendments = try await TenderStore.amendments(ctx.sql, tenderId: t.id)
        if let schedule = ctx.schedule(regime: t.regime, timeZone: t.timeZone) {
            let now = ctx.now
            let from = t.publishedAt.map { Timestamp.date(milliseconds: $0) } ?? now
            v.earliestSubmissionDeadline = schedule.earliestSubmissionDeadline(publishedAt: from)
            if t.phase(at: now) == .bidding { v.earliestDeadlineForAmendmentNow = schedule.earliestDeadlineAfterAmendment(at: now) }
        }
        return v
    }

    /// The detail view of a tender the caller may see.
    static func detail(_ ctx: UseCaseContext, id: String) async throws -> TenderView {
        try await view(ctx, try await visible(ctx, id: id), detail: true)
    }

    /// One page of the tenders the caller may see.
    static func list(_ ctx: UseCaseContext, phase: TenderPhase?, text: String?, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [TenderView]
    ) {
        var filter = TenderStore.ListFilter(phase: phase, text: text)
        let p = ctx.principal
        filter.includeDrafts = TenderAccess.maySee(p?.role, status: .draft, onCommittee: false)
        if let p, p.role == .evaluator { filter.committeeMember = p.userId }
        let page = try await TenderStore.list(ctx.sql, filter, now: ctx.nowMillis, limit: limit, offset: offset)
        var items: [TenderView] = []
        for t in page.items { items.append(try await view(ctx, t, detail: false)) }
        return (page.total, items)
    }
}
