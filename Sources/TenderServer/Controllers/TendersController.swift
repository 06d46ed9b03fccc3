import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

struct TendersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("tenders", use: create)
        routes.get("tenders", use: list)
        routes.get("tenders", ":tenderId", use: show)
        routes.patch("tenders", ":tenderId", use: update)
        routes.post("tenders", ":tenderId", "publish", use: publish)
        routes.post("tenders", ":tenderId", "amendments", use: amend)
        routes.post("tenders", ":tenderId", "cancel", use: cancel)
    }

    // MARK: reading

    /// A tender the caller may see: drafts only for staff, everything else for everyone.
    static func visibleTender(_ req: Request) async throws -> TenderRecord {
        let id = try pathID(req, "tenderId", "tender")
        guard let t = try await TenderRecord.find(req.sql, id: id) else { throw APIError.notFound("tender") }
        if t.status == .draft && !(req.principal?.role.isStaff ?? false) { throw APIError.notFound("tender") }
        // An evaluator sees only the tenders whose committee it sits on.
        if let p = req.principal, p.role == .evaluator, try await !CommitteeStore.isMember(req.sql, tenderId: t.id, userId: p.userId) {
            throw APIError.notFound("tender")
        }
        return t
    }

    static func respond(_ t: TenderRecord, req: Request, detail: Bool) async throws -> TenderResponse {
        let now = req.tender.clock.now
        var invitedIds: [String]?
        var invited: Bool?
        let role = req.principal?.role
        if t.method == "selective" {
            if role?.isStaff == true {
                invitedIds = try await req.sql.raw("SELECT vendor_id FROM tender_invitations WHERE tender_id = \(bind: t.id) ORDER BY vendor_id")
                    .all().map { try $0.decode(column: "vendor_id", as: String.self) }
            } else if role == .vendor, let p = req.principal {
                invited = try await isInvited(req.sql, tenderId: t.id, vendorId: p.userId)
            }
        }
        guard detail else { return TenderResponse(t, now: now, invitedVendorIds: invitedIds, invited: invited) }
        let amendments = try await req.sql.raw("""
            SELECT number, reason, changes, created_at FROM amendments WHERE tender_id = \(bind: t.id) ORDER BY number
            """).all().map { row in
            AmendmentResponse(
                number: try row.decode(column: "number", as: Int64.self), reason: try row.decode(column: "reason", as: String.self),
                changes: (try? JSONDecoder().decode([AmendmentResponse.Change].self, from: Data(try row.decode(column: "changes", as: String.self).utf8))) ?? [],
                createdAt: Timestamp.format(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
        }
        var deadlines: TenderResponse.Deadlines?
        if let schedule = req.tender.schedule(regime: t.regime, timeZone: TimeZone(identifier: t.timeZone) ?? req.tender.config.timeZone) {
            let from = t.publishedAt.map { Timestamp.date(milliseconds: $0) } ?? now
            let phase = t.phase(at: now)
            deadlines = .init(
                earliestSubmissionDeadline: DeadlineResponse(schedule.earliestSubmissionDeadline(publishedAt: from)),
                earliestDeadlineForAmendmentNow: phase == .bidding ? DeadlineResponse(schedule.earliestDeadlineAfterAmendment(at: now)) : nil)
        }
        return TenderResponse(t, now: now, invitedVendorIds: invitedIds, invited: invited, amendments: amendments, deadlines: deadlines)
    }

    static func isInvited(_ db: any SQLDatabase, tenderId: String, vendorId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM tender_invitations WHERE tender_id = \(bind: tenderId) AND vendor_id = \(bind: vendorId)").first() != nil
    }

    @Sendable func show(req: Request) async throws -> TenderResponse {
        try await Self.respond(try await Self.visibleTender(req), req: req, detail: true)
    }

    /// Paged list; `phase` is translated into conditions on the stored deadlines, so that paging
    /// and counts happen in the database; `q` searches title, description and category.
    @Sendable func list(req: Request) async throws -> TenderList {
        let page = try PageRequest(req)
        let now = req.tender.nowMillis
        var conditions: [SQLQueryString] = []
        if !(req.principal?.role.isStaff ?? false) { conditions.append("status <> 'draft'") }
        if let p = req.principal, p.role == .evaluator {
            conditions.append("id IN (SELECT tender_id FROM committee_members WHERE user_id = \(bind: p.userId))")
        }
        if let phaseText = req.query[String.self, at: "phase"], !phaseText.isEmpty {
            guard let phase = TenderPhase(rawValue: phaseText) else {
                throw APIError.invalid(
                    "invalid_phase", "phase must be one of \(TenderPhase.allCases.map(\.rawValue).joined(separator: ", "))", field: "phase")
            }
            switch phase {
            case .draft: conditions.append("status = 'draft'")
            case .cancelled: conditions.append("status = 'cancelled'")
            case .bidding: conditions.append("status = 'published' AND submission_deadline > \(bind: now)")
            case .revealing:
                conditions.append("status = 'published' AND submission_deadline <= \(bind: now) AND reveal_deadline > \(bind: now)")
            case .evaluating:
                conditions.append("status = 'published' AND reveal_deadline <= \(bind: now) AND failed_at IS NULL AND standstill_ends_at IS NULL AND contracted_at IS NULL")
            case .failed: conditions.append("status = 'published' AND reveal_deadline <= \(bind: now) AND failed_at IS NOT NULL")
            case .standstill:
                conditions.append("status = 'published' AND contracted_at IS NULL AND (standstill_ends_at > \(bind: now) OR (standstill_ends_at IS NOT NULL AND open_objections > 0))")
            case .awarded:
                conditions.append("status = 'published' AND contracted_at IS NULL AND standstill_ends_at <= \(bind: now) AND open_objections = 0")
            case .contracted: conditions.append("status = 'published' AND contracted_at IS NOT NULL AND filed_at IS NULL")
            case .filed: conditions.append("status = 'published' AND filed_at IS NOT NULL")
            }
        }
        if let q = req.query[String.self, at: "q"], !q.trimmingCharacters(in: .whitespaces).isEmpty {
            guard q.count <= 200 else { throw APIError.invalid("invalid_query", "q may have at most 200 characters", field: "q") }
            let p = likePattern(q.trimmingCharacters(in: .whitespaces))
            conditions.append(
                "(LOWER(title) LIKE \(bind: p) ESCAPE '\\' OR LOWER(description) LIKE \(bind: p) ESCAPE '\\' OR LOWER(category) LIKE \(bind: p) ESCAPE '\\')")
        }
        var whereClause: SQLQueryString = ""
        if !conditions.isEmpty {
            whereClause = " WHERE " + conditions.dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        }
        let total = try await req.sql.raw("SELECT COUNT(*) AS n FROM tenders" + whereClause).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await req.sql.raw(
            "SELECT " + TenderRecord.columns + " FROM tenders" + whereClause
                + " ORDER BY COALESCE(published_at, created_at) DESC, id LIMIT \(bind: page.per) OFFSET \(bind: page.offset)"
        ).all()
        var items: [TenderResponse] = []
        for row in rows { items.append(try await Self.respond(try TenderRecord(row: row), req: req, detail: false)) }
        return TenderList(items: items, metadata: page.metadata(total: total))
    }

    // MARK: writing

    @Sendable func create(req: Request) async throws -> Response {
        let p = try req.require(.procurement)
        let body = try req.content.decode(CreateTenderRequest.self)
        let ctx = req.tender
        let fields = try TenderInput.fields(
            base: nil, title: body.title, description: body.description, category: body.category, regime: body.regime,
            method: body.method, budget: body.budget, submissionDeadline: body.submissionDeadline,
            revealDeadline: body.revealDeadline, criteria: body.criteria, timeZone: body.timeZone, context: ctx)
        try Self.checkSchedule(fields, ctx: ctx, publishAt: ctx.clock.now)
        let invited = try await Self.invitations(body.invitedVendorIds, method: fields.method, req: req)
        let record = TenderRecord(id: newID(), fields: fields, createdBy: p.userId, now: ctx.nowMillis)
        try await inTransaction(req.db) { tx in
            try await record.insert(tx)
            try await TenderStore.invite(tx, tenderId: record.id, vendorIds: invited)
            try await AuditLog.append(tx, at: record.createdAt, actor: p.userId, action: "tender.created", tenderId: record.id, details: ["title": record.title])
        }
        let response = Response(status: .created)
        try response.content.encode(try await Self.respond(record, req: req, detail: true))
        return response
    }

    static func invitations(_ ids: [String]?, method: String, req: Request) async throws -> [String] {
        guard let ids else { return [] }
        if method == "open" && !ids.isEmpty {
            throw APIError.invalid("invitations_not_allowed", "an open tender has no invitations; use method 'selective'", field: "invitedVendorIds")
        }
        return try await TenderInput.invitations(ids, db: req.sql)
    }

    /// Deadlines checked as if the tender were published at `publishAt`: the reveal window, and the
    /// regime's minimum bidding period (in working days where the regime says so).
    static func checkSchedule(_ f: TenderFields, ctx: TenderContext, publishAt: Date) throws {
        guard let schedule = ctx.schedule(regime: f.regime, timeZone: TimeZone(identifier: f.timeZone) ?? ctx.config.timeZone) else { return }
        try schedule.validate(
            submission: Timestamp.date(milliseconds: f.submissionDeadline), reveal: Timestamp.date(milliseconds: f.revealDeadline),
            publishedAt: publishAt)
    }

    @Sendable func update(req: Request) async throws -> TenderResponse {
        let editor = try req.require(.procurement).userId
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(PatchTenderRequest.self)
        let ctx = req.tender
        guard var t = try await TenderRecord.find(req.sql, id: id) else { throw APIError.notFound("tender") }
        guard t.status == .draft else { throw StateConflict.wrongPhase(t.phase(at: ctx.clock.now), "edit a published tender (use an amendment)") }
        let fields = try TenderInput.fields(
            base: t.fields, title: body.title, description: body.description, category: body.category, regime: body.regime,
            method: body.method, budget: body.budget, submissionDeadline: body.submissionDeadline,
            revealDeadline: body.revealDeadline, criteria: body.criteria, timeZone: body.timeZone, context: ctx)
        try Self.checkSchedule(fields, ctx: ctx, publishAt: ctx.clock.now)
        let invited: [String]?
        if let ids = body.invitedVendorIds {
            invited = try await Self.invitations(ids, method: fields.method, req: req)
        } else {
            invited = fields.method == "open" ? [] : nil
        }
        t = TenderRecord(id: t.id, fields: fields, createdBy: t.createdBy, now: t.createdAt)
        t.updatedAt = ctx.nowMillis
        let record = t
        try await inTransaction(req.db) { tx in
            let done = try await tx.raw("SELECT id FROM tenders WHERE id = \(bind: record.id) AND status = 'draft'").first()
            guard done != nil else { throw StateConflict("wrong_phase", "the tender was published meanwhile") }
            try await record.updateFields(tx)
            if let invited {
                try await tx.raw("DELETE FROM tender_invitations WHERE tender_id = \(bind: record.id)").run()
                try await TenderStore.invite(tx, tenderId: record.id, vendorIds: invited)
            }
            try await AuditLog.append(tx, at: record.updatedAt, actor: editor, action: "tender.updated", tenderId: record.id)
        }
        return try await Self.respond(try await TenderRecord.find(req.sql, id: id)!, req: req, detail: true)
    }

    /// 招标投标法 art. 17: an invitation tender invites at least three vendors.
    static let minimumInvitations = 3

    @Sendable func publish(req: Request) async throws -> TenderResponse {
        _ = try req.require(.procurement)
        let id = try pathID(req, "tenderId", "tender")
        let ctx = req.tender
        let now = ctx.clock.now
        guard let t = try await TenderRecord.find(req.sql, id: id) else { throw APIError.notFound("tender") }
        guard t.status == .draft else { throw StateConflict.wrongPhase(t.phase(at: now), "publish") }
        try Self.checkSchedule(t.fields, ctx: ctx, publishAt: now)
        if t.method == "selective" {
            let n = try await req.sql.raw("SELECT COUNT(*) AS n FROM tender_invitations WHERE tender_id = \(bind: id)").first()?
                .decode(column: "n", as: Int64.self) ?? 0
            guard n >= Self.minimumInvitations else {
                throw APIError.invalid(
                    "invitations_required", "a selective tender must invite at least \(Self.minimumInvitations) vendors (it invites \(n))",
                    field: "invitedVendorIds")
            }
        }
        let ms = Timestamp.milliseconds(now)
        let actor = req.principal?.userId ?? ""
        try await inTransaction(req.db) { tx in
            let updated = try await tx.raw("""
                UPDATE tenders SET status = 'published', published_at = \(bind: ms), updated_at = \(bind: ms)
                WHERE id = \(bind: id) AND status = 'draft' RETURNING id
                """).first()
            guard updated != nil else { throw StateConflict("wrong_phase", "the tender was already published or cancelled") }
            try await AuditLog.append(tx, at: ms, actor: actor, action: "tender.published", tenderId: id, details: [
                "submissionDeadline": Timestamp.format(milliseconds: t.submissionDeadline), "revealDeadline": Timestamp.format(milliseconds: t.revealDeadline),
            ])
        }
        return try await Self.respond(try await TenderRecord.find(req.sql, id: id)!, req: req, detail: true)
    }

    /// An amendment after publication, during bidding only. 招标投标法 art. 23: it must come at least
    /// `clarificationLead` before the submission deadline, else the deadline must move out.
    @Sendable func amend(req: Request) async throws -> Response {
        let p = try req.require(.procurement)
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(AmendTenderRequest.self)
        let ctx = req.tender
        let now = ctx.clock.now
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 5000, rule: .prose)
        guard let t = try await TenderRecord.find(req.sql, id: id) else { throw APIError.notFound("tender") }
        let phase = t.phase(at: now)
        guard phase == .bidding else {
            if phase == .draft { throw StateConflict.wrongPhase(phase, "amend a draft (edit it with PATCH)") }
            throw StateConflict.wrongPhase(phase, "amend")
        }
        let fields = try TenderInput.fields(
            base: t.fields, title: body.title, description: body.description, category: body.category, regime: nil, method: nil,
            budget: body.budget, submissionDeadline: body.submissionDeadline, revealDeadline: body.revealDeadline,
            criteria: body.criteria, timeZone: nil, context: ctx)
        let changes = Self.changes(from: t.fields, to: fields)
        guard !changes.isEmpty else { throw APIError.invalid("no_changes", "the amendment changes nothing", field: nil) }
        if let schedule = ctx.schedule(regime: fields.regime, timeZone: TimeZone(identifier: fields.timeZone) ?? ctx.config.timeZone) {
            try schedule.validateAmendment(
                submission: Timestamp.date(milliseconds: fields.submissionDeadline), reveal: Timestamp.date(milliseconds: fields.revealDeadline),
                publishedAt: Timestamp.date(milliseconds: t.publishedAt ?? t.createdAt), now: now)
        }
        var record = t
        record.title = fields.title
        record.description = fields.description
        record.category = fields.category
        record.budget = fields.budget
        record.currency = fields.currency
        record.submissionDeadline = fields.submissionDeadline
        record.revealDeadline = fields.revealDeadline
        record.criteria = fields.criteria
        record.updatedAt = Timestamp.milliseconds(now)
        record.amendmentCount = t.amendmentCount + 1
        let amended = record
        let changesJSON = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        let nowMs = Timestamp.milliseconds(now)
        try await inTransaction(req.db) { tx in
            // Optimistic check: a concurrent amendment or cancellation since we read the tender wins.
            let current = try await tx.raw("""
                SELECT id FROM tenders WHERE id = \(bind: id) AND status = 'published' AND amendment_count = \(bind: t.amendmentCount)
                AND submission_deadline > \(bind: nowMs)
                """).first()
            guard current != nil else { throw StateConflict("wrong_phase", "the tender changed meanwhile; reload and retry") }
            try await amended.updateFields(tx)
            // docs/DESIGN.md §4: an amendment voids the sealed bids; their vendors commit again.
            try await tx.raw("""
                UPDATE bids SET status = 'voided', active_vendor = NULL, ended_at = \(bind: nowMs)
                WHERE tender_id = \(bind: id) AND status = 'sealed'
                """).run()
            try await tx.raw("""
                INSERT INTO amendments (id, tender_id, number, reason, changes, created_by, created_at)
                VALUES (\(bind: newID()), \(bind: id), \(bind: amended.amendmentCount), \(bind: reason), \(bind: changesJSON), \(bind: p.userId), \(bind: nowMs))
                """).run()
            // Says nothing about voided bids: their number is secret until the deadline.
            try await AuditLog.append(tx, at: nowMs, actor: p.userId, action: "tender.amended", tenderId: id, details: [
                "number": String(amended.amendmentCount), "reason": reason, "changes": changesJSON,
            ])
        }
        let response = Response(status: .created)
        try response.content.encode(try await Self.respond(try await TenderRecord.find(req.sql, id: id)!, req: req, detail: true))
        return response
    }

    static func changes(from a: TenderFields, to b: TenderFields) -> [AmendmentResponse.Change] {
        var out: [AmendmentResponse.Change] = []
        func add(_ field: String, _ x: String, _ y: String) { if x != y { out.append(.init(field: field, from: x, to: y)) } }
        add("title", a.title, b.title)
        add("description", a.description, b.description)
        add("category", a.category, b.category)
        add("budget", "\(a.budget) \(a.currency)", "\(b.budget) \(b.currency)")
        add("submissionDeadline", Timestamp.format(milliseconds: a.submissionDeadline), Timestamp.format(milliseconds: b.submissionDeadline))
        add("revealDeadline", Timestamp.format(milliseconds: a.revealDeadline), Timestamp.format(milliseconds: b.revealDeadline))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        add("criteria", String(decoding: (try? encoder.encode(a.criteria)) ?? Data(), as: UTF8.self),
            String(decoding: (try? encoder.encode(b.criteria)) ?? Data(), as: UTF8.self))
        return out
    }

    /// The phases a tender may be cancelled in: up to, not after, the award.
    static let cancellable: Set<TenderPhase> = [.draft, .bidding, .revealing, .evaluating]

    /// Cancellation with a reason, from draft up to (but not after) the award.
    @Sendable func cancel(req: Request) async throws -> TenderResponse {
        _ = try req.require(.procurement)
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(CancelTenderRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 5000, rule: .prose)
        let now = req.tender.clock.now
        guard let t = try await TenderRecord.find(req.sql, id: id) else { throw APIError.notFound("tender") }
        let phase = t.phase(at: now)
        guard Self.cancellable.contains(phase) else { throw StateConflict.wrongPhase(phase, "cancel") }
        let ms = Timestamp.milliseconds(now)
        let actor = req.principal?.userId ?? ""
        try await inTransaction(req.db) { tx in
            // Re-checked on the locked row: an award committed since the check above ends the
            // cancellable phases, and this cancellation is refused (the award stands).
            let locked = try await TenderStore.lock(tx, id: id)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: ms))
            guard Self.cancellable.contains(phaseNow) else {
                if phaseNow == .cancelled { throw StateConflict("wrong_phase", "the tender is already cancelled") }
                throw StateConflict.wrongPhase(phaseNow, "cancel")
            }
            try await tx.raw("""
                UPDATE tenders SET status = 'cancelled', cancelled_at = \(bind: ms), cancel_reason = \(bind: reason), updated_at = \(bind: ms)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.append(tx, at: ms, actor: actor, action: "tender.cancelled", tenderId: id, details: ["reason": reason])
        }
        return try await Self.respond(try await TenderRecord.find(req.sql, id: id)!, req: req, detail: true)
    }
}
