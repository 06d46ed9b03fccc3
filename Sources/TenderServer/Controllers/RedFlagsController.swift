import Foundation
import TenderDomain
import Vapor

/// Integrity red flags (docs/DESIGN.md §14).
struct RedFlagsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "red-flags", use: forTender)
        routes.post("tenders", ":tenderId", "red-flags", "dismissals", use: dismiss)
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
