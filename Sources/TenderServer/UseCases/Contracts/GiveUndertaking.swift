import Foundation
import TenderDomain

/// The vendor's undertaking: no subcontracting (禁止转包或分包) or confidentiality (保密协议).
struct GiveUndertaking {
    let ctx: UseCaseContext

    func run(id: String, kind: UndertakingKind, by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        guard ContractAccess.mayUndertake(p.role, isVendor: c.vendorId == p.userId) else {
            throw APIError(.forbidden, "not_contract_vendor", "only the contract's vendor gives its undertakings")
        }
        try c.requireOpen()
        let ms = ctx.nowMillis
        do {
            try await ctx.transaction { tx in
                try await ContractStore.undertake(tx, contractId: id, kind: kind, by: p.userId, at: ms)
                try await AuditStore.append(
                    tx, at: ms, actor: p.userId, action: .undertakingGiven, tenderId: c.tenderId,
                    details: ["contractId": id, "kind": kind.rawValue])
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.alreadyGiven, "the '\(kind.rawValue)' undertaking was already given")
        }
    }
}
