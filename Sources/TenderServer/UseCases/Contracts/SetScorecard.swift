import Foundation
import TenderDomain

/// The contract's scorecard (100 points), by procurement while no review exists. It fixes the
/// cadence, and with it one `periodic_review` obligation per period of the service period, due
/// `reviewPeriod` after the period ends.
struct SetScorecard {
    let ctx: UseCaseContext

    func run(id: String, _ card: Scorecard, by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        try c.requireOpen()
        let zone = try await ctx.timeZone(of: c)
        let policy = ctx.app.config.outsourcing
        let periods = ReviewRules.endedPeriods(
            cadence: card.period, serviceStart: c.serviceStart, serviceEnd: c.serviceEnd,
            today: CivilDate(dayNumber: c.serviceEnd.dayNumber + 400))
        let due = periods.map { period -> (ReviewPeriod, Int64, Int64) in
            let endOfPeriod = Self.midnight(after: period.end, in: zone)
            let at = ctx.app.calculator.deadline(from: endOfPeriod, period: policy.reviewPeriod, timeZone: zone).at
            return (period, Timestamp.milliseconds(endOfPeriod), Timestamp.milliseconds(at))
        }
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            try locked.requireOpen()
            guard try await !ContractStore.hasReviews(tx, contractId: id) else {
                throw StateConflict(.reviewsExist, "the scorecard cannot change once a review exists")
            }
            try await ContractStore.setScorecard(tx, id: id, card)
            try await ObligationStore.deleteOpen(tx, kind: .periodicReview, subjectPrefix: id + ":")
            for (period, starts, at) in due {
                try await ObligationStore.add(
                    tx, tenderId: c.tenderId, kind: .periodicReview, subject: "\(id):\(period)", starts: starts, due: at)
            }
            let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .scorecardSet, tenderId: c.tenderId, details: ["contractId": id, "scorecard": json])
        }
    }

    /// The first instant after `day` in the time zone (the period's end).
    static func midnight(after day: CivilDate, in zone: TimeZone) -> Date {
        let next = CivilDate(dayNumber: day.dayNumber + 1)
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        return cal.date(from: DateComponents(year: next.year, month: next.month, day: next.day))!
    }
}
