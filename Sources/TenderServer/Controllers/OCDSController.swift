import Foundation
import TenderDomain
import Vapor

/// `GET /api/v1/tenders/{id}/ocds`: the tender as an Open Contracting Data Standard 1.1 release
/// package (`OCDSQueries`), valid against the official 1.1.5 schema (checked in `.ci/run`).
struct OCDSController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "ocds", use: package)
    }

    @Sendable func package(req: Request) async throws -> OCDS.Package {
        try await OCDSQueries.package(req.useCase, tender: try await req.visibleTender())
    }
}
