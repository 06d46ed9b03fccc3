import Foundation
import TenderDomain

/// A change (变更) proposed by procurement, pending the approver's decision.
struct RequestChange {
    let ctx: UseCaseContext

    struct Input: Sendable {
        let rationale: ChangeRationale
        let description: String
        let amountDeltaCents: Int64?
        let newEndDate: CivilDate?
    }

    func run(id: String, _ input: Input, by p: Principal) async throws -> ChangeRecord {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        try c.requireOpen()
        try await check(c, input)
        let changeId = newID()
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            try locked.requireOpen()
            try await ContractStore.insertChange(
                tx, id: changeId, contractId: id, rationale: input.rationale, description: input.description,
                amountDelta: input.amountDeltaCents,
                newEndDate: input.newEndDate, by: p.userId, at: ms)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .changeRequested, tenderId: c.tenderId,
                details: [
                    "contractId": id, "changeId": changeId, "rationale": input.rationale.rawValue,
                    "amountDelta": input.amountDeltaCents.map { Money(cents: $0).description }, "newEndDate": input.newEndDate?.description,
                ].compactMapValues { $0 })
        }
        return try await ContractStore.change(ctx.sql, id: changeId, contractId: id)
    }

    /// The cap on increases is checked when proposed (with the approved ones so far) and again when approved.
    private func check(_ c: ContractRecord, _ input: Input) async throws {
        guard input.amountDeltaCents != nil || input.newEndDate != nil else {
            throw APIError.invalid("no_changes", "a change moves the amount (amountDelta) or the end date (newEndDate)")
        }
        if let end = input.newEndDate, end < c.serviceStart {
            throw APIError.invalid(
                "invalid_period", "newEndDate must be on or after the service start \(c.serviceStart)", field: "newEndDate")
        }
        if let delta = input.amountDeltaCents {
            guard c.currentAmount.cents + delta > 0 else {
                throw APIError.invalid("invalid_money", "the change would leave the contract amount at or below zero", field: "amountDelta")
            }
            let rules = try ctx.rules(for: try await TenderStore.get(ctx.sql, id: c.tenderId))
            try ChangeRules.checkCap(
                originalCents: c.originalAmount.cents,
                approvedIncreasesCents: try await ContractStore.approvedIncreases(ctx.sql, contractId: c.id),
                deltaCents: delta, share: rules.maxChangeShare)
        }
    }
}

/// The approver's decision on a pending change; an approved amount change moves `currentAmount`.
struct DecideChange {
    let ctx: UseCaseContext

    func run(contractId: String, changeId: String, approved: Bool, reason: String, by p: Principal) async throws -> ChangeRecord {
        let c = try await ContractQueries.visible(ctx, id: contractId, by: p)
        try c.requireOpen()
        let tender = try await TenderStore.get(ctx.sql, id: c.tenderId)
        let share = try ctx.rules(for: tender).maxChangeShare
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: contractId)
            try locked.requireOpen()
            let change = try await ContractStore.change(tx, id: changeId, contractId: contractId)
            guard change.status == .pending else {
                throw StateConflict(.alreadyResolved, "the change was already \(change.status.rawValue)")
            }
            var newCurrent: Money?
            if approved, let delta = change.amountDeltaCents {
                try ChangeRules.checkCap(
                    originalCents: locked.originalAmount.cents,
                    approvedIncreasesCents: try await ContractStore.approvedIncreases(tx, contractId: contractId), deltaCents: delta,
                    share: share)
                guard locked.currentAmount.cents + delta > 0 else {
                    throw APIError.invalid(
                        "invalid_money", "the change would leave the contract amount at or below zero", field: "amountDelta")
                }
                newCurrent = Money(cents: locked.currentAmount.cents + delta)
            }
            try await ContractStore.decideChange(
                tx, change, approved: approved, reason: reason, by: p.userId, at: ms, newCurrent: newCurrent)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .changeDecided, tenderId: c.tenderId,
                details: [
                    "contractId": contractId, "changeId": changeId, "decision": approved ? "approved" : "rejected", "reason": reason,
                    "currentAmount": newCurrent?.description,
                ].compactMapValues { $0 })
        }
        return try await ContractStore.change(ctx.sql, id: changeId, contractId: contractId)
    }
}
