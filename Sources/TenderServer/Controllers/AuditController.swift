import Foundation
import TenderDomain
import Vapor

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
        _ = try req.require(.readAudit)
        let page = try PageRequest(req)
        var filter = AuditStore.Filter()
        if let raw = req.query[String.self, at: "tenderId"] {
            guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
                throw APIError.invalid("invalid_id", "tenderId must be a UUID", field: "tenderId")
            }
            filter.tenderId = id
        }
        if let action = req.query[String.self, at: "action"] {
            guard action.count <= 64 else { throw APIError.invalid("invalid_query", "action is at most 64 characters", field: "action") }
            filter.action = action
        }
        if let actor = req.query[String.self, at: "actor"] {
            guard actor.count <= 64 else { throw APIError.invalid("invalid_query", "actor is at most 64 characters", field: "actor") }
            filter.actor = actor
        }
        let result = try await AuditStore.list(req.sql, filter, limit: page.per, offset: page.offset)
        return AuditList(items: result.items.map(AuditEntryResponse.init), metadata: page.metadata(total: result.total))
    }

    @Sendable func verify(req: Request) async throws -> AuditVerifyResponse {
        _ = try req.require(.readAudit)
        let v = try await AuditStore.verify(req.sql)
        return AuditVerifyResponse(
            valid: v.valid, length: v.length, head: v.head, firstInvalid: v.firstInvalid, problem: v.problem?.rawValue)
    }

    /// Public: the current length and head hash, for outsiders to anchor (publish, timestamp) it.
    @Sendable func head(req: Request) async throws -> AuditHeadResponse {
        guard let head = try await AuditStore.head(req.sql) else { throw APIError.notFound("audit head") }
        return AuditHeadResponse(length: head.length, head: head.hash, at: Timestamp.format(milliseconds: req.tender.nowMillis))
    }
}
