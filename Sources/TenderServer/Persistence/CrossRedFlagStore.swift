import FluentSQLiteDriver
import Foundation
import SQLKit
import TenderDomain

/// Red flags across tenders as stored: `cross_red_flags` (named by their keys) with their vendors
/// and dismissals, brought up to date by each refresh; and the standing awards they are computed from.
enum CrossRedFlagStore {
    struct Row: Sendable {
        let id: String
        let code: RedFlag.Code
        let departmentId: String?
        let vendorIds: [String]
        let tenderIds: [String]
        let evidence: [String: JSONValue]
        /// When the flag took its current form.
        let computedAt: Int64
        let dismissed: Bool
    }

    /// Every standing award with its tender's department (through its request) and its bidders,
    /// read `chunk` awards at a time in tender order, so that no pooled connection is held for
    /// long (SQLite has one per event loop): one text column per award, its bidders aggregated in
    /// SQL, and on SQLite the rows parsed on the database thread as they are stepped, without a
    /// Decodable pass per row (as the audit verification does). 100,000 awards: Benchmarks/README.md.
    static func awards(_ db: any SQLDatabase, chunk: Int = 500) async throws -> [CrossTenderFlags.Award] {
        var all: [CrossTenderFlags.Award] = []
        var after = ""
        while true {
            let part = try await awards(db, after: after, limit: chunk)
            all += part
            guard part.count == chunk, let last = part.last?.tenderId else { return all }
            after = last
        }
    }

    private static func awards(_ db: any SQLDatabase, after: String, limit: Int) async throws -> [CrossTenderFlags.Award] {
        // The statement around its two parameters (the last tender read, the chunk's size). An
        // active bid's `active_vendor` is its vendor, and with `tender_id` it is an index
        // (`bids_one_active_per_vendor`): the bidders come from the index alone (half the time).
        func query(_ aggregate: String) -> (head: String, middle: String) {
            (
                """
                SELECT a.tender_id || '|' || a.vendor_id || '|' || CAST(a.awarded_at AS TEXT) || '|' || COALESCE(r.department_id, '') || '|'
                    || COALESCE((SELECT \(aggregate) FROM bids b WHERE b.tender_id = a.tender_id AND b.active_vendor IS NOT NULL), '') AS award
                FROM awards a JOIN tenders t ON t.id = a.tender_id LEFT JOIN outsourcing_requests r ON r.id = t.request_id
                WHERE a.active_tender >\u{20}
                """, " ORDER BY a.active_tender LIMIT "
            )
        }
        if let lite = db as? any SQLiteDatabase {
            final class Box: @unchecked Sendable {  // rows arrive one after another on one thread
                var awards: [CrossTenderFlags.Award] = []
            }
            let box = Box()
            let q = query("group_concat(b.active_vendor, ',')")
            let sql = q.head + "?" + q.middle + "?"
            return try await lite.withConnection { conn in
                try await conn.query(sql, [.text(after), .integer(limit)]) { row in
                    if let text = row.column("award")?.string, let a = award(text) { box.awards.append(a) }
                }
                return box.awards
            }
        }
        let q = query("string_agg(b.active_vendor, ',')")
        return try await db.raw("\(unsafeRaw: q.head)\(bind: after)\(unsafeRaw: q.middle)\(bind: limit)").all().compactMap {
            award(try $0.decode(column: "award", as: String.self))
        }
    }

    /// `tender|winner|awarded at (ms)|department or empty|bidder,bidder,…`, split as bytes (ids and
    /// digits are ASCII; splitting by `Character` costs a second at 100,000 awards).
    private static func award(_ text: String) -> CrossTenderFlags.Award? {
        let parts = text.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 5, let ms = Int64(String(decoding: parts[2], as: UTF8.self)) else { return nil }
        return CrossTenderFlags.Award(
            tenderId: String(decoding: parts[0], as: UTF8.self),
            departmentId: parts[3].isEmpty ? nil : String(decoding: parts[3], as: UTF8.self),
            awardedAt: Timestamp.date(milliseconds: ms), winnerId: String(decoding: parts[1], as: UTF8.self),
            bidderIds: Set(parts[4].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }))
    }

    /// Serializes a refresh's write with a dismissal on PostgreSQL (SQLite's write transactions
    /// already take turns), so that neither writes a flag's status from a stale read of the other.
    /// Locks the refresh row, which exists once any flag does.
    static func lock(_ tx: any SQLDatabase) async throws {
        guard tx.dialect.name != "sqlite" else { return }
        try await tx.raw("SELECT id FROM cross_red_flag_refresh WHERE id = 1 FOR UPDATE").run()
    }

    /// What a refresh compares: each stored flag's key and its content, as `fingerprint` writes it.
    static func fingerprints(_ db: any SQLDatabase) async throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try await db.raw("SELECT id, department_id, tender_ids, evidence, dismissed FROM cross_red_flags").all() {
            out[try row.decode(column: "id", as: String.self)] = fingerprint(
                departmentId: try row.decode(column: "department_id", as: String?.self),
                tenderIds: try row.decode(column: "tender_ids", as: String.self),
                evidence: try row.decode(column: "evidence", as: String.self),
                dismissed: try row.decode(column: "dismissed", as: Int64.self) != 0)
        }
        return out
    }

    static func fingerprint(_ r: Row) -> String {
        fingerprint(departmentId: r.departmentId, tenderIds: json(r.tenderIds), evidence: json(r.evidence), dismissed: r.dismissed)
    }

    private static func fingerprint(departmentId: String?, tenderIds: String, evidence: String, dismissed: Bool) -> String {
        [departmentId ?? "", tenderIds, evidence, dismissed ? "1" : "0"].joined(separator: "\u{1F}")
    }

    /// The tenders each dismissed flag covered when it was dismissed, by key.
    static func dismissedTenders(_ db: any SQLDatabase) async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in try await db.raw("SELECT flag_key, tender_ids FROM cross_red_flag_dismissals").all() {
            out[try row.decode(column: "flag_key", as: String.self)] = try list(row, "tender_ids")
        }
        return out
    }

    /// Writes what a refresh changed: new and changed flags (with their vendors), flags gone, and
    /// the time of the refresh.
    static func apply(_ tx: any SQLDatabase, upserts rows: [Row], deletes: [String], source: String, at ms: Int64) async throws {
        try await touch(tx, source: source, at: ms)
        for start in stride(from: 0, to: deletes.count, by: 200) {
            let ids = deletes[start..<min(start + 200, deletes.count)].map { id -> SQLQueryString in "\(bind: id)" }.joined(separator: ", ")
            try await tx.raw("DELETE FROM cross_red_flag_vendors WHERE flag_id IN (" + ids + ")").run()
            try await tx.raw("DELETE FROM cross_red_flags WHERE id IN (" + ids + ")").run()
        }
        for start in stride(from: 0, to: rows.count, by: 200) {
            let chunk = rows[start..<min(start + 200, rows.count)]
            let values = chunk.map { r -> SQLQueryString in
                "(\(bind: r.id), \(bind: r.code.rawValue), \(bind: r.departmentId), \(bind: json(r.vendorIds)), \(bind: json(r.tenderIds)), \(bind: json(r.evidence)), \(bind: r.computedAt), \(bind: r.dismissed ? 1 : 0))"
            }.joined(separator: ", ")
            let links = chunk.flatMap { r in Set(r.vendorIds).map { v -> SQLQueryString in "(\(bind: r.id), \(bind: v))" } }
            try await tx.raw(
                "INSERT INTO cross_red_flags (id, code, department_id, vendor_ids, tender_ids, evidence, computed_at, dismissed) VALUES "
                    + values
                        + """
                         ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id, tender_ids = excluded.tender_ids,
                        evidence = excluded.evidence, computed_at = excluded.computed_at, dismissed = excluded.dismissed
                        """
            ).run()
            if !links.isEmpty {
                try await tx.raw(
                    "INSERT INTO cross_red_flag_vendors (flag_id, vendor_id) VALUES " + links.joined(separator: ", ")
                        + " ON CONFLICT (vendor_id, flag_id) DO NOTHING"
                ).run()
            }
        }
    }

    /// JSON with sorted keys, so that equal content is equal text (`fingerprint`).
    static func json<T: Encodable>(_ v: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(v), as: UTF8.self)
    }

    private static func list(_ row: any SQLRow, _ column: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(try row.decode(column: column, as: String.self).utf8))
    }

    struct Dismissal: Sendable {
        let key: String
        let tenderIds: [String]
        let reason: String
        let by: String
        let at: Int64
    }

    /// One stored flag by its key, or nil.
    static func flag(_ db: any SQLDatabase, key: String) async throws -> Row? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM cross_red_flags c WHERE c.id = \(bind: key)").first().flatMap(row)
    }

    /// Records the flag's dismissal over its current tenders (replacing an earlier one that no
    /// longer covered it) and marks the flag dismissed.
    static func dismiss(_ tx: any SQLDatabase, _ d: Dismissal) async throws {
        try await tx.raw(
            """
            INSERT INTO cross_red_flag_dismissals (flag_key, tender_ids, reason, dismissed_by, dismissed_at)
            VALUES (\(bind: d.key), \(bind: json(d.tenderIds)), \(bind: d.reason), \(bind: d.by), \(bind: d.at))
            ON CONFLICT (flag_key) DO UPDATE SET tender_ids = excluded.tender_ids, reason = excluded.reason,
            dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at
            """
        ).run()
        try await tx.raw("UPDATE cross_red_flags SET dismissed = 1 WHERE id = \(bind: d.key)").run()
    }

    enum Status: String, CaseIterable, Sendable {
        case open, dismissed
    }

    struct Filter: Sendable {
        var vendorId: String?
        var departmentId: String?
        var code: RedFlag.Code?
        var status: Status?
    }

    private static let columns =
        "c.id, c.code, c.department_id, c.vendor_ids, c.tender_ids, c.evidence, c.computed_at, c.dismissed"

    private static func row(_ row: any SQLRow) throws -> Row? {
        guard let code = RedFlag.Code(rawValue: try row.decode(column: "code", as: String.self)) else { return nil }
        return Row(
            id: try row.decode(column: "id", as: String.self), code: code,
            departmentId: try row.decode(column: "department_id", as: String?.self),
            vendorIds: try list(row, "vendor_ids"), tenderIds: try list(row, "tender_ids"),
            evidence: try JSONDecoder().decode(
                [String: JSONValue].self, from: Data(try row.decode(column: "evidence", as: String.self).utf8)),
            computedAt: try row.decode(column: "computed_at", as: Int64.self),
            dismissed: try row.decode(column: "dismissed", as: Int64.self) != 0)
    }

    /// One page by code then key, each flag with its latest dismissal (which, on an open flag, is
    /// one a later tender reopened), and the total.
    static func page(_ db: any SQLDatabase, _ f: Filter, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [(flag: Row, dismissal: Dismissal?)]
    ) {
        var from: SQLQueryString = " FROM cross_red_flags c"
        var conditions: [SQLQueryString] = []
        if let v = f.vendorId {
            from = from + " JOIN cross_red_flag_vendors cv ON cv.flag_id = c.id"
            conditions.append("cv.vendor_id = \(bind: v)")
        }
        if let d = f.departmentId { conditions.append("c.department_id = \(bind: d)") }
        if let code = f.code { conditions.append("c.code = \(bind: code.rawValue)") }
        if let status = f.status { conditions.append("c.dismissed = \(bind: status == .dismissed ? 1 : 0)") }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await db.raw("SELECT COUNT(*) AS n" + from + whereClause).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: columns), d.tender_ids AS d_tender_ids, d.reason, d.dismissed_by, d.dismissed_at" + from
                + " LEFT JOIN cross_red_flag_dismissals d ON d.flag_key = c.id" + whereClause
                + " ORDER BY c.code, c.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (
            total,
            try rows.compactMap { r in
                guard let flag = try row(r) else { return nil }
                let dismissal = try r.decode(column: "reason", as: String?.self).map { reason in
                    Dismissal(
                        key: flag.id, tenderIds: try list(r, "d_tender_ids"), reason: reason,
                        by: try r.decode(column: "dismissed_by", as: String.self),
                        at: try r.decode(column: "dismissed_at", as: Int64.self))
                }
                return (flag, dismissal)
            }
        )
    }

    /// The names of the vendors (their users' names) and the titles of the tenders on a page, by id.
    static func labels(_ db: any SQLDatabase, vendorIds: Set<String>, tenderIds: Set<String>) async throws -> (
        vendors: [String: String], tenders: [String: String]
    ) {
        var vendors: [String: String] = [:]
        var tenders: [String: String] = [:]
        if !vendorIds.isEmpty {
            for row in try await db.raw("SELECT id, name FROM users WHERE id IN (\(binds: Array(vendorIds)))").all() {
                vendors[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        if !tenderIds.isEmpty {
            for row in try await db.raw("SELECT id, title FROM tenders WHERE id IN (\(binds: Array(tenderIds)))").all() {
                tenders[try row.decode(column: "id", as: String.self)] = try row.decode(column: "title", as: String.self)
            }
        }
        return (vendors, tenders)
    }

    /// A summary of what the flags are computed from: it changes with every award made or revoked,
    /// and every change to a vendor's profile or a request (clocks only move forward).
    static func source(_ db: any SQLDatabase) async throws -> String {
        guard
            let row = try await db.raw(
                """
                SELECT (SELECT COUNT(*) FROM awards) AS n, (SELECT COALESCE(MAX(awarded_at), 0) FROM awards) AS a,
                (SELECT COALESCE(MAX(revoked_at), 0) FROM awards) AS r, (SELECT COALESCE(MAX(updated_at), 0) FROM vendors) AS v,
                (SELECT COALESCE(MAX(updated_at), 0) FROM outsourcing_requests) AS q
                """
            ).first()
        else { return "" }
        return try ["n", "a", "r", "v", "q"].map { String(try row.decode(column: $0, as: Int64.self)) }.joined(separator: ":")
    }

    /// What the stored flags were computed from (`source`), or nil before the first time.
    static func storedSource(_ db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT source FROM cross_red_flag_refresh WHERE id = 1").first()?.decode(column: "source", as: String.self)
    }

    /// Records a computation (or a check that found nothing to compute) at `ms`.
    static func touch(_ db: any SQLDatabase, source: String, at ms: Int64) async throws {
        try await db.raw(
            """
            INSERT INTO cross_red_flag_refresh (id, computed_at, source) VALUES (1, \(bind: ms), \(bind: source))
            ON CONFLICT (id) DO UPDATE SET computed_at = excluded.computed_at, source = excluded.source
            """
        ).run()
    }

    /// When the flags were last computed; nil before the first time.
    static func computedAt(_ db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT computed_at FROM cross_red_flag_refresh WHERE id = 1").first()?.decode(
            column: "computed_at", as: Int64.self)
    }
}
