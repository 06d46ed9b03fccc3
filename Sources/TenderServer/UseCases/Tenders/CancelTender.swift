import Foundation
import TenderDomain

/// Cancellation with a reason, from draft up to (not after) the award.
struct CancelTender {
    let ctx: UseCaseContext

    /// The phases a tender may be cancelled in.
    static let cancellable: Set<TenderPhase> = [.draft, .bidding, .revealing, .evaluating]

    func run(id: String, reason: String) async throws -> TenderRecord {
        let now = ctx.now
        let t = try await TenderStore.get(ctx.sql, id: id)
        let phase = t.phase(at: now)
        guard Self.cancellable.contains(phase) else { throw StateConflict.wrongPhase(phase, "cancel") }
        let ms = Timestamp.milliseconds(now)
        let actor = ctx.actor
        return try await ctx.transaction { tx in
            // Re-checked on the locked row: an award committed since the check above ends the
            // cancellable phases, and this cancellation is refused (the award stands).
            let locked = try await TenderStore.lock(tx, id: id)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: ms))
            guard Self.cancellable.contains(phaseNow) else {
                if phaseNow == .cancelled { throw StateConflict(.wrongPhase, "the tender is already cancelled") }
                throw StateConflict.wrongPhase(phaseNow, "cancel")
            }
            try await TenderStore.cancel(tx, id: id, reason: reason, at: ms)
            try await AuditStore.append(tx, at: ms, actor: actor, action: .tenderCancelled, tenderId: id, details: ["reason": reason])
            return try await TenderStore.get(tx, id: id)
        }
    }
}
