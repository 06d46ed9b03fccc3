import Foundation
import TenderDomain

/// The briefing record (合同交底), by procurement; it meets the `contract_briefing` obligation once
/// the supervisor acknowledges it (both sides sign the record).
struct BriefContract {
    let ctx: UseCaseContext

    func run(id: String, notes: String, by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        try c.requireOpen()
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            try locked.requireOpen()
            guard locked.briefingAcknowledgedAt == nil else {
                throw StateConflict(.alreadyBriefed, "the supervisor has already acknowledged the briefing")
            }
            try await ContractStore.brief(tx, id: id, notes: notes, by: p.userId, at: ms)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .contractBriefed, tenderId: c.tenderId, details: ["contractId": id, "notes": notes])
        }
    }
}

/// The supervisor's signature on the briefing record.
struct AcknowledgeBriefing {
    let ctx: UseCaseContext

    func run(id: String, by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        guard ContractAccess.maySupervise(isSupervisor: c.supervisorId == p.userId) else {
            throw APIError(.forbidden, "not_supervisor", "only the contract's supervisor (监管执行人) may do this")
        }
        try c.requireOpen()
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            guard locked.briefedAt != nil else { throw StateConflict(.briefingRequired, "procurement has not briefed the contract yet") }
            guard locked.briefingAcknowledgedAt == nil else {
                throw StateConflict(.alreadyBriefed, "the briefing was already acknowledged")
            }
            try await ContractStore.acknowledgeBriefing(tx, id: id, at: ms)
            try await ObligationStore.meet(tx, kind: .contractBriefing, subject: id, at: ms, onlyOpen: true)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .briefingAcknowledged, tenderId: c.tenderId, details: ["contractId": id])
        }
    }
}
