import Foundation
import TenderDomain

/// An approver confirms (the vendor is suspended as by `SuspendVendor`, with the reviews as
/// reason) or dismisses a suspension proposal.
struct DecideSuspensionProposal {
    let ctx: UseCaseContext

    func run(id: String, confirmed: Bool, reason: String, by p: Principal) async throws -> ProposalRecord {
        let proposal = try await ProposalStore.get(ctx.sql, id: id)
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            guard try await ProposalStore.decide(tx, id: id, confirmed: confirmed, reason: reason, by: p.userId, at: ms) else {
                throw StateConflict(.alreadyResolved, "the proposal was already decided")
            }
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .suspensionDecided, tenderId: nil,
                details: [
                    "proposalId": id, "vendorId": proposal.vendorId, "decision": confirmed ? "confirmed" : "dismissed", "reason": reason,
                ])
            guard confirmed else { return }
            let why = "two consecutive failing reviews (\(proposal.firstReviewId), \(proposal.secondReviewId)): \(reason)"
            try await VendorStore.suspend(tx, id: proposal.vendorId, until: nil, reason: why, by: p.userId, at: ms)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .vendorSuspended, tenderId: nil,
                details: ["vendorId": proposal.vendorId, "reason": why, "proposalId": id])
        }
        return try await ProposalStore.get(ctx.sql, id: id)
    }
}
