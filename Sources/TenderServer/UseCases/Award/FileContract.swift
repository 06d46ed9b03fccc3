import Foundation
import TenderDomain

/// Filing the signed contract with the authority (late or not), once.
struct FileContract {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, reference: String, authority: String, by p: Principal) async throws {
        let now = ctx.nowMillis
        let phase = t.phase(at: ctx.now)
        guard phase == .contracted else { throw StateConflict.wrongPhase(phase, "file the contract") }
        let tenderId = t.id
        try await ctx.transaction { tx in
            let locked = try await TenderStore.lock(tx, id: tenderId)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
            guard phaseNow == .contracted else {
                if phaseNow == .filed { throw StateConflict(.alreadyFiled, "the contract was already filed") }
                throw StateConflict.wrongPhase(phaseNow, "file the contract")
            }
            guard let due = try await ContractStore.unfiledDueAt(tx, tenderId: tenderId) else {
                throw StateConflict(.alreadyFiled, "the contract was already filed")
            }
            let late = now > due
            try await ContractStore.file(tx, tenderId: tenderId, reference: reference, authority: authority, late: late, at: now)
            try await TenderStore.setFiled(tx, id: tenderId, at: now)
            try await ObligationStore.meet(tx, kind: .contractFiling, subject: tenderId, at: now)
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .contractFiled, tenderId: tenderId,
                details: [
                    "reference": reference, "authority": authority, "late": late ? "true" : "false",
                ])
        }
    }
}
