import FluentKit
import SQLKit
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

    static let columns: SQLQueryString = """
        u.id, u.email, u.name, u.created_at, v.registration_number, v.contact_name, v.phone, v.address,
        v.suspended_at, v.suspended_until, v.suspension_reason, v.updated_at
        """

    init(row: any SQLRow, now: Int64) throws {
        id = try row.decode(column: "id", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        registrationNumber = try row.decode(column: "registration_number", as: String.self)
        contactName = try row.decode(column: "contact_name", as: String?.self)
        phone = try row.decode(column: "phone", as: String?.self)
        address = try row.decode(column: "address", as: String?.self)
        createdAt = Timestamp.format(milliseconds: try row.decode(column: "created_at", as: Int64.self))
        updatedAt = Timestamp.format(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        let since = try row.decode(column: "suspended_at", as: Int64?.self)
        let until = try row.decode(column: "suspended_until", as: Int64?.self)
        if let since, VendorsController.isSuspended(since: since, until: until, now: now) {
            suspended = true
            suspension = Suspension(
                reason: try row.decode(column: "suspension_reason", as: String?.self) ?? "",
                since: Timestamp.format(milliseconds: since), until: until.map { Timestamp.format(milliseconds: $0) })
        } else {
            suspended = false
            suspension = nil
        }
    }
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

struct VendorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("vendors", "me", use: me)
        routes.put("vendors", "me", use: updateMe)
        routes.get("vendors", use: list)
        routes.get("vendors", ":vendorId", use: show)
        routes.post("vendors", ":vendorId", "suspension", use: suspend)
        routes.delete("vendors", ":vendorId", "suspension", use: lift)
    }

    /// A suspension without `until` lasts until it is lifted.
    static func isSuspended(since: Int64?, until: Int64?, now: Int64) -> Bool {
        guard since != nil else { return false }
        return until.map { $0 > now } ?? true
    }

    static func load(_ db: any SQLDatabase, id: String, now: Int64) async throws -> VendorResponse? {
        try await db.raw("SELECT " + VendorResponse.columns + " FROM vendors v JOIN users u ON u.id = v.user_id WHERE v.user_id = \(bind: id)")
            .first().map { try VendorResponse(row: $0, now: now) }
    }

    @Sendable func me(req: Request) async throws -> VendorResponse {
        let p = try req.require(.vendor)
        guard let v = try await Self.load(req.sql, id: p.userId, now: req.tender.nowMillis) else { throw APIError.notFound("vendor") }
        return v
    }

    /// Name and contact details may change; the registration number identifies the vendor and may not.
    @Sendable func updateMe(req: Request) async throws -> VendorResponse {
        let p = try req.require(.vendor)
        let body = try req.content.decode(UpdateVendorRequest.self)
        let now = req.tender.nowMillis
        guard let current = try await Self.load(req.sql, id: p.userId, now: now) else { throw APIError.notFound("vendor") }
        if let number = body.registrationNumber, number.trimmingCharacters(in: .whitespaces) != current.registrationNumber {
            throw APIError.invalid("immutable_field", "the registration number cannot be changed; contact procurement", field: "registrationNumber")
        }
        let name = try Validate.text(body.name, field: "name", max: 200, required: false) ?? current.name
        func optional(_ value: String?, _ field: String, _ old: String?) throws -> String? {
            guard let value else { return old }
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard t.count <= 500 else { throw APIError.invalid("invalid_field", "field '\(field)' may have at most 500 characters", field: field) }
            try Validate.allowed(t, field: field)
            return t.isEmpty ? nil : t
        }
        let contact = try optional(body.contactName, "contactName", current.contactName)
        let phone = try optional(body.phone, "phone", current.phone)
        let address = try optional(body.address, "address", current.address)
        var changed: [String] = []
        if name != current.name { changed.append("name") }
        if contact != current.contactName { changed.append("contactName") }
        if phone != current.phone { changed.append("phone") }
        if address != current.address { changed.append("address") }
        let fields = changed
        try await inTransaction(req.db) { tx in
            try await tx.raw("UPDATE users SET name = \(bind: name) WHERE id = \(bind: p.userId)").run()
            if !fields.isEmpty {
                var details = ["fields": fields.joined(separator: ",")]
                if fields.contains("name") { details["name"] = name }
                try await AuditLog.append(tx, at: now, actor: p.userId, action: "vendor.updated", tenderId: nil, details: details)
            }
            try await tx.raw("""
                UPDATE vendors SET contact_name = \(bind: contact), phone = \(bind: phone), address = \(bind: address), updated_at = \(bind: now)
                WHERE user_id = \(bind: p.userId)
                """).run()
        }
        return try await Self.load(req.sql, id: p.userId, now: now)!
    }

    struct VendorList: Content {
        let items: [VendorResponse]
        let metadata: PageMetadata
    }

    @Sendable func list(req: Request) async throws -> VendorList {
        _ = try req.require(.admin, .procurement, .auditor)
        let page = try PageRequest(req)
        let now = req.tender.nowMillis
        var filter: SQLQueryString = ""
        if let q = req.query[String.self, at: "q"], !q.isEmpty {
            let pattern = likePattern(q)
            filter = " WHERE (LOWER(u.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(v.registration_number) LIKE \(bind: pattern) ESCAPE '\\' OR u.email LIKE \(bind: pattern) ESCAPE '\\')"
        }
        let from: SQLQueryString = " FROM vendors v JOIN users u ON u.id = v.user_id"
        let total = try await req.sql.raw("SELECT COUNT(*) AS n" + from + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await req.sql.raw(
            "SELECT " + VendorResponse.columns + from + filter + " ORDER BY u.name, u.id LIMIT \(bind: page.per) OFFSET \(bind: page.offset)"
        ).all()
        return VendorList(items: try rows.map { try VendorResponse(row: $0, now: now) }, metadata: page.metadata(total: total))
    }

    @Sendable func show(req: Request) async throws -> VendorResponse {
        _ = try req.require(.admin, .procurement, .auditor)
        let id = try pathID(req, "vendorId", "vendor")
        guard let v = try await Self.load(req.sql, id: id, now: req.tender.nowMillis) else { throw APIError.notFound("vendor") }
        return v
    }

    /// A suspended vendor cannot submit bids (403 `vendor_suspended`); `until` is optional.
    @Sendable func suspend(req: Request) async throws -> VendorResponse {
        let p = try req.require(.admin, .procurement)
        let id = try pathID(req, "vendorId", "vendor")
        let body = try req.content.decode(SuspendVendorRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 2000, rule: .prose)
        let now = req.tender.nowMillis
        var until: Int64?
        if let text = body.until {
            guard let date = Timestamp.parse(text) else {
                throw APIError.invalid("invalid_time", "'until' must be an RFC 3339 time", field: "until")
            }
            until = Timestamp.milliseconds(date)
            guard until! > now else { throw APIError.invalid("invalid_time", "'until' must be in the future", field: "until") }
        }
        guard try await Self.load(req.sql, id: id, now: now) != nil else { throw APIError.notFound("vendor") }
        let suspendedUntil = until
        try await inTransaction(req.db) { tx in
            try await tx.raw("""
                UPDATE vendors SET suspended_at = \(bind: now), suspended_until = \(bind: suspendedUntil), suspension_reason = \(bind: reason),
                suspended_by = \(bind: p.userId), updated_at = \(bind: now) WHERE user_id = \(bind: id)
                """).run()
            var details = ["vendorId": id, "reason": reason]
            if let suspendedUntil { details["until"] = Timestamp.format(milliseconds: suspendedUntil) }
            try await AuditLog.append(tx, at: now, actor: p.userId, action: "vendor.suspended", tenderId: nil, details: details)
        }
        return try await Self.load(req.sql, id: id, now: now)!
    }

    @Sendable func lift(req: Request) async throws -> VendorResponse {
        let p = try req.require(.admin, .procurement)
        let id = try pathID(req, "vendorId", "vendor")
        let now = req.tender.nowMillis
        guard let current = try await Self.load(req.sql, id: id, now: now) else { throw APIError.notFound("vendor") }
        guard current.suspended else { throw APIError.conflict("not_suspended", "the vendor is not suspended") }
        try await inTransaction(req.db) { tx in
            try await tx.raw("""
                UPDATE vendors SET suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL, suspended_by = NULL,
                updated_at = \(bind: now) WHERE user_id = \(bind: id)
                """).run()
            try await AuditLog.append(tx, at: now, actor: p.userId, action: "vendor.reinstated", tenderId: nil, details: ["vendorId": id])
        }
        return try await Self.load(req.sql, id: id, now: now)!
    }
}

/// A case-insensitive LIKE pattern for `q`, with LIKE's wildcards escaped (`ESCAPE '\'`).
func likePattern(_ q: String) -> String {
    let escaped = q.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    return "%" + escaped + "%"
}
