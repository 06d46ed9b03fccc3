import Foundation
import TenderDomain

/// Suspends a vendor (it cannot submit bids; 403 `vendor_suspended`), until a time or until lifted.
struct SuspendVendor {
    let ctx: UseCaseContext

    func run(vendorId id: String, reason: String, until: Int64?, by p: Principal) async throws -> VendorRecord {
        let now = ctx.nowMillis
        if let until, until <= now { throw APIError.invalid("invalid_time", "'until' must be in the future", field: "until") }
        _ = try await VendorStore.get(ctx.sql, id: id)
        try await ctx.transaction { tx in
            try await VendorStore.suspend(tx, id: id, until: until, reason: reason, by: p.userId, at: now)
            var details = ["vendorId": id, "reason": reason]
            if let until { details["until"] = Timestamp.format(milliseconds: until) }
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .vendorSuspended, tenderId: nil, details: details)
        }
        return try await VendorStore.get(ctx.sql, id: id)
    }
}
