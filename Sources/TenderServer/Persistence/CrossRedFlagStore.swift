import Foundation
import SQLKit
import TenderDomain

/// Red flags across tenders as stored: `cross_red_flags` with their vendors, replaced as a whole
/// by each refresh; and the standing awards they are computed from.
enum CrossRedFlagStore {
    struct Row: Sendable {
        let id: String
        let code: RedFlag.Code
        let departmentId: String?
        let vendorIds: [String]
        let tenderIds: [String]
        let evidence: [String: JSONValue]
        let computedAt: Int64
    }

    /// Every standing award with its tender's department (through its request) and its bidders.
    static func awards(_ db: any SQLDatabase) async throws -> [CrossTenderFlags.Award] {
        var bidders: [String: Set<String>] = [:]
        for row in try await db.raw(
            """
            SELECT b.tender_id, b.vendor_id FROM bids b JOIN awards a ON a.active_tender = b.tender_id WHERE b.active_vendor IS NOT NULL
            """
        ).all() {
            bidders[try row.decode(column: "tender_id", as: String.self), default: []].insert(
                try row.decode(column: "vendor_id", as: String.self))
        }
        return try await db.raw(
            """
            SELECT a.tender_id, a.vendor_id, a.awarded_at, r.department_id FROM awards a JOIN tenders t ON t.id = a.tender_id
            LEFT JOIN outsourcing_requests r ON r.id = t.request_id WHERE a.active_tender IS NOT NULL
            """
        ).all().map { row in
            let tender = try row.decode(column: "tender_id", as: String.self)
            return CrossTenderFlags.Award(
                tenderId: tender, departmentId: try row.decode(column: "department_id", as: String?.self),
                awardedAt: Timestamp.date(milliseconds: try row.decode(column: "awarded_at", as: Int64.self)),
                winnerId: try row.decode(column: "vendor_id", as: String.self), bidderIds: bidders[tender] ?? [])
        }
    }

    static func replaceAll(_ tx: any SQLDatabase, _ rows: [Row], at ms: Int64) async throws {
        try await tx.raw(
            """
            INSERT INTO cross_red_flag_refresh (id, computed_at) VALUES (1, \(bind: ms))
            ON CONFLICT (id) DO UPDATE SET computed_at = excluded.computed_at
            """
        ).run()
        try await tx.raw("DELETE FROM cross_red_flag_vendors").run()
        try await tx.raw("DELETE FROM cross_red_flags").run()
        for start in stride(from: 0, to: rows.count, by: 200) {
            let chunk = rows[start..<min(start + 200, rows.count)]
            let values = chunk.map { r -> SQLQueryString in
                "(\(bind: r.id), \(bind: r.code.rawValue), \(bind: r.departmentId), \(bind: json(r.vendorIds)), \(bind: json(r.tenderIds)), \(bind: json(r.evidence)), \(bind: r.computedAt))"
            }.joined(separator: ", ")
            let links = chunk.flatMap { r in Set(r.vendorIds).map { v -> SQLQueryString in "(\(bind: r.id), \(bind: v))" } }
            try await tx.raw(
                "INSERT INTO cross_red_flags (id, code, department_id, vendor_ids, tender_ids, evidence, computed_at) VALUES " + values
            ).run()
            if !links.isEmpty {
                try await tx.raw("INSERT INTO cross_red_flag_vendors (flag_id, vendor_id) VALUES " + links.joined(separator: ", ")).run()
            }
        }
    }

    static func json<T: Encodable>(_ v: T) -> String { String(decoding: try! JSONEncoder().encode(v), as: UTF8.self) }

    struct Filter: Sendable {
        var vendorId: String?
        var departmentId: String?
        var code: RedFlag.Code?
    }

    /// One page, newest computation first then by code and id, and the total.
    static func page(_ db: any SQLDatabase, _ f: Filter, limit: Int, offset: Int) async throws -> (total: Int64, items: [Row]) {
        var from: SQLQueryString = " FROM cross_red_flags c"
        var conditions: [SQLQueryString] = []
        if let v = f.vendorId {
            from = from + " JOIN cross_red_flag_vendors cv ON cv.flag_id = c.id"
            conditions.append("cv.vendor_id = \(bind: v)")
        }
        if let d = f.departmentId { conditions.append("c.department_id = \(bind: d)") }
        if let code = f.code { conditions.append("c.code = \(bind: code.rawValue)") }
        var whereClause: SQLQueryString = ""
        for (i, c) in conditions.enumerated() { whereClause = whereClause + (i == 0 ? " WHERE " : " AND ") + c }
        let total = try await db.raw("SELECT COUNT(*) AS n" + from + whereClause).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            "SELECT c.id, c.code, c.department_id, c.vendor_ids, c.tender_ids, c.evidence, c.computed_at" + from + whereClause
                + " ORDER BY c.code, c.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (
            total,
            try rows.compactMap { row in
                guard let code = RedFlag.Code(rawValue: try row.decode(column: "code", as: String.self)) else { return nil }
                func list(_ c: String) throws -> [String] {
                    try JSONDecoder().decode([String].self, from: Data(try row.decode(column: c, as: String.self).utf8))
                }
                return Row(
                    id: try row.decode(column: "id", as: String.self), code: code,
                    departmentId: try row.decode(column: "department_id", as: String?.self),
                    vendorIds: try list("vendor_ids"), tenderIds: try list("tender_ids"),
                    evidence: try JSONDecoder().decode(
                        [String: JSONValue].self, from: Data(try row.decode(column: "evidence", as: String.self).utf8)),
                    computedAt: try row.decode(column: "computed_at", as: Int64.self))
            }
        )
    }

    /// When the flags were last computed; nil before the first time.
    static func computedAt(_ db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT computed_at FROM cross_red_flag_refresh WHERE id = 1").first()?.decode(
            column: "computed_at", as: Int64.self)
    }
}
