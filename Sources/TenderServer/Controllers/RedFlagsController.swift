import Foundation
import TenderDomain
import Vapor

/// Integrity red flags (docs/DESIGN.md §14).
struct RedFlagsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "red-flags", use: forTender)
    }

    @Sendable func forTender(req: Request) async throws -> RedFlagList {
        let t = try await req.visibleTender()
        return RedFlagList(try await RedFlagQueries.forTender(req.useCase, tender: t))
    }
}
