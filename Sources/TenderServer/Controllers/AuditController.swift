import Foundation
import SQLKit
import TenderDomain
import Vapor

struct AuditEntryResponse: Content {
    let seq: Int64
    let at: String
    let actor: String
    /// The actor's account name as recorded in the (hashed) entry; absent for `system` and for
    /// entries of chain version 1, written before names were recorded.
    let actorName: String?
    /// The entry's encoding version (1 or 2; see the README's audit section).
    let version: Int
    let action: String
    let tenderId: String?
    let details: String
    let prevHash: String
    let hash: String
}

struct AuditList: Content {
    let items: [AuditEntryResponse]
    let metadata: PageMetadata
}

struct AuditVerifyResponse: Content {
    let valid: Bool
    let length: Int64
    let head: String
    let firstInvalid: Int64?
    let problem: String?
}

struct AuditHeadResponse: Content {
    let length: Int64
    let head: String
    let at: String
}

/// docs/DESIGN.md §7. The log never holds anything the sealed-bid rules keep secret: commitments
/// are not logged one by one; the close is logged once, when first observed after the deadline,
/// with the count and the Merkle root that are public from then on (`tender.closed`).
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: list)
        routes.get("audit", "verify", use: verify)
        routes.get("audit", "head", use: head)
    }

    @Sendable func list(req: Request) async throws -> AuditList {
        _ = try req.require(.auditor, .admin)
        let page = try PageRequest(req)
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let raw = req.query[String.self, at: "tenderId"] {
            guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else { throw APIError.invalid("invalid_id", "tenderId must be a UUID", field: "tenderId") }
            conditions.append("tender_id = \(bind: id)")
        }
        if let action = req.query[String.self, at: "action"] {
            guard action.count <= 64 else { throw APIError.invalid("invalid_query", "action is at most 64 characters", field: "action") }
            conditions.append("action = \(bind: action)")
        }
        if let actor = req.query[String.self, at: "actor"] {
            guard actor.count <= 64 else { throw APIError.invalid("invalid_query", "actor is at most 64 characters", field: "actor") }
            conditions.append("actor = \(bind: actor)")
        }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        let total = try await req.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE \(whereClause)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await req.sql.raw("""
            SELECT seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name FROM audit_log WHERE \(whereClause)
            ORDER BY seq DESC LIMIT \(bind: Int64(page.per)) OFFSET \(bind: Int64(page.offset))
            """).all()
        return AuditList(items: try rows.map { row in
            let actor = try row.decode(column: "actor", as: String.self)
            return AuditEntryResponse(
                seq: try row.decode(column: "seq", as: Int64.self), at: Timestamp.format(milliseconds: try row.decode(column: "at", as: Int64.self)),
                actor: actor, actorName: try row.decode(column: "actor_name", as: String?.self),
                version: Int(try row.decode(column: "version", as: Int64.self)), action: try row.decode(column: "action", as: String.self),
                tenderId: try row.decode(column: "tender_id", as: String?.self), details: try row.decode(column: "details", as: String.self),
                prevHash: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
        }, metadata: page.metadata(total: total))
    }

    @Sendable func verify(req: Request) async throws -> AuditVerifyResponse {
        _ = try req.require(.auditor, .admin)
        let v = try await AuditLog.verify(req.sql)
        return AuditVerifyResponse(valid: v.valid, length: v.length, head: v.head, firstInvalid: v.firstInvalid, problem: v.problem?.rawValue)
    }

    /// Public: the current length and head hash, for outsiders to anchor (publish, timestamp) it.
    @Sendable func head(req: Request) async throws -> AuditHeadResponse {
        guard let row = try await req.sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else { throw APIError.notFound("audit head") }
        return AuditHeadResponse(
            length: try row.decode(column: "seq", as: Int64.self), head: try row.decode(column: "hash", as: String.self),
            at: Timestamp.format(milliseconds: req.tender.nowMillis))
    }
}

/// Records what time alone makes happen, once, whichever instance sees it first: obligations that
/// became overdue, and the close of bidding. Safe with several instances on one database: the
/// conditional UPDATE and the audit log's unique `once_key` decide, not a lock in memory.
enum Sweeper {
    struct Report: Sendable, Equatable {
        var overdue = 0
        var closed = 0
    }

    static func sweep(_ app: Application) async throws -> Report {
        let db = app.sql
        let now = app.tender.nowMillis
        var report = Report()
        let overdue = try await db.raw("""
            SELECT id, tender_id, kind, due_at FROM obligations
            WHERE met_at IS NULL AND cancelled_at IS NULL AND overdue_recorded_at IS NULL AND due_at <= \(bind: now)
            ORDER BY due_at LIMIT 1000
            """).all()
        for row in overdue {
            let id = try row.decode(column: "id", as: String.self)
            let tenderId = try row.decode(column: "tender_id", as: String.self)
            let kind = try row.decode(column: "kind", as: String.self)
            let due = try row.decode(column: "due_at", as: Int64.self)
            do {
                let recorded = try await inTransaction(app.db) { tx -> Bool in
                    guard try await tx.raw("""
                        UPDATE obligations SET overdue_recorded_at = \(bind: now) WHERE id = \(bind: id) AND overdue_recorded_at IS NULL AND met_at IS NULL RETURNING id
                        """).first() != nil else { return false }
                    try await AuditLog.append(tx, at: now, actor: "system", action: .obligationOverdue, tenderId: tenderId, details: [
                        "obligationId": id, "kind": kind, "dueAt": Timestamp.format(milliseconds: due),
                    ], onceKey: "overdue:\(id)")
                    return true
                }
                if recorded { report.overdue += 1 }
            } catch where error.isUniqueViolation {
                continue  // another instance recorded it first
            }
        }
        let closing = try await db.raw("""
            SELECT t.id FROM tenders t WHERE t.status = 'published' AND t.submission_deadline <= \(bind: now)
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.once_key = 'closed:' || t.id)
            ORDER BY t.submission_deadline LIMIT 1000
            """).all().map { try $0.decode(column: "id", as: String.self) }
        for tenderId in closing {
            let commitments = try await db.raw("""
                SELECT commitment FROM bids WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL ORDER BY commitment
                """).all().map { try $0.decode(column: "commitment", as: String.self) }
            let root = Commitment.hex(MerkleTree.root(commitments.map { Commitment.bytes(hex: $0) ?? [] }))
            do {
                try await inTransaction(app.db) { tx in
                    try await AuditLog.append(tx, at: now, actor: "system", action: .tenderClosed, tenderId: tenderId, details: [
                        "commitments": String(commitments.count), "root": root,
                    ], onceKey: "closed:\(tenderId)")
                }
                report.closed += 1
            } catch where error.isUniqueViolation {
                continue
            }
        }
        return report
    }

    /// Runs `sweep` every `interval` seconds while the server runs.
    struct Lifecycle: LifecycleHandler {
        let interval: TimeInterval
        let task = TaskBox()

        final class TaskBox: @unchecked Sendable {
            var task: Task<Void, Never>?
        }

        func didBootAsync(_ app: Application) async throws {
            let interval = self.interval
            task.task = Task {
                while !Task.isCancelled {
                    do {
                        _ = try await Sweeper.sweep(app)
                    } catch {
                        app.logger.error("sweeper: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
        }

        func shutdownAsync(_ app: Application) async {
            task.task?.cancel()
        }
    }
}

/// `tender-server audit verify`: exits non-zero when the chain is broken.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit log's hash chain (tender-server audit verify)." }

    struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw Broken(description: "unknown action '\(signature.action)'; use: audit verify") }
        let start = ContinuousClock.now
        let v = try await AuditLog.verify(context.application.sql)
        let elapsed = ContinuousClock.now - start
        if v.valid {
            context.console.print("audit log valid: \(v.length) entries, head \(v.head) (\(elapsed))")
        } else {
            throw Broken(description: "audit log BROKEN at entry \(v.firstInvalid ?? -1) (\(v.problem?.rawValue ?? "?")); \(v.length) entries read")
        }
    }
}
