import Foundation
import TenderDomain

/// A vendor edits its name and contact details; the registration number identifies the vendor and
/// may not change. The audit entry names the changed fields (and the new name, which is public).
struct UpdateVendorProfile {
    let ctx: UseCaseContext

    struct Changes: Sendable {
        /// Only to check that it is unchanged.
        var registrationNumber: String?
        var name: String?
        var contactName: String?
        var phone: String?
        var address: String?
    }

    /// In `changes`, nil keeps a field and "" clears an optional one.
    func run(vendorId: String, changes c: Changes) async throws -> VendorRecord {
        let now = ctx.nowMillis
        let current = try await VendorStore.get(ctx.sql, id: vendorId)
        if let number = c.registrationNumber, number.trimmingCharacters(in: .whitespaces) != current.registrationNumber {
            throw APIError.invalid(
                "immutable_field", "the registration number cannot be changed; contact procurement", field: "registrationNumber")
        }
        var updated = current
        updated.name = c.name ?? current.name
        updated.contactName = c.contactName.map { $0.isEmpty ? nil : $0 } ?? current.contactName
        updated.phone = c.phone.map { $0.isEmpty ? nil : $0 } ?? current.phone
        updated.address = c.address.map { $0.isEmpty ? nil : $0 } ?? current.address
        var changed: [String] = []
        if updated.name != current.name { changed.append("name") }
        if updated.contactName != current.contactName { changed.append("contactName") }
        if updated.phone != current.phone { changed.append("phone") }
        if updated.address != current.address { changed.append("address") }
        let record = updated
        let fields = changed
        try await ctx.transaction { tx in
            try await VendorStore.updateProfile(tx, record, at: now)
            if !fields.isEmpty {
                var details = ["fields": fields.joined(separator: ",")]
                if fields.contains("name") { details["name"] = record.name }
                try await AuditStore.append(tx, at: now, actor: vendorId, action: .vendorUpdated, tenderId: nil, details: details)
            }
        }
        return try await VendorStore.get(ctx.sql, id: vendorId)
    }
}
