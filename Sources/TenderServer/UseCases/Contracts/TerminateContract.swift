import Foundation
import TenderDomain

/// The end of a contract: `completed`, or `early` (提前终止, with a reason) — both with the
/// settlement (清算). Open obligations of the contract's periods are cancelled.
struct TerminateContract {
    let ctx: UseCaseContext

    enum Kind: String, Sendable { case completed, early }

    func run(id: String, kind: Kind, reason: String?, settlement: Money, at: Int64, by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        try c.requireOpen()
        if kind == .early, (reason?.count ?? 0) < 20 {
            throw APIError.invalid(
                "reason_too_short", "an early termination (提前终止) needs a reason of at least 20 characters", field: "reason")
        }
        guard at >= c.signedAt, at <= ctx.nowMillis else {
            throw APIError.invalid("invalid_time", "'at' must lie between the signature and now", field: "at")
        }
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            try locked.requireOpen()
            try await ContractStore.terminate(
                tx, id: id, status: kind == .completed ? .completed : .terminated, kind: kind.rawValue, reason: reason,
                settlement: settlement,
                at: at)
            try await ObligationStore.cancelOpen(tx, subjectPrefix: id + ":", at: ms)
            try await ObligationStore.cancelOpen(tx, subject: id, at: ms)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .contractTerminated, tenderId: c.tenderId,
                details: [
                    "contractId": id, "kind": kind.rawValue, "settlementAmount": settlement.description,
                    "at": Timestamp.format(milliseconds: at),
                    "reason": reason,
                ].compactMapValues { $0 })
        }
    }
}
