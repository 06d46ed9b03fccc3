import Foundation
import SQLKit
import TenderDomain

/// Vendor profiles and suspensions: `vendors` with their `users` rows.
enum VendorStore {
    static func find(_ db: any SQLDatabase, id: String) async throws -> VendorRecord? {
        try await db.raw(
            "SELECT " + VendorRecord.columns + " FROM vendors v JOIN users u ON u.id = v.user_id WHERE v.user_id = \(bind: id)"
        )
        .first().map(VendorRecord.init(row:))
    }

    /// The vendors with these ids.
    static func some(_ db: any SQLDatabase, ids: [String]) async throws -> [VendorRecord] {
        guard !ids.isEmpty else { return [] }
        return try await db.raw(
            "SELECT " + VendorRecord.columns + " FROM vendors v JOIN users u ON u.id = v.user_id WHERE v.user_id IN (\(binds: ids))"
        ).all().map(VendorRecord.init(row:))
    }

    static func get(_ db: any SQLDatabase, id: String) async throws -> VendorRecord {
        guard let v = try await find(db, id: id) else { throw APIError.notFound("vendor") }
        return v
    }

    /// One page by name; `text` searches (case-insensitively) name, registration number and e-mail.
    static func list(_ db: any SQLDatabase, text: String?, limit: Int, offset: Int) async throws -> (total: Int64, items: [VendorRecord]) {
        var filter: SQLQueryString = ""
        if let text {
            let pattern = likePattern(text)
            filter =
                " WHERE (LOWER(u.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(v.registration_number) LIKE \(bind: pattern) ESCAPE '\\' OR u.email LIKE \(bind: pattern) ESCAPE '\\')"
        }
        let from: SQLQueryString = " FROM vendors v JOIN users u ON u.id = v.user_id"
        let total = try await db.raw("SELECT COUNT(*) AS n" + from + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            "SELECT " + VendorRecord.columns + from + filter + " ORDER BY u.name, u.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (total, try rows.map(VendorRecord.init(row:)))
    }

    static func updateProfile(_ tx: any SQLDatabase, _ v: VendorRecord, at ms: Int64) async throws {
        try await tx.raw("UPDATE users SET name = \(bind: v.name) WHERE id = \(bind: v.id)").run()
        try await tx.raw(
            """
            UPDATE vendors SET contact_name = \(bind: v.contactName), phone = \(bind: v.phone), address = \(bind: v.address), updated_at = \(bind: ms)
            WHERE user_id = \(bind: v.id)
            """
        ).run()
    }

    static func suspend(_ tx: any SQLDatabase, id: String, until: Int64?, reason: String, by userId: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE vendors SET suspended_at = \(bind: ms), suspended_until = \(bind: until), suspension_reason = \(bind: reason),
            suspended_by = \(bind: userId), updated_at = \(bind: ms) WHERE user_id = \(bind: id)
            """
        ).run()
    }

    static func lift(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE vendors SET suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL, suspended_by = NULL,
            updated_at = \(bind: ms) WHERE user_id = \(bind: id)
            """
        ).run()
    }
}
