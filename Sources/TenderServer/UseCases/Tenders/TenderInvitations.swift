import Foundation
import SQLKit
import TenderDomain

/// The vendors a selective tender invites: bounded before any work, each a registered vendor,
/// checked with one query and a set (linear in the list).
enum TenderInvitations {
    static let maximum = 1000

    /// The distinct ids in their order; 422 for an open tender with invitations, a malformed or an
    /// unknown vendor id.
    static func validate(_ ids: [String]?, method: TenderMethod, db: any SQLDatabase) async throws -> [String] {
        guard let ids else { return [] }
        if method == .open && !ids.isEmpty {
            throw APIError.invalid(
                "invitations_not_allowed", "an open tender has no invitations; use method 'selective'", field: "invitedVendorIds")
        }
        guard ids.count <= maximum else {
            throw APIError.invalid("invalid_field", "at most \(maximum) vendors may be invited", field: "invitedVendorIds")
        }
        var result: [String] = []
        var seen = Set<String>()
        var normalized: [String] = []
        for (i, raw) in ids.enumerated() {
            let id = try Validate.uuid(raw, field: "invitedVendorIds[\(i)]")
            normalized.append(id)
            if seen.insert(id).inserted { result.append(id) }
        }
        guard !result.isEmpty else { return [] }
        let known = try await AccountStore.existingVendorIds(db, among: result)
        if let i = normalized.firstIndex(where: { !known.contains($0) }) {
            throw APIError.invalid("unknown_vendor", "invitedVendorIds[\(i)] is not a registered vendor", field: "invitedVendorIds[\(i)]")
        }
        return result
    }
}
