import Foundation
import TenderDomain
import Vapor

/// Vendors: a vendor's own profile; staff's list, detail and suspensions.
struct VendorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("vendors", "me", use: me)
        routes.put("vendors", "me", use: updateMe)
        routes.get("vendors", use: list)
        routes.get("vendors", ":vendorId", use: show)
        routes.post("vendors", ":vendorId", "suspension", use: suspend)
        routes.delete("vendors", ":vendorId", "suspension", use: lift)
    }

    @Sendable func me(req: Request) async throws -> VendorResponse {
        let p = try req.require(.actAsVendor)
        return VendorResponse(try await VendorStore.get(req.sql, id: p.userId), now: req.tender.nowMillis)
    }

    /// Name and contact details may change; the registration number identifies the vendor and may not.
    @Sendable func updateMe(req: Request) async throws -> VendorResponse {
        let p = try req.require(.actAsVendor)
        let body = try req.content.decode(UpdateVendorRequest.self)
        func optional(_ value: String?, _ field: String) throws -> String? {
            guard let value else { return nil }
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard t.count <= 500 else {
                throw APIError.invalid("invalid_field", "field '\(field)' may have at most 500 characters", field: field)
            }
            try Validate.allowed(t, field: field)
            return t
        }
        let changes = UpdateVendorProfile.Changes(
            registrationNumber: body.registrationNumber, name: try Validate.text(body.name, field: "name", max: 200, required: false),
            contactName: try optional(body.contactName, "contactName"), phone: try optional(body.phone, "phone"),
            address: try optional(body.address, "address"))
        let v = try await UpdateVendorProfile(ctx: req.useCase).run(vendorId: p.userId, changes: changes)
        return VendorResponse(v, now: req.tender.nowMillis)
    }

    @Sendable func list(req: Request) async throws -> VendorList {
        _ = try req.require(.readVendors)
        let page = try PageRequest(req)
        let now = req.tender.nowMillis
        let q = req.query[String.self, at: "q"].flatMap { $0.isEmpty ? nil : $0 }
        let result = try await VendorStore.list(req.sql, text: q, limit: page.per, offset: page.offset)
        return VendorList(items: result.items.map { VendorResponse($0, now: now) }, metadata: page.metadata(total: result.total))
    }

    @Sendable func show(req: Request) async throws -> VendorResponse {
        _ = try req.require(.readVendors)
        let id = try pathID(req, "vendorId", "vendor")
        return VendorResponse(try await VendorStore.get(req.sql, id: id), now: req.tender.nowMillis)
    }

    /// A suspended vendor cannot submit bids (403 `vendor_suspended`); `until` is optional.
    @Sendable func suspend(req: Request) async throws -> VendorResponse {
        let p = try req.require(.suspendVendors)
        let id = try pathID(req, "vendorId", "vendor")
        let body = try req.content.decode(SuspendVendorRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 2000, rule: .prose)
        let until = try body.until.map { text in
            guard let date = Timestamp.parse(text) else {
                throw APIError.invalid("invalid_time", "'until' must be an RFC 3339 time", field: "until")
            }
            return Timestamp.milliseconds(date)
        }
        let v = try await SuspendVendor(ctx: req.useCase).run(vendorId: id, reason: reason, until: until, by: p)
        return VendorResponse(v, now: req.tender.nowMillis)
    }

    @Sendable func lift(req: Request) async throws -> VendorResponse {
        let p = try req.require(.suspendVendors)
        let id = try pathID(req, "vendorId", "vendor")
        return VendorResponse(try await LiftSuspension(ctx: req.useCase).run(vendorId: id, by: p), now: req.tender.nowMillis)
    }
}
