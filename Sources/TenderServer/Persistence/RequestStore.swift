import Foundation
import SQLKit
import TenderDomain

/// Outsourcing requests as stored: `outsourcing_requests` and `request_decisions`.
enum RequestStore {
    static func find(_ db: any SQLDatabase, id: String) async throws -> RequestRecord? {
        try await db.raw("SELECT " + RequestRecord.columns + " FROM outsourcing_requests WHERE id = \(bind: id)").first().map(
            RequestRecord.init(row:))
    }

    /// The request, or 404 `not_found`.
    static func get(_ db: any SQLDatabase, id: String) async throws -> RequestRecord {
        guard let r = try await find(db, id: id) else { throw APIError.notFound("request") }
        return r
    }

    /// The request as it is now, held until the transaction ends (see `TenderStore.lock`).
    static func lock(_ tx: any SQLDatabase, id: String) async throws -> RequestRecord {
        let suffix: SQLQueryString = tx.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard
            let row = try await tx.raw("SELECT " + RequestRecord.columns + " FROM outsourcing_requests WHERE id = \(bind: id)" + suffix)
                .first()
        else { throw APIError.notFound("request") }
        return try RequestRecord(row: row)
    }

    struct ListFilter: Sendable {
        var status: RequestStatus?
        var departmentId: String?
        /// A requester lists only these departments' requests.
        var departments: Set<String>?
    }

    /// One page, newest first, and the number of all matching requests.
    static func list(_ db: any SQLDatabase, _ f: ListFilter, limit: Int, offset: Int) async throws -> (total: Int64, items: [RequestRecord])
    {
        var conditions: [SQLQueryString] = []
        if let s = f.status { conditions.append("status = \(bind: s.rawValue)") }
        if let d = f.departmentId { conditions.append("department_id = \(bind: d)") }
        if let ds = f.departments { conditions.append(ds.isEmpty ? "1 = 0" : "department_id IN (\(binds: ds.sorted()))") }
        var whereClause: SQLQueryString = ""
        if let first = conditions.first { whereClause = " WHERE " + conditions.dropFirst().reduce(first) { $0 + " AND " + $1 } }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM outsourcing_requests" + whereClause).first()?.decode(column: "n", as: Int64.self)
            ?? 0
        let rows = try await db.raw(
            "SELECT " + RequestRecord.columns + " FROM outsourcing_requests" + whereClause
                + " ORDER BY created_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (total, try rows.map(RequestRecord.init(row:)))
    }

    static func decisions(_ db: any SQLDatabase, requestId: String) async throws -> [RequestDecisionRecord] {
        try await db.raw(
            """
            SELECT d.decision, d.reason, d.decided_by, u.name, d.decided_at FROM request_decisions d JOIN users u ON u.id = d.decided_by
            WHERE d.request_id = \(bind: requestId) ORDER BY d.number
            """
        ).all().map { row in
            RequestDecisionRecord(
                decision: RequestDecision(rawValue: try row.decode(column: "decision", as: String.self)) ?? .returned,
                reason: try row.decode(column: "reason", as: String?.self),
                decidedBy: try row.decode(column: "decided_by", as: String.self),
                deciderName: try row.decode(column: "name", as: String.self),
                decidedAt: try row.decode(column: "decided_at", as: Int64.self))
        }
    }

    // MARK: writing

    static func insert(_ tx: any SQLDatabase, _ r: RequestRecord) async throws {
        let d = r.draft
        try await tx.raw(
            """
            INSERT INTO outsourcing_requests (id, title, scope, business_type, mode, department_id, requester_id, estimated_amount, currency,
            service_start, service_end, justification, method, selective_reason, status, created_at, updated_at)
            VALUES (\(bind: r.id), \(bind: d.title), \(bind: d.scope), \(bind: d.businessType), \(bind: d.mode.rawValue), \(bind: d.departmentId),
            \(bind: r.requesterId), \(bind: d.estimatedBudget.description), \(bind: d.currency), \(bind: d.serviceStart.description),
            \(bind: d.serviceEnd.description), \(bind: d.justification), \(bind: d.method.rawValue), \(bind: d.selectiveReason),
            \(bind: r.status.rawValue), \(bind: r.createdAt), \(bind: r.updatedAt))
            """
        ).run()
    }

    static func updateDraft(_ tx: any SQLDatabase, id: String, _ d: RequestDraft, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE outsourcing_requests SET title = \(bind: d.title), scope = \(bind: d.scope), business_type = \(bind: d.businessType),
            mode = \(bind: d.mode.rawValue), department_id = \(bind: d.departmentId), estimated_amount = \(bind: d.estimatedBudget.description),
            currency = \(bind: d.currency), service_start = \(bind: d.serviceStart.description), service_end = \(bind: d.serviceEnd.description),
            justification = \(bind: d.justification), method = \(bind: d.method.rawValue), selective_reason = \(bind: d.selectiveReason),
            updated_at = \(bind: ms) WHERE id = \(bind: id)
            """
        ).run()
    }

    static func submit(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw(
            "UPDATE outsourcing_requests SET status = 'submitted', submitted_at = \(bind: ms), updated_at = \(bind: ms) WHERE id = \(bind: id)"
        ).run()
    }

    static func decide(_ tx: any SQLDatabase, id: String, _ decision: RequestDecision, reason: String?, by actor: String, at ms: Int64)
        async throws
    {
        try await tx.raw(
            """
            UPDATE outsourcing_requests SET status = \(bind: decision.status.rawValue), decided_at = \(bind: ms), decided_by = \(bind: actor),
            updated_at = \(bind: ms) WHERE id = \(bind: id)
            """
        ).run()
        try await tx.raw(
            """
            INSERT INTO request_decisions (id, request_id, number, decision, reason, decided_by, decided_at)
            SELECT \(bind: newID()), \(bind: id), COUNT(*) + 1, \(bind: decision.rawValue), \(bind: reason), \(bind: actor), \(bind: ms)
            FROM request_decisions WHERE request_id = \(bind: id)
            """
        ).run()
    }

    static func price(_ tx: any SQLDatabase, id: String, amount: Money, currency: String, basis: String, by actor: String, at ms: Int64)
        async throws
    {
        try await tx.raw(
            """
            UPDATE outsourcing_requests SET status = 'priced', reference_amount = \(bind: amount.description),
            reference_currency = \(bind: currency), reference_basis = \(bind: basis), priced_at = \(bind: ms), priced_by = \(bind: actor),
            updated_at = \(bind: ms) WHERE id = \(bind: id)
            """
        ).run()
    }

    static func linkTender(_ tx: any SQLDatabase, id: String, tenderId: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE outsourcing_requests SET status = 'tendered', tender_id = \(bind: tenderId), tendered_at = \(bind: ms), updated_at = \(bind: ms)
            WHERE id = \(bind: id)
            """
        ).run()
    }
}
