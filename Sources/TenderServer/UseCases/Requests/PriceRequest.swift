import Foundation
import TenderDomain

/// approved → priced: finance sets the reference price (会同计划财务确定参考价格); procurement's
/// tender draft falls due `tenderDraftPeriod` later (obligation `tender_preparation`).
struct PriceRequest {
    let ctx: UseCaseContext

    func run(id: String, amount: Money, currency: String, basis: String, by p: Principal) async throws -> RequestRecord {
        let stored = try await RequestQueries.visible(ctx, id: id, by: p)
        try RequestQueries.requireSeparateDuty(stored, p, "price")
        _ = try RequestStep.price.next(from: stored.status)
        let now = ctx.now
        let ms = Timestamp.milliseconds(now)
        let due = Timestamp.milliseconds(
            ctx.app.config.outsourcing.tenderDraftDue(pricedAt: now, calculator: ctx.app.calculator, timeZone: ctx.app.config.timeZone))
        return try await ctx.transaction { tx in
            let locked = try await RequestStore.lock(tx, id: id)
            _ = try RequestStep.price.next(from: locked.status)
            try await RequestStore.price(tx, id: id, amount: amount, currency: currency, basis: basis, by: p.userId, at: ms)
            try await ObligationStore.add(tx, requestId: id, kind: .tenderPreparation, subject: id, starts: ms, due: due)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .requestPriced, tenderId: nil,
                details: ["requestId": id, "referencePrice": "\(amount) \(currency)", "basis": basis])
            return try await RequestStore.get(tx, id: id)
        }
    }
}
