import Foundation
import SQLKit
import TenderDomain

/// A vendor's account and profile: a row of `vendors` joined with its `users` row.
struct VendorRecord: Sendable {
    let id: String
    let email: String
    var name: String
    let registrationNumber: String
    var contactName: String?
    var phone: String?
    var address: String?
    let suspension: VendorSuspension?
    let suspensionReason: String?
    let createdAt: Int64
    let updatedAt: Int64

    static let columns: SQLQueryString = """
        u.id, u.email, u.name, u.created_at, v.registration_number, v.contact_name, v.phone, v.address,
        v.suspended_at, v.suspended_until, v.suspension_reason, v.updated_at
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        registrationNumber = try row.decode(column: "registration_number", as: String.self)
        contactName = try row.decode(column: "contact_name", as: String?.self)
        phone = try row.decode(column: "phone", as: String?.self)
        address = try row.decode(column: "address", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        suspension = try row.decode(column: "suspended_at", as: Int64?.self).map {
            VendorSuspension(since: $0, until: try row.decode(column: "suspended_until", as: Int64?.self))
        }
        suspensionReason = try row.decode(column: "suspension_reason", as: String?.self)
    }

    /// The suspension in force at `now`, if any.
    func activeSuspension(at now: Int64) -> VendorSuspension? { suspension.flatMap { $0.isActive(at: now) ? $0 : nil } }
}
