import Foundation
import TenderDomain
import Vapor

/// Integrity red flags (docs/DESIGN.md §14).
struct RedFlagsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "red-flags", use: forTender)
        routes.post("tenders", ":tenderId", "red-flags", "dismissals", use: dismiss)
        routes.get("red-flags", use: acrossTenders)
        routes.post("red-flags", "refresh", use: refresh)
        routes.post("red-flags", "dismissals", use: dismissAcross)
    }

    /// Across tenders, page by page: `vendorId`, `departmentId`, `code` and `status` filter.
    @Sendable func acrossTenders(req: Request) async throws -> CrossRedFlagList {
        _ = try req.require(.readCrossRedFlags)
        let page = try PageRequest(req)
        var filter = CrossRedFlagStore.Filter(vendorId: try req.queryID("vendorId"), departmentId: try req.queryID("departmentId"))
        if let text = req.query[String.self, at: "code"], !text.isEmpty {
            guard let code = RedFlag.Code(rawValue: text) else {
                throw APIError.invalid(
                    "invalid_field", "code must be one of \(RedFlag.Code.allCases.map(\.rawValue).joined(separator: ", "))", field: "code")
            }
            filter.code = code
        }
        filter.status = try req.statusFilter(CrossRedFlagStore.Status.self)
        let result = try await CrossRedFlagQueries.page(req.useCase, filter, limit: page.per, offset: page.offset)
        return CrossRedFlagList(result, metadata: page.metadata(total: result.total))
    }

    /// Auditors only: a flag across tenders dismissed with its reason (audited).
    @Sendable func dismissAcross(req: Request) async throws -> Response {
        let p = try req.require(.dismissRedFlags)
        let body = try req.content.decode(DismissRedFlagRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 2000, rule: .prose)
        let key = try Validate.requiredText(body.key, field: "key", max: 5000)
        let d = try await DismissCrossRedFlag(ctx: req.useCase).run(key: key, reason: reason, by: p)
        let response = Response(status: .created)
        try response.content.encode(DismissalResponse(d))
        return response
    }

    /// Auditors: recompute the flags across tenders now (the sweeper does every 10 minutes).
    @Sendable func refresh(req: Request) async throws -> RefreshResponse {
        _ = try req.require(.dismissRedFlags)
        return RefreshResponse(try await RefreshCrossTenderFlags(ctx: req.useCase).run())
    }

    @Sendable func forTender(req: Request) async throws -> RedFlagList {
        let t = try await req.visibleTender()
        return RedFlagList(try await RedFlagQueries.forTender(req.useCase, tender: t))
    }

    /// Auditors only: a flag dismissed with its reason (audited).
    @Sendable func dismiss(req: Request) async throws -> Response {
        let p = try req.require(.dismissRedFlags)
        let t = try await req.visibleTender()
        let body = try req.content.decode(DismissRedFlagRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 2000, rule: .prose)
        let key = try Validate.requiredText(body.key, field: "key", max: 5000)
        let d = try await DismissRedFlag(ctx: req.useCase).run(tender: t, key: key, reason: reason, by: p)
        let response = Response(status: .created)
        try response.content.encode(DismissalResponse(d))
        return response
    }
}
