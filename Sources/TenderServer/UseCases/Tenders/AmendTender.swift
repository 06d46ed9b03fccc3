import Foundation
import TenderDomain

/// An amendment after publication, during bidding only. 招标投标法 art. 23: it must come at least
/// the regime's clarification lead before the submission deadline, else the deadline must move
/// out. It voids the sealed bids (docs/DESIGN.md §4): their vendors commit again.
struct AmendTender {
    let ctx: UseCaseContext

    /// `merge` builds the amended fields from the stored ones (regime, method and time zone stay).
    func run(id: String, reason: String, by p: Principal, fields merge: (TenderFields) throws -> TenderFields) async throws -> TenderRecord
    {
        let now = ctx.now
        let t = try await TenderStore.get(ctx.sql, id: id)
        let phase = t.phase(at: now)
        guard phase == .bidding else {
            if phase == .draft { throw StateConflict.wrongPhase(phase, "amend a draft (edit it with PATCH)") }
            throw StateConflict.wrongPhase(phase, "amend")
        }
        let fields = try merge(t.fields)
        let changes = Self.changes(from: t.fields, to: fields)
        guard !changes.isEmpty else { throw APIError.invalid("no_changes", "the amendment changes nothing", field: nil) }
        try await ctx.checkReferencePrice(fields, requestId: t.requestId)
        if let schedule = ctx.schedule(regime: fields.regime, timeZone: fields.timeZone) {
            try schedule.validateAmendment(
                submission: Timestamp.date(milliseconds: fields.submissionDeadline),
                reveal: Timestamp.date(milliseconds: fields.revealDeadline),
                publishedAt: Timestamp.date(milliseconds: t.publishedAt ?? t.createdAt), now: now)
        }
        let nowMs = Timestamp.milliseconds(now)
        var amended = t
        amended.title = fields.title
        amended.description = fields.description
        amended.category = fields.category
        amended.budget = fields.budget
        amended.currency = fields.currency
        amended.submissionDeadline = fields.submissionDeadline
        amended.revealDeadline = fields.revealDeadline
        amended.criteria = fields.criteria
        amended.updatedAt = nowMs
        amended.amendmentCount = t.amendmentCount + 1
        let record = amended
        let changesJSON = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        let amendment = AmendmentRecord(
            number: record.amendmentCount, reason: reason, changes: changes, createdAt: nowMs, changesJSON: changesJSON)
        return try await ctx.transaction { tx in
            // A concurrent amendment or cancellation since the tender was read wins.
            let locked = try await TenderStore.lock(tx, id: id)
            guard locked.status == .published, locked.amendmentCount == t.amendmentCount, locked.submissionDeadline > nowMs else {
                throw StateConflict(.wrongPhase, "the tender changed meanwhile; reload and retry")
            }
            try await TenderStore.updateFields(tx, record)
            try await BidStore.voidSealed(tx, tenderId: id, at: nowMs)
            try await TenderStore.insertAmendment(tx, tenderId: id, amendment, by: p.userId)
            // Says nothing about voided bids: their number is secret until the deadline.
            try await AuditStore.append(
                tx, at: nowMs, actor: p.userId, action: .tenderAmended, tenderId: id,
                details: [
                    "number": String(record.amendmentCount), "reason": reason, "changes": changesJSON,
                ])
            return try await TenderStore.get(tx, id: id)
        }
    }

    /// What an amendment changes, field by field, in the order of the tender's fields.
    static func changes(from a: TenderFields, to b: TenderFields) -> [AmendmentRecord.Change] {
        var out: [AmendmentRecord.Change] = []
        func add(_ field: String, _ x: String, _ y: String) { if x != y { out.append(.init(field: field, from: x, to: y)) } }
        add("title", a.title, b.title)
        add("description", a.description, b.description)
        add("category", a.category, b.category)
        add("budget", "\(a.budget) \(a.currency)", "\(b.budget) \(b.currency)")
        add(
            "submissionDeadline", Timestamp.format(milliseconds: a.submissionDeadline), Timestamp.format(milliseconds: b.submissionDeadline)
        )
        add("revealDeadline", Timestamp.format(milliseconds: a.revealDeadline), Timestamp.format(milliseconds: b.revealDeadline))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        add(
            "criteria", String(decoding: (try? encoder.encode(a.criteria)) ?? Data(), as: UTF8.self),
            String(decoding: (try? encoder.encode(b.criteria)) ?? Data(), as: UTF8.self))
        return out
    }
}
