import Foundation
import TenderDomain

/// Lifts a vendor's suspension in force; 409 `not_suspended` otherwise.
struct LiftSuspension {
    let ctx: UseCaseContext

    func run(vendorId id: String, by p: Principal) async throws -> VendorRecord {
        let now = ctx.nowMillis
        let current = try await VendorStore.get(ctx.sql, id: id)
        guard current.activeSuspension(at: now) != nil else { throw APIError.conflict("not_suspended", "the vendor is not suspended") }
        try await ctx.transaction { tx in
            try await VendorStore.lift(tx, id: id, at: now)
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .vendorReinstated, tenderId: nil, details: ["vendorId": id])
        }
        return try await VendorStore.get(ctx.sql, id: id)
    }
}
