import Crypto
import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit
import TenderDomain

/// Appends to the SHA-256 chained audit log inside the caller's transaction (docs/DESIGN.md §7).
/// The head row is updated first: that takes PostgreSQL's row lock or SQLite's write lock, so
/// concurrent appenders queue and sequence numbers stay gap-free (a rollback undoes the increment).
enum AuditStore {
    /// Sorted keys, so that the stored text (which the hash covers) is canonical.
    static func json(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(details)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// SHA-256 (hex) of a text, for entries that prove what was said without repeating it.
    static func sha256(_ text: String) -> String { Commitment.hex(SHA256.hash(data: Data(text.utf8))) }

    @discardableResult
    static func append(
        _ tx: any SQLDatabase, at: Int64, actor: String, action: AuditAction, tenderId: String?, details: [String: String] = [:],
        onceKey: String? = nil
    ) async throws -> Int64 {
        guard let head = try await tx.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").first() else {
            throw AuditError(description: "the audit_head row is missing")
        }
        let seq = try head.decode(column: "seq", as: Int64.self)
        let prev = try head.decode(column: "hash", as: String.self)
        let text = json(details)
        // The name the actor's account has now, written into the hashed entry: a later rename does
        // not change what the log says who did it.
        let actorName = try await tx.raw("SELECT name FROM users WHERE id = \(bind: actor)").first()?.decode(
            column: "name", as: String.self)
        let hash = AuditChain.hashV2(
            seq: seq, at: at, actor: actor, actorName: actorName, action: action.rawValue, tenderId: tenderId, details: text, prevHash: prev
        )
        try await tx.raw(
            """
            INSERT INTO audit_log (seq, at, actor, action, tender_id, details, prev_hash, hash, once_key, version, actor_name)
            VALUES (\(bind: seq), \(bind: at), \(bind: actor), \(bind: action.rawValue), \(bind: tenderId), \(bind: text), \(bind: prev), \(bind: hash), \(bind: onceKey),
            \(bind: Int64(AuditChain.currentVersion)), \(bind: actorName))
            """
        ).run()
        try await tx.raw("UPDATE audit_head SET hash = \(bind: hash) WHERE id = 1").run()
        return seq
    }

    /// One entry of `appendAll`.
    struct NewEntry: Sendable {
        let at: Int64
        let actor: String
        let action: AuditAction
        let tenderId: String?
        let details: [String: String]
    }

    /// Appends many entries in order with a handful of statements (one head update, one name
    /// lookup, multi-row INSERTs): the chain is the same as `append` one by one would write.
    static func appendAll(_ tx: any SQLDatabase, _ entries: [NewEntry]) async throws {
        guard !entries.isEmpty else { return }
        guard
            let head = try await tx.raw("UPDATE audit_head SET seq = seq + \(bind: Int64(entries.count)) WHERE id = 1 RETURNING seq, hash")
                .first()
        else { throw AuditError(description: "the audit_head row is missing") }
        var seq = try head.decode(column: "seq", as: Int64.self) - Int64(entries.count)
        var prev = try head.decode(column: "hash", as: String.self)
        var names: [String: String] = [:]
        for row in try await tx.raw("SELECT id, name FROM users WHERE id IN (\(binds: Array(Set(entries.map(\.actor)))))").all() {
            names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        var rows: [SQLQueryString] = []
        for e in entries {
            seq += 1
            let text = json(e.details)
            let name = names[e.actor]
            let hash = AuditChain.hashV2(
                seq: seq, at: e.at, actor: e.actor, actorName: name, action: e.action.rawValue, tenderId: e.tenderId, details: text,
                prevHash: prev)
            rows.append(
                """
                (\(bind: seq), \(bind: e.at), \(bind: e.actor), \(bind: e.action.rawValue), \(bind: e.tenderId), \(bind: text), \(bind: prev), \(bind: hash), NULL,
                \(bind: Int64(AuditChain.currentVersion)), \(bind: name))
                """)
            prev = hash
        }
        for start in stride(from: 0, to: rows.count, by: 500) {
            let values = rows[start..<min(start + 500, rows.count)].joined(separator: ", ")
            try await tx.raw(
                "INSERT INTO audit_log (seq, at, actor, action, tender_id, details, prev_hash, hash, once_key, version, actor_name) VALUES "
                    + values
            ).run()
        }
        try await tx.raw("UPDATE audit_head SET hash = \(bind: prev) WHERE id = 1").run()
    }

    /// SQLite: one statement stepped on the database thread, each row fed to the verifier there,
    /// without a hop to an event loop or a Decodable pass per row (1,000,000 entries in seconds).
    private static func verifySQLite(_ lite: any SQLiteDatabase) async throws -> AuditChain.Verifier {
        final class Box: @unchecked Sendable {  // rows arrive one after another on one thread
            var v = AuditChain.Verifier()
            var malformed = false
        }
        let box = Box()
        return try await lite.withConnection { conn in
            try await conn.query(
                "SELECT seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name FROM audit_log ORDER BY seq", []
            ) { row in
                guard let seq = row.column("seq")?.integer, let at = row.column("at")?.integer, let actor = row.column("actor")?.string,
                    let action = row.column("action")?.string, let details = row.column("details")?.string,
                    let prev = row.column("prev_hash")?.string, let hash = row.column("hash")?.string,
                    let version = row.column("version")?.integer
                else {
                    box.malformed = true
                    return
                }
                box.v.feed(
                    .init(
                        seq: Int64(seq), at: Int64(at), actor: actor, action: action, tenderId: row.column("tender_id")?.string,
                        details: details,
                        prevHash: prev, hash: hash, version: version, actorName: row.column("actor_name")?.string))
            }
            let head = try await conn.query("SELECT seq, hash FROM audit_head WHERE id = 1", [])
            if box.malformed { throw AuditError(description: "the audit log holds a row with a missing column") }
            box.v.finish(
                storedLength: Int64(head.first?.column("seq")?.integer ?? -1), storedHead: head.first?.column("hash")?.string ?? "")
            return box.v
        }
    }

    struct AuditError: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the chain in seq order and verifies it; also compares with the stored head.
    static func verify(_ db: any SQLDatabase, pageSize: Int = 20_000) async throws -> AuditChain.Verifier {
        if let lite = db as? any SQLiteDatabase { return try await verifySQLite(lite) }
        var v = AuditChain.Verifier()
        var after: Int64 = -1
        var rowsInPage = 0
        repeat {
            rowsInPage = 0
            let rows = try await db.raw(
                """
                SELECT seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name FROM audit_log
                WHERE seq > \(bind: after) ORDER BY seq LIMIT \(unsafeRaw: String(pageSize))
                """
            ).all()
            for row in rows {
                let e = AuditChain.Entry(
                    seq: try row.decode(column: "seq", as: Int64.self), at: try row.decode(column: "at", as: Int64.self),
                    actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
                    tenderId: try row.decode(column: "tender_id", as: String?.self),
                    details: try row.decode(column: "details", as: String.self),
                    prevHash: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self),
                    version: Int(try row.decode(column: "version", as: Int64.self)),
                    actorName: try row.decode(column: "actor_name", as: String?.self))
                v.feed(e)
                after = e.seq
                rowsInPage += 1
            }
        } while rowsInPage == pageSize
        let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()
        v.finish(
            storedLength: try head?.decode(column: "seq", as: Int64.self) ?? -1,
            storedHead: try head?.decode(column: "hash", as: String.self) ?? "")
        return v
    }
}

extension AuditStore {
    /// An entry as stored.
    struct Entry: Sendable {
        let seq: Int64
        let at: Int64
        let actor: String
        let actorName: String?
        let version: Int
        let action: String
        let tenderId: String?
        let details: String
        let prevHash: String
        let hash: String
    }

    struct Filter: Sendable {
        var tenderId: String?
        var action: String?
        var actor: String?
    }

    /// One page, newest first, and the number of matching entries.
    static func list(_ db: any SQLDatabase, _ f: Filter, limit: Int, offset: Int) async throws -> (total: Int64, items: [Entry]) {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let id = f.tenderId { conditions.append("tender_id = \(bind: id)") }
        if let action = f.action { conditions.append("action = \(bind: action)") }
        if let actor = f.actor { conditions.append("actor = \(bind: actor)") }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM audit_log WHERE \(whereClause)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            """
            SELECT seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name FROM audit_log WHERE \(whereClause)
            ORDER BY seq DESC LIMIT \(bind: Int64(limit)) OFFSET \(bind: Int64(offset))
            """
        ).all()
        return (
            total,
            try rows.map { row in
                Entry(
                    seq: try row.decode(column: "seq", as: Int64.self), at: try row.decode(column: "at", as: Int64.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    actorName: try row.decode(column: "actor_name", as: String?.self),
                    version: Int(try row.decode(column: "version", as: Int64.self)),
                    action: try row.decode(column: "action", as: String.self),
                    tenderId: try row.decode(column: "tender_id", as: String?.self),
                    details: try row.decode(column: "details", as: String.self),
                    prevHash: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
            }
        )
    }

    /// The chain's length and head hash.
    static func head(_ db: any SQLDatabase) async throws -> (length: Int64, hash: String)? {
        guard let row = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else { return nil }
        return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }
}
