import Foundation
import TenderDomain
import Vapor

struct VendorResponse: Content {
    struct Suspension: Content {
        let reason: String
        let since: String
        let until: String?
    }
    let id: String
    let email: String
    let name: String
    let registrationNumber: String
    let contactName: String?
    let phone: String?
    let address: String?
    let suspended: Bool
    let suspension: Suspension?
    let createdAt: String
    let updatedAt: String

    init(_ v: VendorRecord, now: Int64) {
        id = v.id
        email = v.email
        name = v.name
        registrationNumber = v.registrationNumber
        contactName = v.contactName
        phone = v.phone
        address = v.address
        createdAt = Timestamp.format(milliseconds: v.createdAt)
        updatedAt = Timestamp.format(milliseconds: v.updatedAt)
        if let s = v.activeSuspension(at: now) {
            suspended = true
            suspension = Suspension(
                reason: v.suspensionReason ?? "", since: Timestamp.format(milliseconds: s.since),
                until: s.until.map { Timestamp.format(milliseconds: $0) })
        } else {
            suspended = false
            suspension = nil
        }
    }
}

struct VendorList: Content {
    let items: [VendorResponse]
    let metadata: PageMetadata
}

struct UpdateVendorRequest: Content {
    let name: String?
    let registrationNumber: String?
    let contactName: String?
    let phone: String?
    let address: String?
}

struct SuspendVendorRequest: Content {
    let reason: String
    let until: String?
}
