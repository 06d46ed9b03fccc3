import Foundation
import TenderDomain

/// priced → tendered: procurement drafts the request's tender. Missing fields default to the
/// request's title and scope, the regime's earliest deadlines and a single price criterion; the
/// budget is the reference price (a lower one may be given, never a higher one) and the method the
/// request's. The tender and the request are linked both ways.
struct TenderFromRequest {
    let ctx: UseCaseContext

    func run(
        id: String, by p: Principal, fields merge: (TenderFields) throws -> TenderFields, invitedVendorIds: [String]?,
        opening: OpeningSetting? = nil
    ) async throws -> TenderRecord {
        let request = try await RequestQueries.visible(ctx, id: id, by: p)
        try RequestQueries.requireSeparateDuty(request, p, "tender")
        _ = try RequestStep.tender.next(from: request.status)
        guard let reference = request.referencePrice, let currency = request.referenceCurrency else {
            throw StateConflict(.wrongPhase, "the request has no reference price")
        }
        let base = try defaults(request, reference: reference, currency: currency)
        let fields = try merge(base)
        guard fields.method == request.draft.method else {
            throw APIError.invalid(
                "invalid_method", "the tender's method comes from the request (\(request.draft.method.rawValue))", field: "method")
        }
        try RequestRules.checkBudget(fields.budget, currency: fields.currency, reference: reference, referenceCurrency: currency)
        try ctx.checkSchedule(fields, publishAt: ctx.now)
        let invited = try await TenderInvitations.validate(invitedVendorIds, method: fields.method, db: ctx.sql)
        if let opening { try await ctx.checkOpening(opening) }
        var record = TenderRecord(id: newID(), fields: fields, createdBy: p.userId, now: ctx.nowMillis)
        record.requestId = id
        record.opening = opening
        let tender = record
        try await ctx.transaction { tx in
            let locked = try await RequestStore.lock(tx, id: id)
            _ = try RequestStep.tender.next(from: locked.status)
            try await TenderStore.insert(tx, tender)
            try await TenderStore.invite(tx, tenderId: tender.id, vendorIds: invited)
            if let opening { try await OpeningStore.setSetting(tx, tenderId: tender.id, opening) }
            try await RequestStore.linkTender(tx, id: id, tenderId: tender.id, at: tender.createdAt)
            try await ObligationStore.meet(tx, kind: .tenderPreparation, requestId: id, at: tender.createdAt)
            try await AuditStore.append(
                tx, at: tender.createdAt, actor: p.userId, action: .tenderCreated, tenderId: tender.id,
                details: ["title": tender.title, "requestId": id])
            try await AuditStore.append(
                tx, at: tender.createdAt, actor: p.userId, action: .requestTendered, tenderId: tender.id, details: ["requestId": id])
        }
        return tender
    }

    /// The tender a request becomes when procurement gives nothing else.
    func defaults(_ r: RequestRecord, reference: Money, currency: String) throws -> TenderFields {
        let regime = ctx.app.config.defaultRegime
        let tz = ctx.app.config.timeZone
        guard let schedule = ctx.schedule(regime: regime, timeZone: tz.identifier) else {
            throw APIError.invalid("unknown_regime", "the default regime is not configured")
        }
        let deadlines = schedule.earliestDeadlines(publishedAt: ctx.now)
        let type = ctx.app.config.outsourcing.businessType(r.draft.businessType)
        return TenderFields(
            title: r.draft.title, description: r.draft.scope, category: String((type?.name ?? r.draft.businessType).prefix(100)),
            regime: regime, method: r.draft.method, budget: reference, currency: currency, timeZone: tz.identifier,
            submissionDeadline: Timestamp.milliseconds(deadlines.submission), revealDeadline: Timestamp.milliseconds(deadlines.reveal),
            criteria: [Criterion(key: "price", name: "Price", type: .price, weightHundredths: 100_00, maxScoreHundredths: nil)])
    }
}

extension UseCaseContext {
    /// 422 `over_reference_price` when a tender drafted from a request budgets above its reference price.
    func checkReferencePrice(_ f: TenderFields, requestId: String?) async throws {
        guard let requestId, let r = try await RequestStore.find(sql, id: requestId), let reference = r.referencePrice,
            let currency = r.referenceCurrency
        else { return }
        try RequestRules.checkBudget(f.budget, currency: f.currency, reference: reference, referenceCurrency: currency)
    }
}
