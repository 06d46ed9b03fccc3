import Foundation
import TenderDomain

/// Reading outsourcing requests, as the caller may (`RequestAccess`).
enum RequestQueries {
    /// The departments whose requests a requester reads and files (its own and those below it);
    /// nil for the other roles. A requester without a department has none.
    static func ownDepartments(_ ctx: UseCaseContext, _ p: Principal) async throws -> Set<String>? {
        guard p.role == .requester else { return nil }
        guard let d = try await AccountStore.user(ctx.sql, id: p.userId)?.departmentId else { return [] }
        return try await DepartmentStore.subtree(ctx.sql, of: d)
    }

    /// The request, or 404 when the caller may not see it (its existence is not told either).
    static func visible(_ ctx: UseCaseContext, id: String, by p: Principal) async throws -> RequestRecord {
        let r = try await RequestStore.get(ctx.sql, id: id)
        let own = try await ownDepartments(ctx, p) ?? []
        guard RequestAccess.maySee(p.role, ownDepartments: own, requestDepartment: r.draft.departmentId) else {
            throw APIError.notFound("request")
        }
        return r
    }

    static func list(_ ctx: UseCaseContext, by p: Principal, status: RequestStatus?, departmentId: String?, limit: Int, offset: Int)
        async throws -> (total: Int64, items: [RequestRecord])
    {
        let filter = RequestStore.ListFilter(
            status: status, departmentId: departmentId, departments: try await ownDepartments(ctx, p))
        return try await RequestStore.list(ctx.sql, filter, limit: limit, offset: offset)
    }

    /// The request with what its page shows: its decisions and the names of the people involved.
    struct Detail: Sendable {
        let record: RequestRecord
        let decisions: [RequestDecisionRecord]
        let requesterName: String
        let departmentName: String
    }

    static func detail(_ ctx: UseCaseContext, _ r: RequestRecord) async throws -> Detail {
        Detail(
            record: r, decisions: try await RequestStore.decisions(ctx.sql, requestId: r.id),
            requesterName: try await AccountStore.user(ctx.sql, id: r.requesterId)?.name ?? "",
            departmentName: try await DepartmentStore.find(ctx.sql, id: r.draft.departmentId)?.name ?? "")
    }

    /// 403 unless the caller filed the request.
    static func requireRequester(_ r: RequestRecord, _ p: Principal) throws {
        guard r.requesterId == p.userId else {
            throw APIError(.forbidden, "not_your_request", "only the requester who filed this request may change or submit it")
        }
    }

    /// 403 when the caller filed the request itself: separation of duties.
    static func requireSeparateDuty(_ r: RequestRecord, _ p: Principal, _ action: String) throws {
        guard RequestAccess.mayAct(userId: p.userId, requesterId: r.requesterId) else {
            throw APIError(.forbidden, "own_request", "nobody may \(action) a request they filed themselves")
        }
    }
}

extension UseCaseContext {
    /// The draft checked against the policy, and its department against the requester's.
    func checkRequest(_ d: RequestDraft, by p: Principal) async throws {
        try RequestRules.validate(d, policy: app.config.outsourcing)
        guard try await DepartmentStore.find(sql, id: d.departmentId) != nil else {
            throw APIError.invalid("unknown_department", "departmentId names no department", field: "departmentId")
        }
        let own = try await RequestQueries.ownDepartments(self, p) ?? []
        guard own.contains(d.departmentId) else {
            throw APIError(
                .forbidden, "other_department",
                own.isEmpty
                    ? "your account belongs to no department; an admin must place it in one before you file requests"
                    : "a requester files requests for its own department (or one below it)")
        }
    }
}
