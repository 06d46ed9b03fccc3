import Foundation
import TenderDomain

/// The signed contract, after the standstill, for the awarded price (`ContractSigning`): it meets
/// the signing obligation (late or not) and starts the filing obligation.
struct RecordContract {
    let ctx: UseCaseContext

    struct Input: Sendable {
        let signedAt: Int64
        let amount: Money
        /// Lowercase hex.
        let documentSha256: String
        let supervisorId: String?
        /// The service period; nil takes the request's (docs/DESIGN.md §11), else a year from the signature.
        var servicePeriod: (start: CivilDate, end: CivilDate)? = nil
    }

    /// Without `supervisorId` the officer who records the contract supervises it.
    func run(tender t: TenderRecord, _ given: Input, by p: Principal) async throws {
        let input = Input(
            signedAt: given.signedAt, amount: given.amount, documentSha256: given.documentSha256,
            supervisorId: given.supervisorId ?? p.userId,
            servicePeriod: given.servicePeriod)
        let now = ctx.nowMillis
        let phase = t.phase(at: ctx.now)
        guard phase == .awarded, let award = try await AwardStore.standing(ctx.sql, tenderId: t.id) else {
            throw StateConflict.wrongPhase(phase, "record the contract")
        }
        try ContractSigning.check(
            signedAt: input.signedAt, now: now, awardedAt: award.awardedAt, standstillEndsAt: t.standstillEndsAt, amount: input.amount,
            awardedPrice: Money(award.price) ?? Money(cents: -1))
        if let s = input.supervisorId, try await !AccountStore.isStaff(ctx.sql, id: s) {
            throw APIError.invalid("invalid_supervisor", "supervisorId must name a staff account", field: "supervisorId")
        }
        let schedule = try ctx.schedule(for: t)
        guard let due = try await ObligationStore.dueAt(ctx.sql, kind: .contractSigning, subject: award.id) else {
            throw StateConflict(.wrongPhase, "the award has no signing obligation")
        }
        let late = ContractSigning.isLate(signedAt: input.signedAt, dueAt: due)
        let period = try await servicePeriod(input, tender: t)
        let contractId = newID()
        let briefingDue = Timestamp.milliseconds(
            ctx.app.calculator.deadline(
                from: Timestamp.date(milliseconds: input.signedAt), period: ctx.app.config.outsourcing.briefingPeriod,
                timeZone: TimeZone(identifier: t.timeZone) ?? ctx.app.config.timeZone
            ).at)
        let filingDue = schedule.filingDue(signedAt: input.signedAt)
        let tenderId = t.id
        do {
            try await ctx.transaction { tx in
                let locked = try await TenderStore.lock(tx, id: tenderId)
                let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
                guard phaseNow == .awarded, try await AwardStore.standing(tx, tenderId: tenderId)?.id == award.id else {
                    throw StateConflict.wrongPhase(phaseNow, "record the contract")
                }
                try await ContractStore.insert(
                    tx, id: contractId, tenderId: tenderId, awardId: award.id, vendorId: award.vendorId, signedAt: input.signedAt,
                    amount: input.amount, documentSha256: input.documentSha256, supervisorId: input.supervisorId,
                    serviceStart: period.start,
                    serviceEnd: period.end, dueAt: due, late: late, by: p.userId, at: now, filingDueAt: filingDue)
                try await ObligationStore.add(
                    tx, tenderId: tenderId, kind: .contractBriefing, subject: contractId, starts: input.signedAt, due: briefingDue)
                try await TenderStore.setContracted(tx, id: tenderId, signedAt: input.signedAt, at: now)
                try await ObligationStore.meet(tx, kind: .contractSigning, subject: award.id, at: input.signedAt)
                try await ObligationStore.add(
                    tx, tenderId: tenderId, kind: .contractFiling, subject: tenderId, starts: input.signedAt, due: filingDue)
                try await AuditStore.append(
                    tx, at: now, actor: p.userId, action: .contractSigned, tenderId: tenderId,
                    details: [
                        "awardId": award.id, "amount": input.amount.description, "signedAt": Timestamp.format(milliseconds: input.signedAt),
                        "late": late ? "true" : "false", "documentSha256": input.documentSha256, "supervisorId": input.supervisorId ?? "",
                        "contractId": contractId, "servicePeriod": "\(period.start)/\(period.end)",
                    ])
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.alreadyContracted, "the contract was already recorded")
        }
    }

    /// The given service period, else the request's, else one year from the signing day.
    private func servicePeriod(_ input: Input, tender t: TenderRecord) async throws -> (start: CivilDate, end: CivilDate) {
        if let given = input.servicePeriod {
            guard given.end >= given.start, given.end.dayNumber - given.start.dayNumber < RequestRules.maximumServiceDays else {
                throw APIError.invalid(
                    "invalid_period", "servicePeriod.end must be on or after servicePeriod.start, within five years", field: "servicePeriod"
                )
            }
            return given
        }
        if let requestId = t.requestId, let r = try await RequestStore.find(ctx.sql, id: requestId) {
            return (r.draft.serviceStart, r.draft.serviceEnd)
        }
        let zone = TimeZone(identifier: t.timeZone) ?? ctx.app.config.timeZone
        let start = CivilDate(Timestamp.date(milliseconds: input.signedAt), in: zone)
        let next = CivilDate(year: start.year + 1, month: start.month, day: min(start.day, 28)) ?? start
        return (start, CivilDate(dayNumber: next.dayNumber - 1))
    }
}
