import Foundation
import TenderDomain

/// A new tender draft, by procurement.
struct CreateTender {
    let ctx: UseCaseContext

    func run(_ fields: TenderFields, invitedVendorIds: [String]?, opening: OpeningSetting? = nil, by p: Principal) async throws
        -> TenderRecord
    {
        try ctx.checkSchedule(fields, publishAt: ctx.now)
        let invited = try await TenderInvitations.validate(invitedVendorIds, method: fields.method, db: ctx.sql)
        if let opening { try await ctx.checkOpening(opening) }
        var record = TenderRecord(id: newID(), fields: fields, createdBy: p.userId, now: ctx.nowMillis)
        record.opening = opening
        try await ctx.transaction { [record] tx in
            try await TenderStore.insert(tx, record)
            if let opening { try await OpeningStore.setSetting(tx, tenderId: record.id, opening) }
            try await TenderStore.invite(tx, tenderId: record.id, vendorIds: invited)
            try await AuditStore.append(
                tx, at: record.createdAt, actor: p.userId, action: .tenderCreated, tenderId: record.id, details: ["title": record.title])
        }
        return record
    }
}

extension UseCaseContext {
    /// Deadlines checked as if the tender were published at `publishAt`: the reveal window, and the
    /// regime's minimum bidding period (in working days where the regime says so).
    func checkSchedule(_ f: TenderFields, publishAt: Date) throws {
        guard let schedule = schedule(regime: f.regime, timeZone: f.timeZone) else { return }
        try schedule.validate(
            submission: Timestamp.date(milliseconds: f.submissionDeadline), reveal: Timestamp.date(milliseconds: f.revealDeadline),
            publishedAt: publishAt)
    }
}
