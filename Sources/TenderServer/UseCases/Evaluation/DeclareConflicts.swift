import Foundation
import TenderDomain

/// A member's declaration of conflicts of interest, once (实施条例 art. 46): with a conflict the
/// member is recused.
struct DeclareConflicts {
    let ctx: UseCaseContext

    func run(tender t: TenderRecord, conflicts raw: [String], by p: Principal) async throws -> (conflicts: [String], at: Int64) {
        let now = ctx.nowMillis
        try EvaluationWindow.check(
            status: t.status, evaluated: t.evaluatedAt != nil, now: now, from: t.submissionDeadline, phase: t.phase(at: ctx.now),
            action: "declare conflicts of interest")
        var conflicts: [String] = []
        for (i, c) in raw.enumerated() {
            guard let id = UUID(uuidString: c)?.uuidString.lowercased() else {
                throw APIError.invalid("unknown_vendor", "conflicts[\(i)] is not a vendor id", field: "conflicts[\(i)]")
            }
            if !conflicts.contains(id) { conflicts.append(id) }
        }
        if try await AccountStore.existingVendorIds(ctx.sql, among: conflicts).count != conflicts.count {
            throw APIError.invalid("unknown_vendor", "a conflict names an unknown vendor", field: "conflicts")
        }
        let tenderId = t.id
        let declared = conflicts
        do {
            try await ctx.transaction { tx in
                guard try await EvaluationStore.touch(tx, tenderId: tenderId) == false else {
                    throw StateConflict(.evaluationFinal, "the evaluation is final")
                }
                try await CommitteeStore.insertDeclaration(tx, tenderId: tenderId, userId: p.userId, conflicts: declared, at: now)
                try await AuditStore.append(
                    tx, at: now, actor: p.userId, action: .declarationMade, tenderId: tenderId,
                    details: [
                        "conflicts": declared.joined(separator: ","), "recused": declared.isEmpty ? "false" : "true",
                    ])
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.alreadyDeclared, "the declaration was already made; it cannot be changed")
        }
        return (declared, now)
    }
}
